"""What an uploaded file is, by its bytes alone: the PDF check with its active-content walk, and
the allow-list of attachment types. Pure functions: no database."""

import io

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from plgportal import uploads
from plgportal.uploads import (
    DOCX,
    GIF,
    JPEG,
    MAX_UPLOAD_BYTES,
    ODP,
    ODS,
    ODT,
    PDF,
    PNG,
    PPTX,
    TEXT,
    WEBP,
    XLSX,
    Inspection,
    detect_type,
    inspect_attachment,
    inspect_pdf,
    name_for_type,
)
from tests import hostile_files as files
from tests.factories import MINIMAL_PDF

DAMAGED = "Deze PDF is beschadigd of onvolledig en kan niet geopend worden."
NOT_ACCEPTED = "Dit bestandstype wordt niet aanvaard."
MACROS = "Het document bevat macro's of andere programmacode."
LEGACY = "Oude Office-bestanden (.doc, .xls, .ppt) worden niet aanvaard."


def encrypted_pdf(password: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password=password, owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _links_outline_and_metadata(writer):
    # What ordinary letters hold: a web link, a link to a page, an outline, document info.
    web_link = files.action("/URI", URI=TextStringObject("https://www.kbs-frb.be"))
    files.add_annotation(writer, "/Link", A=web_link)
    first_page = ArrayObject([writer.pages[0].indirect_reference, NameObject("/Fit")])
    files.add_annotation(writer, "/Link", Dest=first_page)
    writer.add_outline_item(title="Inleiding", page_number=0)
    writer.add_metadata({"/Title": "Letter of intent", "/Author": "VBS De Linde"})


def _reference_cycle(writer):
    # An object that refers to itself, and two that refer to each other: the walk must end.
    loop = DictionaryObject()
    loop_reference = writer._add_object(loop)
    loop[NameObject("/Self")] = loop_reference
    first, second = DictionaryObject(), DictionaryObject()
    first_reference, second_reference = writer._add_object(first), writer._add_object(second)
    first[NameObject("/Next")] = second_reference
    second[NameObject("/Next")] = first_reference
    writer._root_object[NameObject("/PieceInfo")] = first_reference


# inspect_pdf: what is accepted --------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(MINIMAL_PDF, id="minimal"),
        pytest.param(files.pdf_bytes(pages=3), id="three-pages"),
        pytest.param(b"\xef\xbb\xbf\r\n" + MINIMAL_PDF, id="a-few-bytes-before-the-header"),
        pytest.param(files.pdf_bytes(_links_outline_and_metadata), id="links-outline-metadata"),
        pytest.param(files.pdf_bytes(_reference_cycle), id="reference-cycles"),
    ],
)
def test_inspect_pdf_accepts_real_pdfs(data):
    assert inspect_pdf(data) == Inspection(ok=True, file_type=PDF)


def test_inspect_pdf_accepts_exactly_the_limit():
    # A real PDF whose page content is padded with a comment until it weighs exactly the limit.
    padding = MAX_UPLOAD_BYTES - 2000
    for _attempt in range(4):
        writer = PdfWriter()
        page = writer.add_blank_page(width=595, height=842)
        content = DecodedStreamObject()
        content.set_data(b"%" + b"x" * padding)
        page[NameObject("/Contents")] = writer._add_object(content)
        buffer = io.BytesIO()
        writer.write(buffer)
        padding += MAX_UPLOAD_BYTES - len(buffer.getvalue())
    assert len(buffer.getvalue()) == MAX_UPLOAD_BYTES
    assert inspect_pdf(buffer.getvalue()).ok is True


# inspect_pdf: what is refused, and why ------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "Het bestand is leeg.", id="empty"),
        pytest.param(b"Beste jury, wij steunen de PLG.\n", "Dit bestand is geen PDF.", id="text"),
        pytest.param(files.PNG, "Dit bestand is geen PDF.", id="png"),
        pytest.param(b"x" * 2000 + MINIMAL_PDF, "Dit bestand is geen PDF.", id="header-too-far-in"),
        pytest.param(
            encrypted_pdf("geheim"),
            "Beveiligde (versleutelde) PDF's worden niet aanvaard.",
            id="encrypted",
        ),
        pytest.param(
            encrypted_pdf(""),
            "Beveiligde (versleutelde) PDF's worden niet aanvaard.",
            id="encrypted-owner-password-only",
        ),
        pytest.param(MINIMAL_PDF[: len(MINIMAL_PDF) // 2], DAMAGED, id="truncated"),
        pytest.param(b"%PDF-1.7\n" + b"\x00garbage" * 50, DAMAGED, id="broken"),
        pytest.param(files.pdf_bytes(pages=0), "Deze PDF bevat geen enkele pagina.", id="no-pages"),
    ],
)
def test_inspect_pdf_refuses_with_reason(data, reason):
    assert inspect_pdf(data) == Inspection(ok=False, reason=reason)


