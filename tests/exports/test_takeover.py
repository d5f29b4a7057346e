"""An export whose worker died mid-build (SIGKILL, OOM): its heartbeat goes stale, a build task
(redelivered, or queued again by beat) takes it over under a row lock and builds it from the
start, and after MAX_TAKEOVERS the export fails with the retry button."""

import dataclasses
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from plgportal.exports import building
from plgportal.exports.building import (
    HEARTBEAT_STALE_AFTER,
    MAX_TAKEOVERS,
    ProgressRecorder,
    export_build,
    export_claim,
)
from plgportal.exports.enums import ExportStatus
from plgportal.exports.models import Export
from plgportal.exports.registry import EXPORT_BUILDERS
from plgportal.exports.services import export_retry
from plgportal.exports.tasks import task_requeue_stale_exports
from tests.exports.factories import ExportFactory, submitted_dossiers

pytestmark = pytest.mark.django_db


def _running(*, silent_for: timedelta, started_ago=timedelta(hours=1), **kwargs) -> Export:
    """An export of a real call, "Bezig 3 van 12", last heard of `silent_for` ago."""
    now = timezone.now()
    if "params" not in kwargs:
        kwargs["params"] = {"call": submitted_dossiers(1)[0].call_id}
    return ExportFactory(
        status=ExportStatus.RUNNING,
        started_at=now - started_ago,
        heartbeat_at=now - silent_for,
        progress_done=3,
        progress_total=12,
        **kwargs,
    )


def _stale(**kwargs) -> Export:
    return _running(silent_for=HEARTBEAT_STALE_AFTER + timedelta(seconds=5), **kwargs)


def test_export_with_stale_heartbeat_is_taken_over_once_and_built():
    export = _stale()

    assert export_build(export_id=export.pk) == ExportStatus.DONE

    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error
    assert export.takeovers == 1
    assert (export.progress_done, export.progress_total) == (1, 1)
    # A second delivery of the same task finds it done and does nothing.
    assert export_build(export_id=export.pk) is None
    export.refresh_from_db()
    assert export.takeovers == 1


def test_export_with_fresh_heartbeat_is_left_to_its_worker():
    # Started long ago (a big call), but its worker reported a minute ago: alive.
    export = _running(silent_for=timedelta(minutes=1), started_ago=timedelta(hours=2))

    assert export_build(export_id=export.pk) is None

    export.refresh_from_db()
    assert (export.status, export.takeovers, export.progress_done) == (ExportStatus.RUNNING, 0, 3)


def test_export_taken_over_too_often_fails_with_retry(client, staff_user):
    export = _stale(requested_by=staff_user, takeovers=MAX_TAKEOVERS)

    assert export_build(export_id=export.pk) == ExportStatus.FAILED

    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert "te vaak onderbroken" in export.error
    client.force_login(staff_user)
    html = client.get(export.get_absolute_url()).content.decode()
    assert "De export is mislukt." in html
    assert "te vaak onderbroken" in html
    assert f'action="/exports/{export.pk}/opnieuw/"' in html
    assert "hx-trigger" not in html
    # The retry starts afresh: no takeover counted against it.
    export_retry(export=export)
    export.refresh_from_db()
    assert (export.status, export.takeovers, export.heartbeat_at) == (ExportStatus.QUEUED, 0, None)


def test_beat_requeue_takes_over_stale_running_exports_only():
    params = {"call": submitted_dossiers(1)[0].call_id}
    stale = _stale(params=params)
    alive = _running(silent_for=timedelta(seconds=10), params=params)

    # Eager Celery: the queued builds ran at once.
    assert task_requeue_stale_exports() == 1

    stale.refresh_from_db()
    alive.refresh_from_db()
    assert (stale.status, stale.takeovers) == (ExportStatus.DONE, 1)
    assert alive.status == ExportStatus.RUNNING


def test_beat_requeue_takes_over_running_exports_from_before_heartbeats():
    export = _stale()
    Export.objects.filter(pk=export.pk).update(heartbeat_at=None)

    assert task_requeue_stale_exports() == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE


