"""Where people see the reminder settings: the report's due date, the call's admin page."""

from datetime import date

import pytest
from django.urls import reverse

from plgportal.accounts.enums import NotificationKind
from plgportal.reminders.schedule import DEFAULT_DAYS
from tests.factories import CallFactory
from tests.sessions.factories import trajectory_for

pytestmark = pytest.mark.django_db


def test_report_page_shows_due_date(client, coach):
    trajectory = trajectory_for(coach=coach)
    client.force_login(coach)
    url = reverse("sessions:trajectory_report", kwargs={"pk": trajectory.pk})
    content = client.get(url).content.decode()
    assert "In te dienen uiterlijk op 30 juni 2026." in content  # the school year's end
    call = trajectory.dossier.call
    call.evaluation_report_due = date(2026, 6, 15)
    call.save()
    assert "In te dienen uiterlijk op 15 juni 2026." in client.get(url).content.decode()


def test_call_admin_shows_reminder_rules(client, admin_user):
    call = CallFactory()
    call.reminder_rules.create(kind="meeting_upcoming", days="10,2")
    client.force_login(admin_user)
    response = client.get(reverse("admin:calls_call_change", args=[call.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="reminder_rules-0-days"' in content and 'value="10,2"' in content
    assert 'name="evaluation_report_due"' in content


def test_call_admin_lists_every_reminder_with_its_default_days(client, admin_user):
    call = CallFactory()
    client.force_login(admin_user)
    content = client.get(reverse("admin:calls_call_change", args=[call.pk])).content.decode()
    assert "Herinneringen" in content
    for kind, days in DEFAULT_DAYS.items():
        line = f"{NotificationKind(kind).label}: {', '.join(map(str, days))} dagen (standaard)"
        assert f"<li>{line}</li>" in content


def test_call_admin_shows_a_saved_rule_instead_of_the_default(client, admin_user):
    call = CallFactory()
    client.force_login(admin_user)
    url = reverse("admin:calls_call_change", args=[call.pk])
    call.reminder_rules.create(kind="meeting_upcoming", days="10,2")
    call.reminder_rules.create(kind="report_due", enabled=False)
    content = client.get(url).content.decode()
    assert "<li>Herinnering: bijeenkomst komt eraan: 10, 2 dagen</li>" in content
    assert (
        "<li>Herinnering: evaluatieverslag in te dienen: 14, 3 dagen (standaard)"
        " – wordt niet verstuurd</li>"
    ) in content
    assert "<li>Herinnering: verslag van een bijeenkomst ontbreekt: 3 dagen (standaard)</li>" in (
        content
    )
