"""A real Celery worker (the `celery_worker` fixture of tests/worker.py) delivers outbox email
through Redis."""

import threading
import uuid

import pytest
from django.conf import settings
from django.core import mail

from plgportal.outbox.enums import EmailStatus
from plgportal.outbox.models import Email
from plgportal.outbox.services import email_queue
from plgportal.outbox.tasks import task_send_email
from tests.worker import wait_for_runs

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_worker_delivers_queued_email_through_redis(celery_worker, worker_runs):
    # Outside any transaction: the task is published as soon as email_queue commits.
    email = email_queue(to="directie@school.be", subject="Via de worker", body_text="Hallo")
    wait_for_runs(worker_runs, 1)
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.sent_at is not None
    assert email.attempts == 1
    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["directie@school.be"], "Via de worker")
    ]
    assert len(worker_runs) == 1
    _task_id, kwargs, state, routing_key, thread_id = worker_runs[0]
    assert (kwargs, state) == ({"email_id": email.pk}, "SUCCESS")
    # Delivered from the app's queue by the worker thread, not run eagerly in this one.
    assert routing_key == settings.CELERY_TASK_DEFAULT_QUEUE
    assert thread_id != threading.get_ident()


def test_worker_redelivered_task_sends_once(celery_worker, worker_runs):
    email = Email.objects.create(to="jury@school.be", subject="Eén keer", body_text="Hallo")
    # A redelivered message carries the same task id as the first delivery.
    task_id = str(uuid.uuid4())
    for _ in range(2):
        task_send_email.apply_async(kwargs={"email_id": email.pk}, task_id=task_id)
    wait_for_runs(worker_runs, 2)
    assert [run[:3] for run in worker_runs] == [(task_id, {"email_id": email.pk}, "SUCCESS")] * 2
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 1
    assert len(mail.outbox) == 1
