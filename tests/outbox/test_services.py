from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemEmailBackend
from django.db import transaction
from django.utils import timezone

from plgportal.celery import app as celery_app
from plgportal.outbox.delivery import email_deliver
from plgportal.outbox.enums import EmailStatus
from plgportal.outbox.models import Email
from plgportal.outbox.services import email_queue, email_render_and_queue, email_resend
from plgportal.outbox.tasks import MAX_ATTEMPTS, task_requeue_stale_emails, task_send_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OUTBOX_URL = "/admin/outbox/email/"
FAILING_BACKEND = "tests.outbox.test_services.FailingEmailBackend"
FLAKY_BACKEND = "tests.outbox.test_services.FlakyEmailBackend"


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that refuses everything, as a real one does when it is down."""

    def send_messages(self, email_messages):
        raise SMTPException("451 4.3.0 Mail server temporarily unavailable")


class FlakyEmailBackend(LocmemEmailBackend):
    """Refuses `refusals_left` sends (a server that is briefly down), then delivers like locmem."""

    refusals_left = 0

    def send_messages(self, messages):
        if FlakyEmailBackend.refusals_left:
            FlakyEmailBackend.refusals_left -= 1
            raise SMTPException("421 4.7.0 Try again later")
        return super().send_messages(messages)


@pytest.fixture
def eager_retries():
    """Run a task's retries inline, as the worker would run them after their countdown.

    With eager propagation (the test default) `self.retry()` raises `Retry` to the caller
    after the first attempt instead of running the next one.
    """
    propagates = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = propagates


def make_email(**fields) -> Email:
    """An outbox row written directly, as if its task had been lost or had already run."""
    values = {
        "to": "school@example.org",
        "subject": "Onderwerp",
        "body_text": "Tekst",
        "status": EmailStatus.QUEUED,
    }
    return Email.objects.create(**(values | fields))


def test_email_queue_writes_row_and_delivers_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email = email_queue(
            to="directie@school.be",
            subject="Uw  aanvraag\nis ontvangen",
            body_text="Beste directie,\n\nWe ontvingen uw aanvraag.",
            body_html="<p>Beste directie,</p><p>We ontvingen uw aanvraag.</p>",
            event_key="dossier-submitted:7",
        )
        # Nothing leaves before the surrounding transaction commits.
        assert Email.objects.get(pk=email.pk).status == EmailStatus.QUEUED
        assert mail.outbox == []
    assert len(callbacks) == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.sent_at is not None
    assert email.attempts == 1
    assert email.last_error == ""
    assert email.event_key == "dossier-submitted:7"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["directie@school.be"]
    assert message.subject == "Uw aanvraag is ontvangen"
    assert message.body == "Beste directie,\n\nWe ontvingen uw aanvraag."
    assert message.alternatives == [
        ("<p>Beste directie,</p><p>We ontvingen uw aanvraag.</p>", "text/html")
    ]


def test_email_queue_without_html_sends_plain_text_only(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(to="a@school.be", subject="Kort", body_text="Alleen tekst.")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].alternatives == []


def test_email_queue_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        email_queue(to="a@school.be", subject="Nooit", body_text="Nooit verstuurd.")
        raise RuntimeError("the event that caused the mail failed")
    assert callbacks == []
    assert Email.objects.count() == 0
    assert mail.outbox == []


def test_email_queue_same_event_key_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = email_queue(
            to="a@school.be", subject="Uitnodiging", body_text="1", event_key="invitation:1"
        )
        second = email_queue(
            to="a@school.be", subject="Uitnodiging", body_text="2", event_key="invitation:1"
        )
    assert second.pk == first.pk
    assert len(callbacks) == 1
    assert Email.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body == "1"


def test_email_queue_without_event_key_never_collides(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(to="a@school.be", subject="A", body_text="A", event_key="")
        email_queue(to="a@school.be", subject="B", body_text="B")
    assert list(Email.objects.values_list("event_key", flat=True)) == [None, None]
    assert len(mail.outbox) == 2


def test_email_deliver_sent_email_sends_nothing_again():
    email = make_email()
    assert email_deliver(email_id=email.pk) == EmailStatus.SENT
    sent_at = Email.objects.get(pk=email.pk).sent_at
    # A task delivered twice (worker lost after sending, before acknowledging) runs again.
    assert task_send_email.delay(email_id=email.pk).get() is None
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 1
    assert email.sent_at == sent_at
    assert len(mail.outbox) == 1


def test_email_deliver_missing_email_returns_quietly():
    assert email_deliver(email_id=987654) is None
    assert task_send_email.delay(email_id=987654).get() is None
    assert mail.outbox == []


def test_email_deliver_transport_failure_marks_failed(settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    email = make_email()
    assert email_deliver(email_id=email.pk) == EmailStatus.FAILED
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == 1
    assert email.last_error == "SMTPException: 451 4.3.0 Mail server temporarily unavailable"
    assert email.sent_at is None
    assert mail.outbox == []


def test_task_send_email_transport_failure_retries_to_limit_then_stays_failed(
    settings, eager_retries, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue(to="a@school.be", subject="Onderwerp", body_text="Tekst")
    email.refresh_from_db()
    assert MAX_ATTEMPTS == 5
    assert email.attempts == MAX_ATTEMPTS
    assert email.status == EmailStatus.FAILED
    assert email.last_error.startswith("SMTPException: 451")
    assert mail.outbox == []


def test_task_send_email_transient_failure_sent_on_retry(settings, eager_retries):
    settings.EMAIL_BACKEND = FLAKY_BACKEND
    FlakyEmailBackend.refusals_left = 1
    email = make_email()
    assert task_send_email.delay(email_id=email.pk).get() == EmailStatus.SENT
    email.refresh_from_db()
    assert FlakyEmailBackend.refusals_left == 0
    assert email.status == EmailStatus.SENT
    assert email.attempts == 2
    assert email.last_error == ""
    assert len(mail.outbox) == 1


def test_email_resend_failed_email_sends_it(django_capture_on_commit_callbacks):
    email = make_email(status=EmailStatus.FAILED, attempts=5, last_error="SMTPException: 451")
    with django_capture_on_commit_callbacks(execute=True):
        email_resend(email=email)
        assert Email.objects.get(pk=email.pk).status == EmailStatus.QUEUED
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 6
    assert email.last_error == ""
    assert [message.to for message in mail.outbox] == [["school@example.org"]]


def test_email_resend_sent_email_changes_nothing(django_capture_on_commit_callbacks):
    email = make_email(status=EmailStatus.SENT, attempts=1, sent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email_resend(email=email)
    assert callbacks == []
    assert Email.objects.get(pk=email.pk).status == EmailStatus.SENT
    assert mail.outbox == []


def test_email_requeue_stale_queues_only_old_queued_emails():
    long_ago = timezone.now() - timedelta(minutes=11)
    stale = make_email(to="stale@school.be", created_at=long_ago)
    recent = make_email(to="recent@school.be", created_at=timezone.now() - timedelta(minutes=9))
    failed = make_email(to="failed@school.be", created_at=long_ago, status=EmailStatus.FAILED)
    sent = make_email(
        to="sent@school.be", created_at=long_ago, status=EmailStatus.SENT, sent_at=long_ago
    )
    assert task_requeue_stale_emails() == 1  # STALE_AFTER: ten minutes
    assert [message.to for message in mail.outbox] == [["stale@school.be"]]
    statuses = dict(Email.objects.values_list("to", "status"))
    assert statuses == {
        stale.to: EmailStatus.SENT,
        recent.to: EmailStatus.QUEUED,
        failed.to: EmailStatus.FAILED,
        sent.to: EmailStatus.SENT,
    }


def test_email_render_and_queue_renders_invitation_templates(
    settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://plg.example.org"
    juror = UserFactory.build(role="jury", full_name="Jo Peeters", email="jo@school.be")
    inviter = UserFactory.build(role="staff", full_name="Ann D'hondt")
    accept_url = "https://plg.example.org/uitnodiging/abc/def/"
    with django_capture_on_commit_callbacks(execute=True):
        email = email_render_and_queue(
            to=juror.email,
            template="emails/invitation",
            context={
                "user": juror,
                "invited_by": inviter,
                "accept_url": accept_url,
                "valid_days": 14,
            },
            event_key="invitation:test",
        )
    email.refresh_from_db()
    assert email.subject == "Uitnodiging voor de PLG Portal als Jurylid"
    assert email.body_text.startswith("Beste Jo,\n\n")
    # The text part is not HTML: an apostrophe stays an apostrophe.
    assert "Ann D'hondt nodigt u uit in de PLG Portal" in email.body_text
    assert f"\n{accept_url}\n" in email.body_text
    assert "De link is 14 dagen geldig" in email.body_text
    assert email.body_html.startswith("<!DOCTYPE html>")
    assert "Ann D&#x27;hondt nodigt u uit" in email.body_html
    assert f'href="{accept_url}"' in email.body_html
    assert email.status == EmailStatus.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == email.subject
    assert mail.outbox[0].alternatives == [(email.body_html, "text/html")]


@pytest.fixture
def sent_and_failed_emails(db):
    sent = make_email(
        to="sent@school.be",
        subject="Bevestiging van uw aanvraag",
        status=EmailStatus.SENT,
        attempts=1,
        sent_at=timezone.now(),
    )
    failed = make_email(
        to="failed@school.be",
        subject="Uitnodiging voor de jury",
        status=EmailStatus.FAILED,
        attempts=5,
        last_error="SMTPException: 451",
    )
    return sent, failed


def test_admin_outbox_staff_sees_sent_and_failed_with_status(
    client, staff_user, sent_and_failed_emails
):
    client.force_login(staff_user)
    response = client.get(OUTBOX_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bevestiging van uw aanvraag" in page
    assert "Uitnodiging voor de jury" in page
    assert '<td class="field-status">Verzonden</td>' in page
    assert '<td class="field-status">Mislukt</td>' in page
    # A record of what was sent: it can be resent, not deleted.
    assert '<option value="resend">' in page
    assert 'value="delete_selected"' not in page


def test_admin_outbox_resend_action_sends_failed_only(
    client, staff_user, sent_and_failed_emails, django_capture_on_commit_callbacks
):
    sent, failed = sent_and_failed_emails
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            OUTBOX_URL,
            {"action": "resend", "_selected_action": [sent.pk, failed.pk]},
            follow=True,
        )
    assert response.redirect_chain == [(OUTBOX_URL, 302)]
    assert "1 e-mail opnieuw in de wachtrij gezet." in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == EmailStatus.SENT
    assert failed.attempts == 6
    assert [message.to for message in mail.outbox] == [["failed@school.be"]]
    assert Email.objects.get(pk=sent.pk).attempts == 1


def test_admin_outbox_juror_redirected_to_login(client, juror, sent_and_failed_emails):
    client.force_login(juror)
    response = client.get(OUTBOX_URL)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={OUTBOX_URL}"
