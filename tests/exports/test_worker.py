"""A real Celery worker (tests/worker.py) builds an export through Redis."""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
import zipfile
from datetime import timedelta

import pytest
import redis
from celery import Celery
from django.conf import settings
from django.db import connection
from django.utils import timezone

from plgportal.exports.building import HEARTBEAT_STALE_AFTER, stale_export_ids
from plgportal.exports.enums import ExportStatus
from plgportal.exports.models import Export
from plgportal.exports.services import export_start
from tests.exports.factories import ExportFactory, submitted_dossiers
from tests.processes import test_database_url
from tests.worker import wait_for_runs

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_worker_builds_the_zip_through_redis(celery_worker, worker_runs, staff_user):
    dossiers = submitted_dossiers(2)
    # Outside any transaction: the task is published as soon as export_start commits.
    export = export_start(
        kind="call_dossiers", requested_by=staff_user, params={"call": dossiers[0].call_id}
    )
    wait_for_runs(worker_runs, 1)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error
    assert (export.progress_done, export.progress_total) == (2, 2)
    names = zipfile.ZipFile(export.file.path).namelist()
    assert [name for name in names if name.endswith("-dossier.pdf")] == [
        f"{d.reference}/{d.reference}-dossier.pdf" for d in dossiers
    ]
    _task_id, kwargs, state, routing_key, thread_id = worker_runs[0]
    assert (kwargs, state) == ({"export_id": export.pk}, "SUCCESS")
    assert routing_key == settings.CELERY_TASK_DEFAULT_QUEUE
    assert thread_id != threading.get_ident()


def _start_killable_worker(key_prefix, queue, gate, media_root) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "1",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DATABASE_URL": test_database_url(),
        "MEDIA_ROOT": str(media_root),
        "REDIS_URL": settings.REDIS_URL,
    }
    command = [sys.executable, "-m", "tests.exports.killable_worker", key_prefix, queue, str(gate)]
    return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)  # noqa: S603 - our own


def _wait_until(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Not within {timeout}s: {what}")
        time.sleep(0.1)


def _status(export) -> str:
    export.refresh_from_db()
    return export.status


def test_export_of_a_sigkilled_worker_is_taken_over_and_finished(staff_user, tmp_path):
    """The worker building an export is SIGKILLed: the export does not stay "running" forever;
    once its heartbeat is stale, beat's re-queue hands it to another worker, which builds it."""
    if connection.vendor != "postgresql":
        pytest.skip("a worker process of its own needs PostgreSQL to see the test's rows")
    redis_client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2)
    try:
        redis_client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis unreachable: {exc}")
    (dossier,) = submitted_dossiers(1)
    export = ExportFactory(requested_by=staff_user, params={"call": dossier.call_id})
    key_prefix = f"plgportal-test-{uuid.uuid4().hex}:"
    queue, gate = f"exports-kill-{uuid.uuid4().hex}", tmp_path / "gate"
    sender = Celery("kill-test", broker=settings.REDIS_URL)
    sender.conf.broker_transport_options = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        "global_keyprefix": key_prefix,
    }

    def queue_build():
        sender.send_task("exports.build", kwargs={"export_id": export.pk}, queue=queue)

    workers = []
    try:
        workers.append(_start_killable_worker(key_prefix, queue, gate, tmp_path / "media"))
        queue_build()
        _wait_until(lambda: _status(export) == ExportStatus.RUNNING, "the first worker builds")
        os.kill(workers[0].pid, signal.SIGKILL)
        workers[0].wait(timeout=10)
        gate.touch()
        export.refresh_from_db()
        assert export.status == ExportStatus.RUNNING
        # Three minutes pass without a sign of life (the dead worker gives none).
        Export.objects.filter(pk=export.pk).update(
            heartbeat_at=timezone.now() - HEARTBEAT_STALE_AFTER - timedelta(seconds=1)
        )
        workers.append(_start_killable_worker(key_prefix, queue, gate, tmp_path / "media"))
        # What beat's re-queue (exports.requeue_stale) does, onto this test's queue.
        assert stale_export_ids() == [export.pk]
        queue_build()
        _wait_until(lambda: _status(export) == ExportStatus.DONE, "the second worker builds")
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=20)
        sender.close()
        for key in redis_client.scan_iter(match=f"{key_prefix}*"):
            redis_client.delete(key)
    assert (export.takeovers, export.progress_done, export.progress_total) == (1, 1, 1)
    assert export.file.name.endswith(".zip")
