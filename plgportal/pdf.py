"""The one PDF helper: an HTML template under templates/pdf/ rendered by WeasyPrint."""

import atexit
import hashlib
import re
import threading
import unicodedata
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from plgportal.pdf_cache import cache_name, cache_read, cache_write

PDF_VARIANT = "pdf/ua-1"
STYLESHEET = Path(settings.BASE_DIR) / "templates" / "pdf" / "base.css"


# Stand-ins for the "generated at" stamp in the HTML that is hashed: a cached PDF keeps the
# stamp of its first rendering (when this version of the document was made), and a new stamp
# alone never makes a new PDF.
_STAMP_TEXT = "PLG-PDF-GENERATED-AT-TEXT"
_STAMP_ISO = "PLG-PDF-GENERATED-AT-ISO"


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template extending pdf/base.html. The context names the running header:
    `document_title`, `call_title` and, for a dossier's documents, `reference`;
    `generated_at` defaults to now. Fonts come from static/fonts (never the system's).

    Rendered once per version of the HTML (plgportal.pdf_cache): the same document asked again
    is read from storage, with the stamp of its first rendering."""
    generated_at = timezone.localtime(context.get("generated_at") or timezone.now())
    context = {
        "reference": "",
        **context,
        "generated_at": generated_at,
        "generated_text": mark_safe(_STAMP_TEXT),  # noqa: S308 (a constant)
        "generated_iso": mark_safe(_STAMP_ISO),  # noqa: S308 (a constant)
    }
    keyed_html = render_to_string(template_name, context)
    name = cache_name(Path(template_name).stem, keyed_html, renderer=_renderer())
    if (cached := cache_read(name)) is not None:
        return cached
    html = keyed_html.replace(
        _STAMP_TEXT, escape(formats.date_format(generated_at, "j F Y, H:i"))
    ).replace(_STAMP_ISO, escape(generated_at.isoformat(timespec="seconds")))
    data = _weasyprint(html)
    cache_write(name, data)
    return data


@lru_cache(maxsize=1)
def _renderer() -> str:
    # A new WeasyPrint or a new shared stylesheet draws differently: its PDFs are new versions.
    sheet = hashlib.sha256(STYLESHEET.read_bytes()).hexdigest()
    return f"weasyprint {version('weasyprint')} {PDF_VARIANT} css {sheet}"


# One parsed stylesheet and its fonts per thread: parsing base.css and loading its @font-face
# files cost each rendering more than drawing a page's text does. Per thread, not per process,
# because WeasyPrint's font configuration (a Pango font map) is not safe to share between
# threads (exports build in a thread when tasks run inline).
_styles = threading.local()
# Dropped before the interpreter tears its modules down: the font configuration's clean-up
# (deleting its copies of the fonts) needs them.
atexit.register(_styles.__dict__.clear)


def _shared_style():
    if getattr(_styles, "sheet", None) is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        _styles.fonts = FontConfiguration()
        _styles.sheet = CSS(
            string=STYLESHEET.read_text(encoding="utf-8"),
            base_url=str(settings.BASE_DIR / "static"),
            font_config=_styles.fonts,
        )
    return _styles.sheet, _styles.fonts


def _weasyprint(html: str) -> bytes:
    # Imported here: loading WeasyPrint parses its stylesheets, which every process start
    # (each manage.py command, each worker) would otherwise pay for.
    from weasyprint import HTML

    sheet, fonts = _shared_style()
    # base_url lets templates reference static files (the fonts) by path; nothing is fetched
    # over a network. PDF/UA-1: tagged structure, /Lang from <html lang>, the title shown
    # instead of the file name, XMP metadata; it costs about as much as plain tags (measured
    # with the dossier PDF, tests/plgportal/test_pdf_design.py).
    document = HTML(string=html, base_url=str(settings.BASE_DIR / "static"))
    return document.write_pdf(pdf_variant=PDF_VARIANT, stylesheets=[sheet], font_config=fonts)


def pdf_filename(dossier, *parts: str) -> str:
    """`PLG-2024-003-evaluatieverslag.pdf`: the dossier's reference and the parts, in ASCII
    letters, digits and dashes, so every browser and mail client keeps the name."""
    words = [dossier.reference or f"dossier-{dossier.pk}", *parts]
    text = unicodedata.normalize("NFKD", "-".join(words)).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") + ".pdf"
