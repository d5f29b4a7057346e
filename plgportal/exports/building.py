"""What the worker does with an export: build it (claimed under a row lock, progress and a
heartbeat saved as it goes, taken over when its worker died, a Dutch reason when it fails), and
delete expired files. Queueing lives in services.py,
which the web process calls; the Celery tasks in tasks.py call this module."""

import logging
import tempfile
import threading
import time
from contextlib import suppress
from datetime import datetime, timedelta
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.files import File
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
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
# A build refreshes its heartbeat with every progress write and, between them, at least this
# often (seconds) from a thread of the building process, which dies with it.
HEARTBEAT_INTERVAL = 30
# A running export silent for this long lost its worker (SIGKILL, OOM, host gone): well above
# HEARTBEAT_INTERVAL, so a live but busy build is never taken over.
HEARTBEAT_STALE_AFTER = timedelta(minutes=3)
# An export whose builder died this many times is probably what kills it: failed, with the
# retry button, instead of taking down worker after worker.
MAX_TAKEOVERS = 2


def _claimed(export: Export):
    """The row of this build only: a builder that was taken over (it was only frozen, not dead)
    writes nothing any more once another worker claimed the export (a new started_at)."""
    return Export.objects.filter(pk=export.pk, started_at=export.started_at)


class ProgressRecorder:
    """`progress(done, total)` for a builder: saves the counts and the heartbeat, at most every
    PROGRESS_INTERVAL seconds (the first and the last call always)."""

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
            _claimed(self.export).update(
                progress_done=done, progress_total=total, heartbeat_at=timezone.now()
            )
        except DatabaseError as exc:
            # Progress is only shown: a missed write is made good by the next one, and must not
            # fail an export that is otherwise fine.
            logger.warning("Progress of export %s not saved: %s", self.export.pk, exc)
            return
        self.last_write = now


class Heartbeat(threading.Thread):
    """Keeps the heartbeat fresh while one builder step (a large dossier) reports no progress."""

    def __init__(self, export: Export):
        super().__init__(name=f"export-heartbeat-{export.pk}", daemon=True)
        self.export = export
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(HEARTBEAT_INTERVAL):
                try:
                    _claimed(self.export).update(heartbeat_at=timezone.now())
                except DatabaseError as exc:
                    logger.warning("Heartbeat of export %s not saved: %s", self.export.pk, exc)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=5)


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


def last_sign_of_life(export: Export) -> datetime | None:
    # Rows built before heartbeats existed have only started_at.
    return export.heartbeat_at or export.started_at


def export_is_stale(export: Export, *, now: datetime) -> bool:
    """Running, but its worker has given no sign of life for HEARTBEAT_STALE_AFTER: it died."""
    last_sign = last_sign_of_life(export)
    return (
        export.status == ExportStatus.RUNNING
        and last_sign is not None
        and last_sign < now - HEARTBEAT_STALE_AFTER
    )


def export_is_claimable(export: Export, *, now: datetime) -> bool:
    """Whether a build task may take this export: queued, or running with a stale heartbeat
    (its worker died; the task came again from the broker or from beat's re-queue). A duplicate
    delivery while another worker is building finds a fresh heartbeat and leaves it alone."""
    return export.status == ExportStatus.QUEUED or export_is_stale(export, now=now)


def export_claim(*, export_id: int) -> Export | None:
    """Take the export for this worker, or None (gone, finished, built by a live worker, or
    claimed by a concurrent task a moment ago).

    Never two builders: the row is read under a lock that a concurrent claim skips rather than
    waits for, and taken by an UPDATE conditional on what was read (status, started_at,
    heartbeat), which also holds on SQLite where there is no row lock. A stale export is built
    again from the start (takeovers + 1), or failed once it was taken over MAX_TAKEOVERS times.
    """
    now = timezone.now()
    with transaction.atomic():
        export = Export.objects.select_for_update(skip_locked=True).filter(pk=export_id).first()
        if export is None or not export_is_claimable(export, now=now):
            return None
        taken_over = export.status == ExportStatus.RUNNING
        if taken_over and export.takeovers >= MAX_TAKEOVERS:
            with translation.override(export.language):
                reason = _(
                    "Het maken van de export werd te vaak onderbroken (de verwerker stopte "
                    "onverwacht). Probeer het opnieuw; lukt het dan nog niet, contacteer dan "
                    "de beheerder."
                )
            changes = {"status": ExportStatus.FAILED, "error": reason, "finished_at": now}
        else:
            changes = {
                "status": ExportStatus.RUNNING,
                "started_at": now,
                "heartbeat_at": now,
                "progress_done": 0,
                "progress_total": 0,
                "error": "",
                "takeovers": export.takeovers + taken_over,
            }
        won = Export.objects.filter(
            pk=export.pk,
            status=export.status,
            started_at=export.started_at,
            heartbeat_at=export.heartbeat_at,
        ).update(**changes)
        if not won:
            return None
        for field, value in changes.items():
            setattr(export, field, value)
    if taken_over:
        outcome = "built again" if export.status == ExportStatus.RUNNING else "failed"
        logger.warning("Export %s lost its worker (no heartbeat): %s", export.pk, outcome)
    return export


def export_build(*, export_id: int) -> ExportStatus | None:
    """Build a queued (or interrupted) export; None when there is nothing to do (gone,
    finished, being built by another worker, or taken over from this one meanwhile).

    Side effects: the row goes to running (export_claim), its progress and heartbeat are saved
    while the builder works, then the file is stored under MEDIA_ROOT/exports/<random>/ and the
    row is done (with expires_at), or failed with a Dutch reason (the traceback is logged). Not
    atomic: progress must be visible to the progress page while the build runs.
    """
    export = export_claim(export_id=export_id)
    if export is None or export.status != ExportStatus.RUNNING:
        return None if export is None else export.status
    heartbeat = Heartbeat(export)
    heartbeat.start()
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
        if not _claimed(export).update(
            status=export.status, error=export.error, finished_at=export.finished_at
        ):
            return None
        return export.status
    finally:
        heartbeat.stop()
    export.filename = filename
    export.status = ExportStatus.DONE
    export.finished_at = timezone.now()
    export.expires_at = export.finished_at + settings.EXPORT_RETENTION
    export.progress_done = export.progress_total
    finished = _claimed(export).update(
        file=export.file.name,
        filename=filename,
        status=export.status,
        finished_at=export.finished_at,
        expires_at=export.expires_at,
        progress_done=export.progress_done,
    )
    if not finished:
        # Another worker took this export over while this one was frozen: its file wins.
        _delete_file(export)
        return None
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


def stale_export_ids(*, queued_for: timedelta = timedelta(minutes=10)) -> list[int]:
    """Exports still waiting after `queued_for`: their task never reached the broker (e.g. Redis
    was down when they were started); and running exports with a stale heartbeat: their worker
    died, and the broker would redeliver the task only after its visibility timeout (an hour).
    Building one that is finished or claimed meanwhile does nothing, so queueing a late
    duplicate costs nothing."""
    now = timezone.now()
    silent_since = now - HEARTBEAT_STALE_AFTER
    stale = Export.objects.annotate(last_sign=Coalesce("heartbeat_at", "started_at")).filter(
        Q(status=ExportStatus.QUEUED, created_at__lt=now - queued_for)
        | Q(status=ExportStatus.RUNNING, last_sign__lt=silent_since)
    )
    return list(stale.order_by("pk").values_list("pk", flat=True))
