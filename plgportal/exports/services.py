"""What the web process does with exports: start one and retry a failed one, each queued as a
Celery task once the transaction commits. What the worker does is in building.py."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from plgportal.background import send_task
from plgportal.exports.enums import ExportStatus
from plgportal.exports.models import Export
from plgportal.exports.registry import EXPORT_BUILDERS
from plgportal.exports.tasks import task_build_export


def _queue_build(export: Export) -> None:
    # After commit, so the worker finds the row. Robust: if the broker is down the export stays
    # queued and the requester sees that; the user must not get an error page.
    transaction.on_commit(lambda: _send_build(export.pk), robust=True)


def _send_build(export_id: int) -> None:
    # With tasks run inline (`make run`), `delay()` would build the whole ZIP inside the request
    # and the requester would never see the progress page at work: a thread stands in for the
    # worker (plgportal.background).
    send_task(task_build_export, thread_name=f"export-build-{export_id}", export_id=export_id)


@transaction.atomic
def export_start(*, kind: str, requested_by, params: dict) -> Export:
    """Validate the params of an export of `kind` (by its registered builder) and queue its
    build.

    Side effects: one `Export` row (queued, in the active language, titled in it); on commit a
    Celery task `exports.build`. Refused (ValidationError, Dutch) for an unknown kind, a call or
    trajectory that does not exist, or nothing to export.
    """
    builder = EXPORT_BUILDERS.get(kind)
    if builder is None:
        raise ValidationError(_("Deze soort export bestaat niet."))
    clean_params, title = builder.validate(params)
    export = Export(
        kind=kind,
        params=clean_params,
        title=title[:255],
        requested_by=requested_by,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    export.full_clean(exclude=["file"])
    export.save()
    _queue_build(export)
    return export


@transaction.atomic
def export_retry(*, export: Export) -> Export:
    """Queue a failed export again. Side effects: progress and reason cleared, status queued,
    one Celery task on commit. Refused (ValidationError) for an export that did not fail."""
    export = Export.objects.select_for_update().get(pk=export.pk)
    if export.status != ExportStatus.FAILED:
        raise ValidationError(_("Alleen een mislukte export kan opnieuw gestart worden."))
    export.status = ExportStatus.QUEUED
    export.progress_done = export.progress_total = 0
    export.error = ""
    export.started_at = export.finished_at = export.heartbeat_at = None
    # A fresh start: the requester sees no "restarted after an interruption" for it.
    export.takeovers = 0
    export.save(
        update_fields=[
            "status",
            "progress_done",
            "progress_total",
            "error",
            "started_at",
            "finished_at",
            "heartbeat_at",
            "takeovers",
        ]
    )
    _queue_build(export)
    return export