def test_two_concurrent_claims_one_wins(monkeypatch):
    """The second claim reads the stale export before the first one took it: its conditional
    update finds the row changed and it gives up (on SQLite too, which has no row lock)."""
    export = _stale()
    real_check = building.export_is_claimable
    winners = []

    def claim_meanwhile(export_, *, now):
        claimable = real_check(export_, now=now)
        if not winners:
            monkeypatch.setattr(building, "export_is_claimable", real_check)
            winners.append(export_claim(export_id=export.pk))
        return claimable

    monkeypatch.setattr(building, "export_is_claimable", claim_meanwhile)

    assert export_claim(export_id=export.pk) is None
    (winner,) = winners
    assert winner is not None
    export.refresh_from_db()
    assert (export.status, export.takeovers) == (ExportStatus.RUNNING, 1)
    assert export.started_at == winner.started_at


@pytest.mark.django_db(transaction=True)
def test_claim_skips_an_export_locked_by_another_claim():
    """PostgreSQL: while one worker holds the row, another does not wait for it nor take it."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    export = _stale()
    locked, release = threading.Event(), threading.Event()

    def hold_lock():
        try:
            with transaction.atomic():
                Export.objects.select_for_update().get(pk=export.pk)
                locked.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        assert export_claim(export_id=export.pk) is None
    finally:
        release.set()
        holder.join(timeout=10)
    export.refresh_from_db()
    assert (export.status, export.takeovers) == (ExportStatus.RUNNING, 0)
    assert export_claim(export_id=export.pk) is not None


def test_builder_taken_over_meanwhile_does_not_overwrite_the_new_build(monkeypatch):
    """A worker that was only frozen (not dead) and wakes after the takeover writes nothing."""
    export = _stale()
    real = EXPORT_BUILDERS["call_dossiers"]

    def frozen_builder(params, out, progress):
        name = real.build(params, out, progress)
        Export.objects.filter(pk=export.pk).update(
            started_at=timezone.now(), takeovers=2, progress_done=0
        )
        return name

    monkeypatch.setitem(
        EXPORT_BUILDERS, "call_dossiers", dataclasses.replace(real, build=frozen_builder)
    )

    assert export_build(export_id=export.pk) is None

    export.refresh_from_db()
    assert (export.status, export.takeovers, export.file.name) == (ExportStatus.RUNNING, 2, "")


def test_progress_refreshes_the_heartbeat():
    export = _running(silent_for=timedelta(minutes=2))
    before = timezone.now()

    ProgressRecorder(export)(4, 12)

    export.refresh_from_db()
    assert (export.progress_done, export.progress_total) == (4, 12)
    assert export.heartbeat_at >= before


@pytest.mark.django_db(transaction=True)
def test_heartbeat_goes_on_while_a_step_reports_no_progress(monkeypatch):
    monkeypatch.setattr(building, "HEARTBEAT_INTERVAL", 0.05)
    export = _stale()
    real = EXPORT_BUILDERS["call_dossiers"]

    def slow_builder(params, out, progress):
        time.sleep(0.5)
        return real.build(params, out, progress)

    monkeypatch.setitem(
        EXPORT_BUILDERS, "call_dossiers", dataclasses.replace(real, build=slow_builder)
    )
    beats = []
    real_update = building._claimed

    def spy(export_):
        beats.append(threading.current_thread().name)
        return real_update(export_)

    monkeypatch.setattr(building, "_claimed", spy)

    assert export_build(export_id=export.pk) == ExportStatus.DONE
    assert beats.count(f"export-heartbeat-{export.pk}") >= 3


def test_progress_page_says_the_export_was_restarted(client, staff_user):
    export = _running(silent_for=timedelta(seconds=5), requested_by=staff_user, takeovers=1)
    client.force_login(staff_user)

    html = client.get(reverse("exports:progress", args=[export.pk]), HTTP_HX_REQUEST="true")

    html = html.content.decode()
    assert "Opnieuw gestart na een onderbreking" in html
    assert 'hx-trigger="every 1s"' in html
    assert "3 van 12" in html


def test_progress_page_of_an_uninterrupted_export_says_nothing_of_restarts(client, staff_user):
    export = _running(silent_for=timedelta(seconds=5), requested_by=staff_user)
    client.force_login(staff_user)

    html = client.get(export.get_absolute_url()).content.decode()

    assert "Opnieuw gestart" not in html
