from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from plgportal.outbox.demo import seed_outbox
from plgportal.outbox.models import Email

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def test_demo_outbox_has_sent_queued_and_failed_mails_and_sends_nothing(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        seed_outbox(today=TODAY)

    statuses = sorted(Email.objects.values_list("status", flat=True))
    assert statuses.count("sent") >= 3
    assert statuses.count("queued") == 1
    assert statuses.count("failed") == 1
    failed = Email.objects.get(status="failed")
    assert failed.last_error.startswith("SMTPRecipientsRefused:")
    assert "550" in failed.last_error
    assert callbacks == []
    assert mail.outbox == []


def test_demo_outbox_seeds_twice_without_duplicates():
    seed_outbox(today=TODAY)
    count = Email.objects.count()

    seed_outbox(today=TODAY)

    assert Email.objects.count() == count
    assert Email.objects.get(subject__startswith="Dossier PLG-2024-001").attachments.count() == 1


def test_demo_outbox_shows_on_the_staff_page(client, staff_user):
    seed_outbox(today=TODAY)
    client.force_login(staff_user)

    page = client.get(reverse("outbox:list")).content.decode()

    assert "User unknown in virtual mailbox table" in page
    assert "Dossier PLG-2024-001 is ingediend" in page
