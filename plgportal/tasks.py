from celery import shared_task

from plgportal.pdf_cache import cache_prune


@shared_task(name="pdf.prune_cache")
def task_prune_pdf_cache() -> int:
    """Beat's nightly clean-up of cached PDFs nobody asked for in a month; returns how many
    files went."""
    return cache_prune()
