"""The one PDF helper: an HTML template under templates/pdf/ rendered by WeasyPrint."""

import re
import unicodedata

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

PDF_VARIANT = "pdf/ua-1"
PDF_FONT = '"PLG Sans"'  # the @font-face family of templates/pdf/base.html


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template extending pdf/base.html. The context names the running header:
    `document_title`, `call_title` and, for a dossier's documents, `reference`;
    `generated_at` defaults to now. Fonts come from static/fonts (never the system's)."""
    # Imported here: loading WeasyPrint parses its stylesheets, which every process start
    # (each manage.py command, each worker) would otherwise pay for.
    from weasyprint import HTML

    context = {"generated_at": timezone.localtime(), "reference": "", **context}
    html = render_to_string(template_name, context)
    # base_url lets templates reference static files (the fonts) by path; nothing is fetched
    # over a network. PDF/UA-1: tagged structure, /Lang from <html lang>, the title shown
    # instead of the file name, XMP metadata; it costs about as much as plain tags (measured
    # with the dossier PDF, tests/plgportal/test_pdf_design.py).
    document = HTML(string=html, base_url=str(settings.BASE_DIR / "static"))
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def pdf_svg(svg: SafeString) -> SafeString:
    """An inline SVG chart for a PDF: its text in the shipped font. WeasyPrint styles an SVG
    only from the SVG's own <style>, and the charts name the system's sans-serif."""
    opening, rest = svg.split(">", 1)
    return mark_safe(f"{opening}><style>text {{ font-family: {PDF_FONT} }}</style>{rest}")  # noqa: S308 (our own markup)


def pdf_filename(dossier, *parts: str) -> str:
    """`PLG-2024-003-evaluatieverslag.pdf`: the dossier's reference and the parts, in ASCII
    letters, digits and dashes, so every browser and mail client keeps the name."""
    words = [dossier.reference or f"dossier-{dossier.pk}", *parts]
    text = unicodedata.normalize("NFKD", "-".join(words)).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") + ".pdf"
