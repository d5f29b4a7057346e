"""A real Celery worker process, SIGKILLed while the mail server holds its message: the attempt
stays recorded, a new worker sends the mail again with the same Message-ID, and the outbox says
it may have gone out twice. PostgreSQL only: the worker process needs the test database too."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from plgportal.celery import app as celery_app
from plgportal.outbox.enums import EmailStatus
from plgportal.outbox.models import Email
from plgportal.outbox.tasks import task_send_email
from tests.processes import test_database_url
from tests.worker import TIMEOUT_SECONDS, _require_redis

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parents[2]


class HoldingSmtpServer:
    """Just enough SMTP on loopback. The first message's DATA is taken and never answered, as
    if the worker died before the server's "250": the test kills the worker meanwhile."""

    def __init__(self):
        self.messages: list[bytes] = []
        self.holding = threading.Event()
        self._released = threading.Event()
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self._socket.accept()
            except OSError:
                return
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn):
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 test ESMTP\r\n")
            for line in lines:
                command = line.strip().upper()
                if command == b"DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    data = b"".join(iter(lambda: lines.readline(), b".\r\n"))
                    self.messages.append(data)
                    if len(self.messages) == 1:
                        self.holding.set()
                        # Never answers: the sender is still waiting when it is killed.
                        self._released.wait(TIMEOUT_SECONDS * 3)
                        return
                    conn.sendall(b"250 queued\r\n")
                elif command == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"250 ok\r\n")

    def close(self):
        self._released.set()
        self._socket.close()


def _wait(condition, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out waiting for {what}.")
        time.sleep(0.1)


def _start_worker(queue: str, smtp_port: int) -> subprocess.Popen:
    env = os.environ | {
        "DATABASE_URL": test_database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DEBUG": "1",
    }
    command = [sys.executable, "-m", "celery", "-A", "plgportal", "worker", "-P", "solo"]
    command += ["-Q", queue, "--without-gossip", "--without-mingle", "-l", "warning"]
    return subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL)


@pytest.fixture
def publish():
    """Publish delivery tasks to a queue of this test's own, for a worker process to consume."""
    _require_redis(settings.REDIS_URL)
    queue = f"plgportal-test-killed-{uuid.uuid4().hex}"
    was_eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield (
        queue,
        lambda email_id: task_send_email.apply_async(kwargs={"email_id": email_id}, queue=queue),
    )
    celery_app.conf.task_always_eager = was_eager
    client = redis.Redis.from_url(settings.REDIS_URL)
    for key in client.scan_iter(match=f"*{queue}*"):
        client.delete(key)
    # The killed worker's message stays in kombu's shared "unacked" hash: Redis would hand it
    # back to this (by then unused) queue after the visibility timeout.
    for tag, value in client.hscan_iter("unacked"):
        if queue.encode() in value:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


def test_worker_killed_mid_send_resends_with_same_message_id_and_outbox_says_so(
    publish, client, staff_user
):
    if connection.vendor != "postgresql":
        pytest.skip("The worker process needs the test database: PostgreSQL only.")
    queue, send = publish
    server = HoldingSmtpServer()
    email = Email.objects.create(to="directie@school.be", subject="Uitnodiging", body_text="Hallo")
    worker = _start_worker(queue, server.port)
    try:
        send(email.pk)
        _wait(server.holding.is_set, "the worker to hand the message to the mail server")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(TIMEOUT_SECONDS)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.QUEUED, 1)
    assert email.attempt_started_at is not None

    # As the beat does once the attempt is INTERRUPTED_AFTER old.
    Email.objects.filter(pk=email.pk).update(
        attempt_started_at=timezone.now() - timedelta(minutes=3)
    )
    worker = _start_worker(queue, server.port)
    try:
        send(email.pk)
        _wait(lambda: Email.objects.get(pk=email.pk).status == EmailStatus.SENT, "the resend")
    finally:
        worker.terminate()
        worker.wait(TIMEOUT_SECONDS)
        server.close()

    email.refresh_from_db()
    assert (email.attempts, email.interrupted_attempts) == (2, 1)
    ids = [message_from_bytes(data)["Message-ID"] for data in server.messages]
    assert ids == [email.message_id, email.message_id]
    client.force_login(staff_user)
    page = client.get(reverse("outbox:list")).content.decode()
    assert "Mogelijk twee keer verstuurd: een poging werd onderbroken" in page