def test_inspect_pdf_refuses_files_over_the_limit():
    data = MINIMAL_PDF + b"\n%" + b"0" * (MAX_UPLOAD_BYTES - len(MINIMAL_PDF))
    assert len(data) > MAX_UPLOAD_BYTES
    assert inspect_pdf(data).reason == "Het bestand is groter dan 10 MB."


@pytest.mark.parametrize(
    ("data", "reason"),
    [pytest.param(data, reason, id=kind) for kind, data, reason in files.hostile_pdfs()],
)
def test_inspect_pdf_refuses_active_content_naming_it(data, reason):
    inspection = inspect_pdf(data)

    assert (inspection.ok, inspection.reason.split(". ")[0] + ".") == (False, reason)
    assert "Afdrukken als PDF" in inspection.reason


def test_inspect_pdf_refuses_javascript_behind_escaped_names():
    # "/J#61vaScript" is the name /JavaScript written with an escaped "a".
    data = files.hostile_pdf("javascript-open-action").replace(b"/JavaScript", b"/J#61vaScript")

    assert inspect_pdf(data).reason.startswith(files.JS)


def test_inspect_pdf_refuses_what_it_cannot_walk_within_bounds(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PDF_NODES", 5)

    assert inspect_pdf(files.pdf_bytes(pages=3)) == Inspection(
        ok=False, reason="Dit bestand is te ingewikkeld om te controleren."
    )


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(
            b"%PDF-1.7\n1 0 obj\n" + b"[" * 50_000 + b"\nendobj\n%%EOF", id="deep-nesting"
        ),
        pytest.param(MINIMAL_PDF.replace(b"/Kids[3 0 R]", b"/Kids[2 0 R]"), id="page-tree-loop"),
        pytest.param(b"%PDF-" + bytes(range(256)) * 40, id="noise"),
    ],
)
def test_inspect_pdf_refuses_malformed_input_without_raising(data):
    assert inspect_pdf(data).ok is False


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(
            MINIMAL_PDF.replace(b"/Count 1", b"/Count 99999999999999999999"), id="huge-count"
        ),
        pytest.param(MINIMAL_PDF.replace(b"startxref\n164", b"startxref\n99999"), id="bad-xref"),
    ],
)
def test_inspect_pdf_walks_repairable_input(data):
    # pypdf repairs these as readers do; the walk then judges what was repaired.
    assert inspect_pdf(data) == Inspection(ok=True, file_type=PDF)


