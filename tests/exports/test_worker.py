"""A real Celery worker (tests/worker.py) builds an export through Redis."""

import threading
import zipfile

import pytest
from django.conf import settings

from plgportal.exports.enums import ExportStatus
from plgportal.exports.services import export_start
from tests.exports.factories import submitted_dossiers
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
