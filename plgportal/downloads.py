"""One way to send a file (STYLE.md rule 15): a PDF, a spreadsheet, an uploaded letter, a
calendar feed. Every download is private (it passed a permission check or a secret link), so
no cache keeps it, and the browser takes its declared type at its word."""

import mimetypes
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

# The characters a quoted filename may hold without escaping (RFC 9110 quoted-string minus the
# quote and the backslash, which some browsers mishandle even when escaped).
_UNSAFE_IN_FALLBACK = {'"': "'", "\\": "_", "/": "_"}


def ascii_filename(filename: str) -> str:
    """`filename` in plain printable ASCII for the old `filename=` parameter: accents dropped
    (é → e), quotes and slashes replaced, anything else outside ASCII left out."""
    decomposed = unicodedata.normalize("NFKD", filename)
    kept = "".join(_UNSAFE_IN_FALLBACK.get(ch, ch) for ch in decomposed if " " <= ch <= "~").strip()
    return kept or "download"


def guess_content_type(filename: str) -> str:
    """The type an uploaded file's name says it has; a name that says nothing is sent as
    opaque bytes (with nosniff, the browser offers it for download and never runs it)."""
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def disposition(filename: str, *, inline: bool = False) -> str:
    """The Content-Disposition value: the ASCII fallback every client reads, plus the exact name
    in RFC 5987 form (`filename*=UTF-8''...`) when the fallback had to change it."""
    fallback = ascii_filename(filename)
    header = content_disposition_header(not inline, fallback)
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def file_response(
    content_or_file, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    """A download of `content_or_file` (bytes or text built in memory, or an open binary file,
    streamed and closed after sending) named `filename`: `attachment` unless `inline` (shown in
    the browser: a PDF to print, a calendar feed), never stored by a cache
    (`Cache-Control: no-store, private`), and not sniffed as another type
    (`X-Content-Type-Options: nosniff`)."""
    if isinstance(content_or_file, bytes | str):
        response = HttpResponse(content_or_file, content_type=content_type)
    else:
        response = FileResponse(content_or_file, content_type=content_type)
    response["Content-Disposition"] = disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
