"""The one PDF helper: an HTML template under templates/pdf/ rendered by WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    # Imported here: loading WeasyPrint parses its stylesheets, which every process start
    # (each manage.py command, each worker) would otherwise pay for.
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    # base_url lets templates reference static files by path; nothing is fetched over a network.
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()
