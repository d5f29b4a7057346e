"""reminders_send_due: every due reminder queued once, in the recipient's language, under each
call's rules and each user's opt-outs."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from plgportal.accounts.models import NotificationOptOut
from plgportal.calls.services import call_copy
from plgportal.outbox.models import Email
from plgportal.reminders.models import ReminderRule
from plgportal.reminders.services import reminders_send_due
from plgportal.urls_absolute import absolute_url
from sessions.models import Meeting
from tests.factories import CallFactory, DossierFactory, UserFactory, brussels
from tests.sessions.factories import trajectory_for

pytestmark = pytest.mark.django_db

THREE_DAYS_BEFORE = brussels(2026, 3, 17, 9, 5)


@pytest.fixture
def call():
    return CallFactory(opens_at=brussels(2026, 1, 5, 9), deadline=brussels(2026, 3, 20, 23, 59))


@pytest.fixture
def dossier(call):
    return DossierFactory(
        call=call, working_title="Samen sterk", created_by=UserFactory(email="an@school.be")
    )


def test_due_reminder_queued_once_however_often_it_runs(dossier):
    assert reminders_send_due(now=THREE_DAYS_BEFORE) == 1
    assert reminders_send_due(now=THREE_DAYS_BEFORE) == 0
    assert reminders_send_due(now=brussels(2026, 3, 17, 10, 5)) == 0
    [email] = Email.objects.all()
    assert email.to == "an@school.be"
    assert (
        email.event_key
        == f"reminder:draft_deadline:dossier-{dossier.pk}:2026-03-20:d3:to-an@school.be"
    )
    assert email.subject == "Herinnering: uw PLG-aanvraag “Samen sterk” is nog niet ingediend"
    assert "vrijdag 20 maart 2026, 23:59" in email.body_text
    assert absolute_url("applications:dossier_detail", pk=dossier.pk) in email.body_text
    assert absolute_url("accounts:profile") in email.body_text
    assert f'<a href="{absolute_url("accounts:profile")}">uw profiel</a>' in email.body_html


def test_next_stage_is_a_new_mail(dossier):
    reminders_send_due(now=THREE_DAYS_BEFORE)
    assert reminders_send_due(now=brussels(2026, 3, 19, 9, 5)) == 1
    assert sorted(Email.objects.values_list("event_key", flat=True)) == [
        f"reminder:draft_deadline:dossier-{dossier.pk}:2026-03-20:d1:to-an@school.be",
        f"reminder:draft_deadline:dossier-{dossier.pk}:2026-03-20:d3:to-an@school.be",
    ]


def test_opted_out_user_not_reminded(dossier):
    NotificationOptOut.objects.create(user=dossier.created_by, kind="draft_deadline")
    assert reminders_send_due(now=THREE_DAYS_BEFORE) == 0
    assert not Email.objects.exists()


def test_opt_out_of_another_kind_changes_nothing(dossier):
    NotificationOptOut.objects.create(user=dossier.created_by, kind="report_due")
    assert reminders_send_due(now=THREE_DAYS_BEFORE) == 1


def test_disabled_rule_sends_nothing(call, dossier):
    ReminderRule.objects.create(call=call, kind="draft_deadline", enabled=False)
    assert reminders_send_due(now=THREE_DAYS_BEFORE) == 0


def test_rule_days_replace_the_default(call, dossier):
    ReminderRule.objects.create(call=call, kind="draft_deadline", days="10")
    assert reminders_send_due(now=brussels(2026, 3, 9, 9)) == 0  # 14 days: not in the rule
    assert reminders_send_due(now=brussels(2026, 3, 10, 9)) == 1
    assert Email.objects.get().event_key.endswith(":d10:to-an@school.be")
    assert reminders_send_due(now=THREE_DAYS_BEFORE) == 0  # still the 10-day stage


def test_french_user_gets_french_mail(dossier):
    user = dossier.created_by
    user.language = "fr-be"
    user.save()
    reminders_send_due(now=THREE_DAYS_BEFORE)
    email = Email.objects.get()
    assert "Bien cordialement," in email.body_text
    assert "Met vriendelijke groeten," not in email.body_text


def test_meeting_reminder_carries_the_invitation(coach):
    trajectory = trajectory_for(coach=coach)
    Meeting.objects.filter(trajectory=trajectory, position=1).update(
        date=date(2026, 3, 10), start_time=time(19, 0)
    )
    queued = reminders_send_due(now=brussels(2026, 3, 3, 0, 5))
    assert queued == trajectory.participants.count() == 9
    email = Email.objects.filter(event_key__startswith="reminder:meeting_upcoming:").first()
    assert "dinsdag 10 maart 2026, 19:00" in email.body_text
    [attachment] = email.attachments.all()
    assert attachment.filename == "bijeenkomst.ics"
    assert b"BEGIN:VEVENT" in bytes(attachment.content)


@pytest.mark.parametrize("days", ["14,3,1", "7", " 2, 1"])
def test_rule_accepts_day_lists(call, days):
    ReminderRule(call=call, kind="meeting_upcoming", days=days).full_clean()


@pytest.mark.parametrize("days", ["0", "3;1", "-2", "drie"])
def test_rule_refuses_bad_day_lists(call, days):
    with pytest.raises(ValidationError) as error:
        ReminderRule(call=call, kind="meeting_upcoming", days=days).full_clean()
    assert "days" in error.value.message_dict


def test_one_rule_per_kind_and_call(call):
    ReminderRule.objects.create(call=call, kind="report_due", days="5")
    with pytest.raises(ValidationError):
        ReminderRule(call=call, kind="report_due", days="3").full_clean()


def test_call_copy_copies_the_reminder_rules(call):
    ReminderRule.objects.create(call=call, kind="report_due", days="21,7", enabled=True)
    ReminderRule.objects.create(call=call, kind="draft_deadline", enabled=False)
    copy = call_copy(source=call, title="Oproep 2026", slug="oproep-2026")
    assert sorted(copy.reminder_rules.values_list("kind", "days", "enabled")) == [
        ("draft_deadline", "", False),
        ("report_due", "21,7", True),
    ]
    assert call.reminder_rules.count() == 2


def test_scoring_reminder_lists_the_open_dossiers(call):
    from jury.models import Jury
    from tests.jury.factories import AssignmentFactory

    Jury.objects.create(call=call, phase="scoring", scoring_deadline=brussels(2026, 4, 15, 17))
    juror = UserFactory(role="jury", email="jury@kbs.be")
    for title in ("Leren van elkaar", "Talent houden"):
        AssignmentFactory(dossier=DossierFactory(call=call, working_title=title), juror=juror)
    assert reminders_send_due(now=brussels(2026, 4, 13, 9, 5)) == 1
    email = Email.objects.get(to="jury@kbs.be")
    assert email.subject == "Herinnering: nog 2 dossiers te beoordelen"
    assert "woensdag 15 april 2026, 17:00" in email.body_text
    assert "Leren van elkaar" in email.body_text and "Talent houden" in email.body_html
    assert absolute_url("home") in email.body_text


def test_minutes_and_report_reminders_render(coach):
    trajectory = trajectory_for(coach=coach)
    call = trajectory.dossier.call
    call.evaluation_report_due = date(2026, 3, 16)
    call.save()
    Meeting.objects.filter(trajectory=trajectory, position=1).update(date=date(2026, 3, 10))
    reminders_send_due(now=brussels(2026, 3, 13, 9, 5))
    minutes = Email.objects.get(event_key__startswith="reminder:minutes_missing:")
    assert minutes.to == coach.email
    assert (
        minutes.subject
        == "Herinnering: het verslag van PLG-bijeenkomst 1 van 10 maart 2026 ontbreekt"
    )
    assert "/verslag/" in minutes.body_text
    report = Email.objects.filter(event_key__startswith="reminder:report_due:")
    assert sorted(report.values_list("to", flat=True)) == sorted(
        [coach.email, trajectory.dossier.created_by.email]
    )
    assert "maandag 16 maart 2026" in report.first().body_text
    assert absolute_url("sessions:trajectory_report", pk=trajectory.pk) in report.first().body_text


def test_beat_runs_the_reminder_task_every_hour():
    from django.conf import settings

    from plgportal.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["reminders-send-due"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert entry["schedule"].minute == {5}
    assert len(entry["schedule"].hour) == 24
