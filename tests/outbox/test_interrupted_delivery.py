"""A worker killed mid-send (simulated: the mail server has taken the message, then the process
stops before the result is written): the attempt stays recorded, the next attempt uses the same
Message-ID, the outbox says the mail may have gone out twice, and the beat re-queues it within
minutes instead of ten; two beats at once never both count the same mail."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemEmailBackend
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from plgportal.outbox import tasks
from plgportal.outbox.delivery import email_deliver
from plgportal.outbox.enums import EmailStatus
from plgportal.outbox.models import Email
from plgportal.outbox.tasks import task_requeue_stale_emails

pytestmark = pytest.mark.django_db

DYING_BACKEND = "tests.outbox.test_interrupted_delivery.WorkerDiesAfterSendBackend"


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing in the worker catches it, no cleanup code runs."""


class WorkerDiesAfterSendBackend(LocmemEmailBackend):
    """The server accepts the message, then the worker dies before hearing back."""

    def send_messages(self, messages):
        super().send_messages(messages)
        raise WorkerKilled


def queued_email(**fields) -> Email:
    values = {"to": "directie@school.be", "subject": "Uitnodiging", "body_text": "Hallo"}
    return Email.objects.create(**(values | fields))


def interrupted_email(settings, *, minutes_ago: int = 3) -> Email:
    """A queued mail whose worker died mid-send `minutes_ago` minutes ago."""
    email = queued_email()
    settings.EMAIL_BACKEND = DYING_BACKEND
    with pytest.raises(WorkerKilled):
        email_deliver(email_id=email.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Email.objects.filter(pk=email.pk).update(
        attempt_started_at=timezone.now() - timedelta(minutes=minutes_ago),
        created_at=timezone.now() - timedelta(minutes=minutes_ago, seconds=5),
    )
    return email


def test_each_email_has_its_own_message_id_under_the_site_host(settings):
    settings.SITE_URL = "https://portal.plg.be"
    first, second = queued_email(), queued_email()
    assert first.message_id != second.message_id
    assert first.message_id.startswith("<") and first.message_id.endswith("@portal.plg.be>")


def test_sent_mail_carries_the_rows_message_id():
    email = queued_email()
    assert email_deliver(email_id=email.pk) == EmailStatus.SENT
    assert mail.outbox[0].message()["Message-ID"] == email.message_id


def test_attempt_is_recorded_before_sending_so_a_killed_worker_leaves_a_trace(settings):
    email = interrupted_email(settings)
    email.refresh_from_db()
    assert len(mail.outbox) == 1  # it did go out
    assert email.status == EmailStatus.QUEUED
    assert email.attempts == 1
    assert email.attempt_started_at is not None
    assert not email.may_have_gone_out_twice


def test_next_attempt_after_interruption_uses_same_message_id_and_is_flagged(settings):
    email = interrupted_email(settings)
    assert email_deliver(email_id=email.pk) == EmailStatus.SENT
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 2
    assert email.attempt_started_at is None
    assert email.may_have_gone_out_twice
    ids = [message.message()["Message-ID"] for message in mail.outbox]
    assert ids == [email.message_id, email.message_id]


def test_attempt_under_way_is_not_started_twice(settings):
    # Begun a minute ago and not finished: another worker may still be talking to the server.
    email = interrupted_email(settings, minutes_ago=1)
    assert email_deliver(email_id=email.pk) is None
    email.refresh_from_db()
    assert (email.attempts, email.status, len(mail.outbox)) == (1, EmailStatus.QUEUED, 1)
    assert not email.may_have_gone_out_twice


def test_failed_attempt_ends_the_attempt_without_flag(settings):
    settings.EMAIL_BACKEND = "tests.outbox.test_services.FailingEmailBackend"
    email = queued_email()
    assert email_deliver(email_id=email.pk) == EmailStatus.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert email_deliver(email_id=email.pk) == EmailStatus.SENT
    email.refresh_from_db()
    assert (email.attempts, email.attempt_started_at) == (2, None)
    assert not email.may_have_gone_out_twice


def test_beat_requeues_interrupted_mail_after_two_minutes_not_ten(settings):
    interrupted = interrupted_email(settings, minutes_ago=3)
    under_way = interrupted_email(settings, minutes_ago=1)
    fresh = queued_email(created_at=timezone.now() - timedelta(minutes=3))
    mail.outbox.clear()

    assert task_requeue_stale_emails() == 1
    assert [message.to for message in mail.outbox] == [[interrupted.to]]
    statuses = dict(Email.objects.values_list("pk", "status"))
    assert statuses == {
        interrupted.pk: EmailStatus.SENT,
        under_way.pk: EmailStatus.QUEUED,
        fresh.pk: EmailStatus.QUEUED,
    }


@pytest.fixture
def published(monkeypatch):
    """The delivery tasks the beat publishes, kept here: as if the broker had lost them."""
    email_ids = []

    class Recorder:
        def delay(self, email_id):
            email_ids.append(email_id)

    monkeypatch.setattr(tasks.task_send_email, "delay", Recorder().delay)
    # The task is a Celery proxy resolved through the current app, which is per thread: a beat
    # run in another thread would see the real task. The beat's own reference is replaced too.
    monkeypatch.setattr(tasks, "task_send_email", Recorder())
    return email_ids


def test_two_beats_count_only_what_they_queued(published):
    long_ago = timezone.now() - timedelta(minutes=11)
    emails = [queued_email(created_at=long_ago) for _ in range(25)]

    assert [task_requeue_stale_emails(), task_requeue_stale_emails()] == [25, 0]
    assert sorted(published) == sorted(email.pk for email in emails)


def test_requeued_mail_whose_task_was_lost_again_is_requeued_on_a_later_beat(published):
    email = queued_email(created_at=timezone.now() - timedelta(minutes=11))
    assert task_requeue_stale_emails() == 1
    Email.objects.filter(pk=email.pk).update(requeued_at=timezone.now() - timedelta(minutes=5))
    assert task_requeue_stale_emails() == 1
    assert published == [email.pk, email.pk]


@pytest.mark.django_db(transaction=True)
def test_two_beats_racing_on_postgresql_never_claim_a_mail_twice(published):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers need PostgreSQL (shared-cache SQLite refuses them).")
    long_ago = timezone.now() - timedelta(minutes=11)
    for _ in range(25):
        queued_email(created_at=long_ago)
    start = threading.Barrier(2)
    counts = []

    def beat():
        try:
            start.wait()
            counts.append(task_requeue_stale_emails())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 25
    assert len(published) == 25 == len(set(published))


def test_outbox_pages_show_the_possible_duplicate(settings, client, staff_user):
    flagged = interrupted_email(settings)
    email_deliver(email_id=flagged.pk)
    Email.objects.filter(pk=flagged.pk).update(subject="Onderbroken uitnodiging")
    queued_email(subject="Gewone uitnodiging")
    client.force_login(staff_user)

    page = client.get(reverse("outbox:list")).content.decode()
    rows = page.split('class="email-row"')[1:]
    note = "Mogelijk twee keer verstuurd: een poging werd onderbroken"
    assert [note in row for row in rows if "Onderbroken" in row] == [True]
    assert [note in row for row in rows if "Gewone" in row] == [False]

    detail = client.get(reverse("outbox:detail", args=[flagged.pk])).content.decode()
    assert note in detail
    assert flagged.message_id.strip("<>") in detail
