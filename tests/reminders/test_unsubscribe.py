"""The link in every reminder switches that reminder off for its address, without signing in."""

import re
from datetime import date, time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from plgportal.accounts.models import NotificationOptOut
from plgportal.outbox.models import Email
from plgportal.reminders.models import AddressOptOut
from plgportal.reminders.services import reminders_send_due
from plgportal.reminders.unsubscribe import read_unsubscribe_token, unsubscribe_token
from sessions.models import Meeting
from tests.factories import UserFactory, brussels
from tests.sessions.factories import trajectory_for

SEVEN_DAYS_BEFORE = brussels(2026, 3, 3, 0, 5)


def test_token_names_address_and_kind():
    token = unsubscribe_token(email="An@School.be", kind="meeting_upcoming")
    assert read_unsubscribe_token(token) == ("an@school.be", "meeting_upcoming")


@pytest.mark.parametrize("token", ["bogus", "", "x:y:z"])
def test_forged_token_is_refused(token):
    assert read_unsubscribe_token(token) is None


def test_tampered_token_is_refused():
    token = unsubscribe_token(email="an@school.be", kind="meeting_upcoming")
    assert (
        read_unsubscribe_token(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]) is None
    )


@pytest.fixture
def meeting_in_a_week(coach):
    trajectory = trajectory_for(coach=coach)
    Meeting.objects.filter(trajectory=trajectory, position=1).update(
        date=date(2026, 3, 10), start_time=time(19, 0)
    )
    return trajectory


def _unsubscribe_path(email: Email) -> str:
    [link] = re.findall(r"https?://\S+/herinneringen/uitschakelen/\S+/", email.body_text)
    return urlsplit(link).path


@pytest.mark.django_db
def test_participant_without_account_switches_meeting_reminders_off(client, meeting_in_a_week):
    participant = meeting_in_a_week.participants.order_by("pk").first()
    reminders_send_due(now=SEVEN_DAYS_BEFORE)
    email = Email.objects.get(to=participant.email)
    path = _unsubscribe_path(email)
    assert f'<a href="{settings.SITE_URL}{path}">deze link</a>' in email.body_html

    page = client.get(path)
    assert page.status_code == 200
    assert "Herinnering: bijeenkomst komt eraan" in page.content.decode()
    assert not AddressOptOut.objects.exists()  # looking is not switching off

    done = client.post(path, follow=True)
    assert "U ontvangt deze herinnering niet meer" in done.content.decode()
    assert list(AddressOptOut.objects.values_list("email", "kind")) == [
        (participant.email.lower(), "meeting_upcoming")
    ]
    # The 1-day reminder goes to everyone else, not to this participant.
    reminders_send_due(now=brussels(2026, 3, 9, 0, 5))
    one_day = Email.objects.filter(event_key__contains=":d1:")
    assert one_day.count() == meeting_in_a_week.participants.count() - 1
    assert not one_day.filter(to=participant.email).exists()


@pytest.mark.django_db
def test_address_with_account_switches_off_in_the_profile(client):
    user = UserFactory(email="coach.x@example.org")
    token = unsubscribe_token(email="Coach.X@example.org", kind="minutes_missing")

    client.post(reverse("reminders:unsubscribe", kwargs={"token": token}))
    client.post(reverse("reminders:unsubscribe", kwargs={"token": token}))

    assert list(NotificationOptOut.objects.values_list("user", "kind")) == [
        (user.pk, "minutes_missing")
    ]
    assert not AddressOptOut.objects.exists()


@pytest.mark.django_db
def test_forged_link_changes_nothing(client):
    response = client.post(reverse("reminders:unsubscribe", kwargs={"token": "bogus"}))
    assert response.status_code == 400
    assert "niet geldig" in response.content.decode()
    assert not AddressOptOut.objects.exists()
