"""What an uploaded file is, judged by its bytes alone: never by its name, its extension or the
content type the browser sent.

`inspect_pdf` accepts a readable, unencrypted PDF without active content (JavaScript, launch
actions, embedded files, XFA forms, multimedia, form actions that send or fetch data).
`inspect_attachment` accepts the allow-list of attachment types: PDF (inspected the same way),
PNG, JPEG, GIF, WebP, Office documents (OOXML without macros, OpenDocument) and UTF-8 text.
Both are pure functions of bytes, never raise, and name the reason of a refusal in the user's
language. Bytes that cannot be read are refused, not waved through.
"""

import io
import logging
import re
import time
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from enum import Enum

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# PDF readers accept the "%PDF-" header anywhere in the first 1024 bytes (some generators put
# a few bytes before it), so that is where we look for it, whatever else the bytes resemble.
PDF_HEADER = b"%PDF-"
PDF_HEADER_WINDOW = 1024

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileType:
    code: str
    extensions: tuple[str, ...]  # the first is the one a stored file gets
    content_type: str

    @property
    def extension(self) -> str:
        return self.extensions[0]


PDF = FileType("pdf", (".pdf",), "application/pdf")
PNG = FileType("png", (".png",), "image/png")
JPEG = FileType("jpeg", (".jpg", ".jpeg"), "image/jpeg")
GIF = FileType("gif", (".gif",), "image/gif")
WEBP = FileType("webp", (".webp",), "image/webp")
DOCX = FileType(
    "docx", (".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
XLSX = FileType(
    "xlsx", (".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)
PPTX = FileType(
    "pptx", (".pptx",), "application/vnd.openxmlformats-officedocument.presentationml.presentation"
)
ODT = FileType("odt", (".odt",), "application/vnd.oasis.opendocument.text")
ODS = FileType("ods", (".ods",), "application/vnd.oasis.opendocument.spreadsheet")
ODP = FileType("odp", (".odp",), "application/vnd.oasis.opendocument.presentation")
TEXT = FileType("text", (".txt", ".csv", ".md"), "text/plain")


@dataclass(frozen=True)
class Inspection:
    ok: bool
    reason: str = ""
    file_type: FileType | None = None


@dataclass(frozen=True)
class CheckedFile:
    """Bytes that passed an inspection: what to store, what they are, the name to show."""

    data: bytes
    file_type: FileType
    name: str

    def as_content_file(self, stem: str) -> ContentFile:
        """For a FileField: its upload_to keeps only the extension, which says the content."""
        return ContentFile(self.data, name=f"{stem}{self.file_type.extension}")


def _refused(reason) -> Inspection:
    return Inspection(False, str(reason))


def _size_refusal(data: bytes) -> Inspection | None:
    if not data:
        return _refused(_("Het bestand is leeg."))
    if len(data) > MAX_UPLOAD_BYTES:
        return _refused(
            _("Het bestand is groter dan %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    return None


# --- PDF ------------------------------------------------------------------------------------


class Finding(Enum):
    """Active content a PDF may hold; each refuses the file with its own reason."""

    JAVASCRIPT = "javascript"
    LAUNCH = "launch"
    OTHER_FILE = "other-file"
    EMBEDDED_FILE = "embedded-file"
    XFA = "xfa"
    MULTIMEDIA = "multimedia"
    FORM_ACTION = "form-action"


FINDING_REASONS = {
    Finding.JAVASCRIPT: gettext_lazy("Het bestand bevat JavaScript."),
    Finding.LAUNCH: gettext_lazy("Het bestand bevat een startopdracht (Launch)."),
    Finding.OTHER_FILE: gettext_lazy(
        "Het bestand bevat een koppeling die een ander bestand opent."
    ),
    Finding.EMBEDDED_FILE: gettext_lazy("Het bestand bevat een ingebed bestand (bijlage)."),
    Finding.XFA: gettext_lazy("Het bestand bevat een XFA-formulier."),
    Finding.MULTIMEDIA: gettext_lazy("Het bestand bevat multimedia (video, geluid of 3D)."),
    Finding.FORM_ACTION: gettext_lazy(
        "Het bestand bevat een formulieractie die gegevens verstuurt of ophaalt."
    ),
}


# Keys that only ever hold active content, wherever they appear: /JS (the script of any
# action), /JavaScript and /EmbeddedFiles (name trees of the catalog's /Names), /EF (the
# embedded stream of a file specification), /XFA (of the AcroForm), rich media content.
KEY_FINDINGS = {
    "/JS": Finding.JAVASCRIPT,
    "/JavaScript": Finding.JAVASCRIPT,
    "/EmbeddedFiles": Finding.EMBEDDED_FILE,
    "/EF": Finding.EMBEDDED_FILE,
    "/XFA": Finding.XFA,
    "/RichMediaContent": Finding.MULTIMEDIA,
    "/RichMediaSettings": Finding.MULTIMEDIA,
}
# Action types (/S) of open actions, additional actions (/AA), annotations, outline items and
# action chains (/Next). Links to web pages (/URI), pages (/GoTo) and named actions stay.
ACTION_FINDINGS = {
    "/JavaScript": Finding.JAVASCRIPT,
    "/Launch": Finding.LAUNCH,
    "/GoToR": Finding.OTHER_FILE,
    "/GoToE": Finding.EMBEDDED_FILE,
    "/SubmitForm": Finding.FORM_ACTION,
    "/ImportData": Finding.FORM_ACTION,
    "/RichMediaExecute": Finding.MULTIMEDIA,
    "/Rendition": Finding.MULTIMEDIA,
    "/Movie": Finding.MULTIMEDIA,
    "/Sound": Finding.MULTIMEDIA,
    "/GoTo3DView": Finding.MULTIMEDIA,
}
ANNOTATION_FINDINGS = {
    "/FileAttachment": Finding.EMBEDDED_FILE,
    "/RichMedia": Finding.MULTIMEDIA,
    "/Screen": Finding.MULTIMEDIA,
    "/Movie": Finding.MULTIMEDIA,
    "/Sound": Finding.MULTIMEDIA,
    "/3D": Finding.MULTIMEDIA,
}
TYPE_FINDINGS = {
    "/EmbeddedFile": Finding.EMBEDDED_FILE,
    "/Sound": Finding.MULTIMEDIA,
    "/3D": Finding.MULTIMEDIA,
}
VALUE_FINDINGS = (
    ("/S", ACTION_FINDINGS),
    ("/Subtype", ANNOTATION_FINDINGS),
    ("/Type", TYPE_FINDINGS),
)

# The walk's bounds. A letter has a few hundred objects; a 10 MB report a few tens of
# thousands. Objects missing from the cross-reference table make pypdf search the whole file.
MAX_PDF_NODES = 250_000
MAX_PDF_UNLISTED_OBJECTS = 50
MAX_PDF_SECONDS = 10.0


class TooComplex(Exception):
    """The walk over a PDF reached one of its bounds."""


def _resolved(value, walk: "PdfWalk"):
    if isinstance(value, IndirectObject):
        return walk.resolve(value)
    return value


def _is_javascript_uri(value) -> bool:
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not isinstance(value, str):
        return False
    # Browsers ignore whitespace and control characters inside a URL's scheme.
    return re.sub(r"[\x00-\x20]", "", value).lower().startswith("javascript:")


def _dictionary_finding(node: DictionaryObject, walk: "PdfWalk") -> Finding | None:
    for key, finding in KEY_FINDINGS.items():
        if key in node:
            return finding
    for key, table in VALUE_FINDINGS:
        value = _resolved(node.get(key), walk)
        if isinstance(value, str) and value in table:
            return table[value]
    if _is_javascript_uri(_resolved(node.get("/URI"), walk)):
        return Finding.JAVASCRIPT
    return None


class PdfWalk:
    """Every object pypdf can reach: the trailer and every object of the cross-reference
    table, so that an object no page refers to is judged too (another reader may repair its
    way to it). Each indirect object is visited once (reference cycles end); the number of
    nodes, of objects pypdf must search the file for, and the time taken are bounded."""

    def __init__(self, reader: PdfReader):
        self.reader = reader
        self.seen: set[tuple[int, int]] = set()
        self.nodes_left = MAX_PDF_NODES
        self.unlisted_left = MAX_PDF_UNLISTED_OBJECTS
        self.deadline = time.monotonic() + MAX_PDF_SECONDS

    def listed_references(self) -> list[IndirectObject]:
        reader = self.reader
        references = [
            IndirectObject(idnum, generation, reader)
            for generation, objects in reader.xref.items()
            for idnum in objects
        ]
        references += [IndirectObject(idnum, 0, reader) for idnum in reader.xref_objStm]
        return references

    def is_listed(self, reference: IndirectObject) -> bool:
        reader = self.reader
        return reference.idnum in reader.xref.get(reference.generation, {}) or (
            reference.generation == 0 and reference.idnum in reader.xref_objStm
        )

    def resolve(self, reference: IndirectObject):
        self.spend()
        if not self.is_listed(reference):
            self.unlisted_left -= 1
            if self.unlisted_left < 0:
                raise TooComplex
        return reference.get_object()

    def spend(self) -> None:
        self.nodes_left -= 1
        if self.nodes_left < 0 or time.monotonic() > self.deadline:
            raise TooComplex

    def first_finding(self) -> Finding | None:
        stack = [self.reader.trailer, *self.listed_references()]
        while stack:
            node = stack.pop()
            self.spend()
            if isinstance(node, IndirectObject):
                key = (node.idnum, node.generation)
                if key in self.seen:
                    continue
                self.seen.add(key)
                node = self.resolve(node)
            if isinstance(node, DictionaryObject):
                if finding := _dictionary_finding(node, self):
                    return finding
                stack.extend(_containers(node.values()))
            elif isinstance(node, ArrayObject):
                stack.extend(_containers(node))
        return None


def _containers(values) -> list:
    return [v for v in values if isinstance(v, (DictionaryObject, ArrayObject, IndirectObject))]


def _pdf_advice() -> str:
    return _(
        "Maak er een gewone PDF van (bijvoorbeeld met ‘Afdrukken als PDF’) en probeer het opnieuw."
    )


def inspect_pdf(data: bytes) -> Inspection:
    """Whether `data` is a PDF we accept: the header, then pypdf must open it, find it
    unencrypted, count at least one page and find no active content in any object."""
    if refusal := _size_refusal(data):
        return refusal
    if PDF_HEADER not in data[:PDF_HEADER_WINDOW]:
        return _refused(_("Dit bestand is geen PDF."))
    damaged = _("Deze PDF is beschadigd of onvolledig en kan niet geopend worden.")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return _refused(_("Beveiligde (versleutelde) PDF's worden niet aanvaard."))
        page_count = len(reader.pages)
        finding = PdfWalk(reader).first_finding()
    except TooComplex:
        logger.info("Refused a PDF too complex to inspect within bounds")
        return _refused(_("Dit bestand is te ingewikkeld om te controleren."))
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds of errors on bad input
        logger.info("Refused a PDF that pypdf cannot read: %r", exc)
        return _refused(damaged)
    if finding is not None:
        logger.info("Refused a PDF with active content: %s", finding.name)
        return _refused(f"{FINDING_REASONS[finding]} {_pdf_advice()}")
    if page_count < 1:
        return _refused(_("Deze PDF bevat geen enkele pagina."))
    return Inspection(True, file_type=PDF)


# --- Attachments ----------------------------------------------------------------------------

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc/.xls/.ppt, and macro projects
EXECUTABLE_MAGICS = (b"MZ", b"\x7fELF")
IMAGE_MAGICS = (
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
)
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
OPENDOCUMENT_TYPES = {file_type.content_type: file_type for file_type in (ODT, ODS, ODP)}
CONTENT_TYPES_NAMESPACE = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# Office documents may embed other Office documents (a chart's data); anything else embedded
# (OLE packages, executables, macro-enabled files) is an embedded file.
ALLOWED_EMBEDDINGS = (".docx", ".xlsx", ".pptx")
MAX_PACKAGE_ENTRIES = 5_000
MAX_PACKAGE_XML_BYTES = 1024 * 1024
# Control characters other than tab, line feed, vertical tab, form feed and carriage return.
BINARY_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
# Text that opens with a tag is markup (HTML, SVG, XML), not plain text.
MARKUP_START = re.compile(r"\s*<[!?a-zA-Z]")


class DamagedPackage(Exception):
    """A ZIP-based file whose archive cannot be read within bounds."""


def _package_entries(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    entries = archive.infolist()
    if len(entries) > MAX_PACKAGE_ENTRIES:
        raise DamagedPackage
    return entries


def _read_entry(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with archive.open(name) as entry:
        data = entry.read(limit + 1)
    if len(data) > limit:
        raise DamagedPackage
    return data


def _ooxml_type(archive: zipfile.ZipFile, names: set[str]) -> FileType | None:
    if "[Content_Types].xml" not in names:
        return None
    xml = _read_entry(archive, "[Content_Types].xml", MAX_PACKAGE_XML_BYTES)
    # Never in a real package. Without a DOCTYPE no entity can be declared, so the parser below
    # meets no entity expansion (billion laughs) and no external entity. A NUL byte means
    # UTF-16, in which this check would not see a DOCTYPE.
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml or b"\x00" in xml:
        raise DamagedPackage
    lowered = {name.lower() for name in names}
    for override in ET.fromstring(xml).iter(  # noqa: S314 - no DOCTYPE, see above
        f"{CONTENT_TYPES_NAMESPACE}Override"
    ):
        file_type = OOXML_MAIN_PARTS.get(override.get("ContentType", ""))
        part = override.get("PartName", "").lstrip("/").lower()
        if file_type is not None and part in lowered:
            return file_type
    return None


def _opendocument_type(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> FileType | None:
    if not entries or entries[0].filename != "mimetype":
        return None
    mimetype = _read_entry(archive, "mimetype", 100).decode("ascii", errors="replace").strip()
    return OPENDOCUMENT_TYPES.get(mimetype)


def _package_type(data: bytes) -> FileType | None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = _package_entries(archive)
        names = {entry.filename for entry in entries}
        return _opendocument_type(archive, entries) or _ooxml_type(archive, names)


def _is_macro_part(name: str) -> bool:
    name = name.lower()
    return (
        name.endswith("vbaproject.bin")  # OOXML macro project
        or "/activex/" in f"/{name}"  # OOXML ActiveX controls
        or name.startswith(("basic/", "scripts/"))  # OpenDocument macros and scripts
    )


def _is_foreign_embedding(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    name = entry.filename.lower()
    if entry.is_dir():
        return False
    if "/embeddings/" in f"/{name}" and not name.endswith(ALLOWED_EMBEDDINGS):
        return True
    # Whatever its name, an OLE object or a program inside the package is an embedded file.
    with archive.open(entry) as opened:
        start = opened.read(len(OLE2_MAGIC))
    return start.startswith((OLE2_MAGIC, *EXECUTABLE_MAGICS))


def _package_refusal(data: bytes) -> str | None:
    """Why a ZIP-based file (OOXML, OpenDocument, or another archive) is refused, if it is:
    macros, embedded files, or an archive we cannot read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = _package_entries(archive)
            if any(_is_macro_part(entry.filename) for entry in entries):
                return _("Het document bevat macro's of andere programmacode.")
            if any(_is_foreign_embedding(archive, entry) for entry in entries):
                return str(FINDING_REASONS[Finding.EMBEDDED_FILE])
    except Exception as exc:  # noqa: BLE001 - zipfile raises many kinds of errors on bad input
        logger.info("Refused an archive that cannot be read: %r", exc)
        return _("Dit bestand is beschadigd en kan niet geopend worden.")
    return None


def _is_plain_text(data: bytes) -> bool:
    if BINARY_CONTROL.search(data):
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not MARKUP_START.match(text)


def _is_webp(data: bytes) -> bool:
    return data[:4] == b"RIFF" and data[8:12] == b"WEBP"


def detect_type(data: bytes) -> FileType | None:
    """The allowed type the bytes are, by their signature and structure, or None. Says nothing
    about active content: `inspect_attachment` judges that."""
    if PDF_HEADER in data[:PDF_HEADER_WINDOW]:
        return PDF
    for magic, file_type in IMAGE_MAGICS:
        if data.startswith(magic):
            return file_type
    if _is_webp(data):
        return WEBP
    if data.startswith(ZIP_MAGIC):
        try:
            return _package_type(data)
        except Exception:  # noqa: BLE001 - zipfile and expat raise many kinds of errors
            return None
    if data and _is_plain_text(data):
        return TEXT
    return None


def _unaccepted_reason(data: bytes) -> str:
    if data.startswith(OLE2_MAGIC):
        return _(
            "Oude Office-bestanden (.doc, .xls, .ppt) worden niet aanvaard. Bewaar het bestand "
            "als .docx, .xlsx of .pptx, of als PDF, en probeer het opnieuw."
        )
    return _(
        "Dit bestandstype wordt niet aanvaard. U kunt een PDF, een afbeelding (PNG, JPEG, GIF of "
        "WebP), een Office-document (.docx, .xlsx, .pptx, .odt, .ods of .odp) of een "
        "tekstbestand (.txt) opladen."
    )


def inspect_attachment(data: bytes) -> Inspection:
    """Whether `data` is a file of an allowed type without active content; with its type."""
    if refusal := _size_refusal(data):
        return refusal
    if data.startswith(ZIP_MAGIC) and (reason := _package_refusal(data)):
        return _refused(reason)
    file_type = detect_type(data)
    if file_type is None:
        return _refused(_unaccepted_reason(data))
    if file_type == PDF:
        return inspect_pdf(data)
    return Inspection(True, file_type=file_type)


def name_for_type(original: str, file_type: FileType, max_length: int = 255) -> str:
    """The name to show and download a file by: the original, with an extension that says
    what the content is (`scan.png` holding a PDF becomes `scan.png.pdf`)."""
    if original.lower().endswith(file_type.extensions):
        return original[-max_length:]
    return f"{original[: max_length - len(file_type.extension)]}{file_type.extension}"
