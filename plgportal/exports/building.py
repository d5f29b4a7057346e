"""What the worker does with an export: build it (claimed under a row lock, progress saved as it
goes, a Dutch reason when it fails), and delete expired files. Queueing lives in services.py,
which the web process calls; the Celery tasks in tasks.py call this module."""

import logging
import tempfile
import time
from contextlib import suppress
from datetime import datetime, timedelta
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.files import File
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plgportal.exports.builders import ExportError, safe_filename
from plgportal.exports.enums import ExportStatus
from plgportal.exports.models import Export
from plgportal.exports.registry import EXPORT_BUILDERS

# A call's hundred dossiers take minutes, not Celery's default two: own limits, still well under
# the broker's visibility timeout (an hour) so a running build is not redelivered meanwhile.
BUILD_SOFT_TIME_LIMIT = timedelta(minutes=30)
BUILD_TIME_LIMIT = BUILD_SOFT_TIME_LIMIT + timedelta(minutes=2)

logger = logging.getLogger(__name__)

# Progress is written at most this often (seconds), and always at the start and the end.
PROGRESS_INTERVAL = 0.25


class ProgressRecorder:
    """`progress(done, total)` for a builder: saves the counts, at most every PROGRESS_INTERVAL
    seconds (the first and the last call always)."""

    def __init__(self, export: Export):
        self.export = export
        self.last_write = None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        is_edge = done == 0 or done >= total
        if not is_edge and self.last_write and now - self.last_write < PROGRESS_INTERVAL:
            return
        self.export.progress_done, self.export.progress_total = done, total
        try:
            self.export.save(update_fields=["progress_done", "progress_total"])
        except DatabaseError as exc:
            # Progress is only shown: a missed write is made good by the next one, and must not
            # fail an export that is otherwise fine.
            logger.warning("Progress of export %s not saved: %s", self.export.pk, exc)
            return
        self.last_write = now


def failure_reason(exc: BaseException) -> str:
    """What the requester reads on the progress page (Dutch); the traceback goes to the log."""
    if isinstance(exc, ExportError):
        return str(exc)
    if isinstance(exc, SoftTimeLimitExceeded):
        return _("Het maken van de export duurde te lang en werd afgebroken.")
    if isinstance(exc, FileNotFoundError):
        return _(
            "Een opgeladen bestand ontbreekt op de server, daardoor kon de export niet "
            "gemaakt worden."
        )
    if isinstance(exc, ObjectDoesNotExist):
        return _("De gegevens van deze export bestaan niet meer.")
    return _(
        "De export kon niet gemaakt worden door een onverwachte fout (%(error)s). Probeer het "
        "opnieuw; lukt het dan nog niet, contacteer dan de beheerder."
    ) % {"error": type(exc).__name__}


def export_is_claimable(export: Export, *, now: datetime) -> bool:
    """Whether a build task may take this export: queued, or running for longer than a build
    may last (its worker died and the broker delivered the task again). A duplicate delivery
    while another worker is building finds it running and leaves it alone."""
    if export.status == ExportStatus.QUEUED:
        return True
    return export.status == ExportStatus.RUNNING and export.started_at < now - BUILD_TIME_LIMIT


def export_build(*, export_id: int) -> ExportStatus | None:
    """Build a queued (or interrupted) export; None when there is nothing to do (gone,
    finished, or being built by another worker).

    Side effects: the row goes to running, its progress is saved while the builder works, then
    the file is stored under MEDIA_ROOT/exports/<random>/ and the row is done (with expires_at),
    or failed with a Dutch reason (the traceback is logged). Not atomic: progress must be
    visible to the progress page while the build runs.
    """
    with transaction.atomic():
        export = Export.objects.select_for_update().filter(pk=export_id).first()
        if export is None or not export_is_claimable(export, now=timezone.now()):
            return None
        export.status = ExportStatus.RUNNING
        export.started_at = timezone.now()
        export.progress_done = export.progress_total = 0
        export.error = ""
        export.save(
            update_fields=["status", "started_at", "progress_done", "progress_total", "error"]
        )
    try:
        with translation.override(export.language), tempfile.TemporaryFile() as out:
            build = EXPORT_BUILDERS[export.kind].build
            filename = safe_filename(build(export.params, out, ProgressRecorder(export)), "export")
            out.seek(0)
            export.file.save(filename, File(out, name=filename), save=False)
    except Exception as exc:  # noqa: BLE001 - any failure is recorded for the requester
        logger.exception("Export %s (%s) failed", export.pk, export.kind)
        with translation.override(export.language):
            export.error = failure_reason(exc)
        export.status = ExportStatus.FAILED
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "error", "finished_at"])
        return export.status
    export.filename = filename
    export.status = ExportStatus.DONE
    export.finished_at = timezone.now()
    export.expires_at = export.finished_at + settings.EXPORT_RETENTION
    export.progress_done = export.progress_total
    export.save(
        update_fields=[
            "file",
            "filename",
            "status",
            "finished_at",
            "expires_at",
            "progress_done",
        ]
    )
    return export.status


def _delete_file(export: Export) -> None:
    if not export.file:
        return
    storage, name = export.file.storage, export.file.name
    export.file.delete(save=False)
    # The random folder held only this file.
    with suppress(NotImplementedError, OSError):
        Path(storage.path(name)).parent.rmdir()


def exports_delete_expired(*, now: datetime | None = None) -> int:
    """Delete the files of finished exports past their expiry date.

    Side effects: each file and its folder removed from storage, the row marked expired (kept,
    so the requester learns why the link no longer works). Returns how many expired.
    """
    now = now or timezone.now()
    expired = list(Export.objects.filter(status=ExportStatus.DONE, expires_at__lte=now))
    for export in expired:
        _delete_file(export)
        export.status = ExportStatus.EXPIRED
        export.save(update_fields=["status", "file"])
    return len(expired)


def stale_queued_export_ids(*, older_than: timedelta = timedelta(minutes=10)) -> list[int]:
    """Exports still waiting after `older_than`: their task never reached the broker (e.g. Redis
    was down when they were started). Building one that is finished meanwhile does nothing, so
    queueing a late duplicate costs nothing."""
    cutoff = timezone.now() - older_than
    stale = Export.objects.filter(status=ExportStatus.QUEUED, created_at__lt=cutoff)
    return list(stale.values_list("pk", flat=True))
