"""The one PDF helper: an HTML template under templates/pdf/ rendered by WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(template_name: str, context: dict) -> bytes:
    html = render_to_string(template_name, context)
    # base_url lets templates reference static files by path; nothing is fetched over a network.
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()