# Attachments ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "file_type"),
    [
        pytest.param(files.pdf_bytes(), PDF, id="pdf"),
        pytest.param(files.PNG, PNG, id="png"),
        pytest.param(files.JPEG, JPEG, id="jpeg"),
        pytest.param(files.GIF, GIF, id="gif"),
        pytest.param(files.WEBP, WEBP, id="webp"),
        pytest.param(files.ooxml_bytes("docx"), DOCX, id="docx"),
        pytest.param(files.ooxml_bytes("xlsx"), XLSX, id="xlsx"),
        pytest.param(files.ooxml_bytes("pptx"), PPTX, id="pptx"),
        pytest.param(files.opendocument_bytes("text"), ODT, id="odt"),
        pytest.param(files.opendocument_bytes("spreadsheet"), ODS, id="ods"),
        pytest.param(files.opendocument_bytes("presentation"), ODP, id="odp"),
        pytest.param(files.TEXT, TEXT, id="text"),
        pytest.param("Één ñandú, ça va.\r\n".encode(), TEXT, id="text-accents"),
        pytest.param(b"\xef\xbb\xbfnaam;school\r\nAn;De Linde\r\n", TEXT, id="csv-with-bom"),
        pytest.param(
            files.ooxml_bytes(
                "docx", extra=[("word/embeddings/Chart.xlsx", files.ooxml_bytes("xlsx"))]
            ),
            DOCX,
            id="docx-with-chart-workbook",
        ),
    ],
)
def test_inspect_attachment_accepts_allowed_types_by_content(data, file_type):
    assert detect_type(data) == file_type
    assert inspect_attachment(data) == Inspection(ok=True, file_type=file_type)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "Het bestand is leeg.", id="empty"),
        pytest.param(files.OLE2_DOC, LEGACY, id="old-word-document"),
        pytest.param(files.EXECUTABLE, NOT_ACCEPTED, id="executable"),
        pytest.param(
            b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", NOT_ACCEPTED, id="svg"
        ),
        pytest.param(b"\n  <!DOCTYPE html><script>alert(1)</script>", NOT_ACCEPTED, id="html"),
        pytest.param(b"<?xml version='1.0'?><x/>", NOT_ACCEPTED, id="xml"),
        pytest.param("Café".encode("latin-1"), NOT_ACCEPTED, id="text-not-utf8"),
        pytest.param(b"abc\x00def", NOT_ACCEPTED, id="text-with-nul"),
        pytest.param(b"abc\x01\x02def", NOT_ACCEPTED, id="control-characters"),
        pytest.param(b"RIFF\x00\x00\x00\x00WAVEfmt ", NOT_ACCEPTED, id="wave-sound"),
        pytest.param(files.zip_bytes([("run.sh", b"echo")]), NOT_ACCEPTED, id="plain-zip"),
        pytest.param(files.ZIP_HEADER_ONLY, "Dit bestand is beschadigd", id="broken-zip"),
        pytest.param(
            files.ooxml_bytes(
                "docx",
                content_type="application/vnd.ms-word.document.macroEnabled.main+xml",
                extra=[("word/vbaProject.bin", files.OLE2_DOC)],
            ),
            MACROS,
            id="docm",
        ),
        pytest.param(
            files.ooxml_bytes("xlsx", extra=[("xl/vbaProject.bin", files.OLE2_DOC)]),
            MACROS,
            id="xlsx-carrying-a-macro-project",
        ),
        pytest.param(
            files.ooxml_bytes("docx", extra=[("word/activeX/activeX1.bin", b"\x00")]),
            MACROS,
            id="activex-control",
        ),
        pytest.param(
            files.opendocument_bytes(extra=[("Basic/Standard/Module1.xml", b"<x/>")]),
            MACROS,
            id="opendocument-basic-macro",
        ),
        pytest.param(
            files.ooxml_bytes("docx", extra=[("word/embeddings/oleObject1.bin", files.OLE2_DOC)]),
            files.EMBEDDED,
            id="ole-package",
        ),
        pytest.param(
            files.ooxml_bytes("pptx", extra=[("ppt/media/image1.png", files.EXECUTABLE)]),
            files.EMBEDDED,
            id="program-disguised-as-image",
        ),
        pytest.param(files.opendocument_bytes("graphics"), NOT_ACCEPTED, id="opendocument-drawing"),
        pytest.param(
            files.ooxml_bytes("docx", content_type="application/xml"),
            NOT_ACCEPTED,
            id="no-main-part",
        ),
        pytest.param(
            files.zip_bytes([("[Content_Types].xml", b'<!DOCTYPE x [<!ENTITY a "a">]><x/>')]),
            NOT_ACCEPTED,
            id="entity-declaration",
        ),
    ],
)
def test_inspect_attachment_refuses_with_reason(data, reason):
    inspection = inspect_attachment(data)

    assert (inspection.ok, inspection.reason[: len(reason)]) == (False, reason)


def test_inspect_attachment_lists_what_is_accepted():
    assert inspect_attachment(files.EXECUTABLE).reason == (
        "Dit bestandstype wordt niet aanvaard. U kunt een PDF, een afbeelding (PNG, JPEG, GIF of "
        "WebP), een Office-document (.docx, .xlsx, .pptx, .odt, .ods of .odp) of een "
        "tekstbestand (.txt) opladen."
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [pytest.param(data, reason, id=kind) for kind, data, reason in files.hostile_pdfs()],
)
def test_inspect_attachment_inspects_pdfs_for_active_content(data, reason):
    assert inspect_attachment(data).reason.startswith(reason)


def test_inspect_attachment_judges_a_pdf_whatever_it_starts_like():
    # Readers find "%PDF-" anywhere in the first KB: a PNG signature in front does not make
    # the file an image.
    data = files.PNG + files.hostile_pdf("javascript-names-tree")

    assert detect_type(data) == PDF
    assert inspect_attachment(data).reason.startswith(files.JS)


@pytest.mark.parametrize(
    ("original", "file_type", "expected"),
    [
        ("draaiboek.pdf", PDF, "draaiboek.pdf"),
        ("Foto.JPEG", JPEG, "Foto.JPEG"),
        ("scan.png", PDF, "scan.png.pdf"),
        ("brief.pdf", PNG, "brief.pdf.png"),
        ("bronnen", TEXT, "bronnen.txt"),
        ("pagina.html", TEXT, "pagina.html.txt"),
        ("a" * 255, PDF, "a" * 251 + ".pdf"),
    ],
)
def test_name_for_type_says_what_the_content_is(original, file_type, expected):
    assert name_for_type(original, file_type) == expected
