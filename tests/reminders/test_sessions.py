"""Trajectory reminders: upcoming meetings (with the invitation), missing minutes, and the
evaluation report."""

from datetime import date, time

import pytest

from plgportal.calls.models import Call
from plgportal.outbox.models import Email
from plgportal.reminders.services import reminders_send_due
from sessions.enums import MeetingRole
from sessions.models import (
    CalendarToken,
    EvaluationReport,
    Meeting,
    Minutes,
    Preparation,
    RoleTaken,
)
from sessions.reminders import (
    meeting_upcoming_reminders,
    minutes_missing_reminders,
    report_due_reminders,
)
from tests.factories import UserFactory, brussels
from tests.sessions.factories import trajectory_for

pytestmark = pytest.mark.django_db

MEETING_DAY = date(2026, 3, 10)


@pytest.fixture
def trajectory(coach):
    trajectory = trajectory_for(coach=coach)
    Meeting.objects.filter(trajectory=trajectory, position=1).update(
        date=MEETING_DAY, start_time=time(19, 0), end_time=time(21, 30), address="Kerkstraat 1"
    )
    return trajectory


def first_meeting(trajectory):
    return trajectory.meetings.get(position=1)


# Upcoming meetings ---------------------------------------------------------------------------


def test_active_participants_reminded_seven_days_before_with_invitation(trajectory):
    participants = list(trajectory.participants.order_by("pk"))
    gone, later = participants[0], participants[1]
    gone.active_until = date(2026, 3, 1)
    gone.save()
    later.active_from = date(2026, 4, 1)
    later.save()
    meeting = first_meeting(trajectory)
    call = trajectory.dossier.call
    reminders = meeting_upcoming_reminders(call=call, days=(7, 1), now=brussels(2026, 3, 3))
    assert sorted(r.to for r in reminders) == sorted(p.email for p in participants[2:])
    reminder = reminders[0]
    assert reminder.context["days"] == 7
    assert reminder.event_key == (
        f"reminder:meeting_upcoming:meeting-{meeting.pk}:2026-03-10:d7:to-{reminder.to.lower()}"
    )
    assert reminder.context["action_url"].endswith(
        f"/trajecten/{trajectory.pk}/bijeenkomsten/{meeting.pk}/"
    )
    [invitation] = reminder.attachments
    assert invitation.filename.endswith(".ics")
    assert invitation.mimetype.startswith("text/calendar")
    ics = invitation.content.decode()
    assert ics.count("BEGIN:VEVENT") == 1
    assert f"UID:meeting-{meeting.pk}@" in ics
    assert "DTSTART:20260310T180000Z" in ics  # 19:00 Brussels in winter


def test_meeting_reminder_names_the_schools_roles_preparation_and_calendar(trajectory):
    meeting = first_meeting(trajectory)
    schools = list(trajectory.dossier.schools.order_by("position"))
    RoleTaken.objects.create(meeting=meeting, school=schools[0], role=MeetingRole.REPORTER)
    Preparation.objects.create(meeting=meeting, school=schools[0], source_title="Blijvers")
    Meeting.objects.filter(pk=meeting.pk).update(host_school=schools[1])
    call = trajectory.dossier.call
    reminders = meeting_upcoming_reminders(call=call, days=(7,), now=brussels(2026, 3, 3))
    by_school = {r.context["part"].school: r for r in reminders}
    reporter, host = by_school[schools[0]], by_school[schools[1]]
    assert (reporter.context["part"].roles, reporter.context["part"].prepared) == (
        (MeetingRole.REPORTER,),
        True,
    )
    assert (host.context["part"].roles, host.context["part"].hosts) == ((), True)
    token = CalendarToken.objects.get(trajectory=trajectory).token
    assert reporter.context["calendar_url"].endswith(f"/trajecten/agenda/{token}.ics")
    # A joint event has no roles of a school.
    kickoff = Meeting.objects.create(call=call, kind="kickoff", date=date(2026, 3, 10))
    joint = meeting_upcoming_reminders(call=call, days=(7,), now=brussels(2026, 3, 3))
    assert {r.context["part"] for r in joint if r.context["meeting"] == kickoff} == {None}


def test_meeting_reminder_mail_shows_the_schools_part_and_the_calendar(trajectory):
    meeting = first_meeting(trajectory)
    schools = list(trajectory.dossier.schools.order_by("position"))
    RoleTaken.objects.create(meeting=meeting, school=schools[0], role=MeetingRole.REPORTER)
    reporter = trajectory.participants.filter(school=schools[0]).first()
    reminders_send_due(now=brussels(2026, 3, 3, 0, 5))
    email = Email.objects.get(event_key__startswith="reminder:meeting_upcoming:", to=reporter.email)
    token = CalendarToken.objects.get(trajectory=trajectory).token
    for body in (email.body_text, email.body_html):
        assert f"Rol van {schools[0].name}: Verslaggever." in body
        assert "De voorbereiding van uw school is nog niet geregistreerd." in body
        assert f"/trajecten/agenda/{token}.ics" in body


def test_no_meeting_reminder_before_the_stage_or_without_a_date(trajectory):
    call = trajectory.dossier.call
    assert meeting_upcoming_reminders(call=call, days=(7,), now=brussels(2026, 3, 2, 23)) == []
    Meeting.objects.filter(trajectory=trajectory).update(date=None)
    assert meeting_upcoming_reminders(call=call, days=(7,), now=brussels(2026, 3, 3)) == []


def test_replanned_meeting_is_a_new_event(trajectory):
    call = trajectory.dossier.call
    [before, *_] = meeting_upcoming_reminders(call=call, days=(1,), now=brussels(2026, 3, 9))
    Meeting.objects.filter(pk=first_meeting(trajectory).pk).update(date=date(2026, 3, 12))
    [after, *_] = meeting_upcoming_reminders(call=call, days=(1,), now=brussels(2026, 3, 11))
    assert ":2026-03-10:d1:" in before.event_key
    assert ":2026-03-12:d1:" in after.event_key


def test_joint_event_reminds_participants_of_every_trajectory(trajectory, coach):
    call = trajectory.dossier.call
    other = trajectory_for(coach=coach, call=call)
    kickoff = Meeting.objects.create(call=call, kind="kickoff", date=date(2026, 3, 11))
    reminders = [
        r
        for r in meeting_upcoming_reminders(call=call, days=(1,), now=brussels(2026, 3, 10, 12))
        if r.context["meeting"] == kickoff
    ]
    expected = {p.email for t in (trajectory, other) for p in t.participants.all()}
    assert {r.to for r in reminders} == expected
    assert all(r.attachments for r in reminders)


@pytest.mark.parametrize("size", [1, 3])
def test_meeting_reminders_query_count_does_not_grow(coach, size, django_assert_num_queries):
    first = trajectory_for(coach=coach)
    call = first.dossier.call
    trajectories = [first] + [trajectory_for(coach=coach, call=call) for _ in range(size - 1)]
    Meeting.objects.filter(trajectory__in=trajectories, position=1).update(date=MEETING_DAY)
    call = Call.objects.get(pk=call.pk)
    # Meetings (with call, dossier, host), their roles and preparations, participants (with
    # school and calendar token).
    with django_assert_num_queries(4):
        reminders = meeting_upcoming_reminders(call=call, days=(7,), now=brussels(2026, 3, 3))
    assert len(reminders) == 9 * size


# Missing minutes -----------------------------------------------------------------------------

THREE_DAYS_AFTER = brussels(2026, 3, 13, 8)


def test_reporter_school_participants_asked_for_minutes(trajectory):
    meeting = first_meeting(trajectory)
    school = trajectory.dossier.schools.order_by("position").first()
    RoleTaken.objects.create(meeting=meeting, school=school, role="reporter")
    RoleTaken.objects.create(meeting=meeting, school=trajectory.dossier.schools.last(), role="host")
    reporters = list(trajectory.participants.filter(school=school).order_by("pk"))
    reporters[0].active_until = date(2026, 3, 12)  # left the PLG since
    reporters[0].save()
    call = trajectory.dossier.call
    reminders = minutes_missing_reminders(call=call, days=(3,), now=THREE_DAYS_AFTER)
    assert sorted(r.to for r in reminders) == sorted(p.email for p in reporters[1:])
    assert reminders[0].event_key == (
        f"reminder:minutes_missing:meeting-{meeting.pk}:2026-03-10:d3:to-{reminders[0].to.lower()}"
    )
    assert (
        reminders[0]
        .context["action_url"]
        .endswith(f"/trajecten/{trajectory.pk}/bijeenkomsten/{meeting.pk}/verslag/")
    )


def test_coach_asked_for_minutes_when_no_reporter_role(trajectory, coach):
    call = trajectory.dossier.call
    reminders = minutes_missing_reminders(call=call, days=(3,), now=THREE_DAYS_AFTER)
    assert [r.to for r in reminders] == [coach.email]


def test_no_minutes_reminder_when_minutes_written_or_too_early(trajectory, coach):
    call = trajectory.dossier.call
    now = brussels(2026, 3, 12, 23, 59)
    assert minutes_missing_reminders(call=call, days=(3,), now=now) == []
    Minutes.objects.create(meeting=first_meeting(trajectory), text="Besproken", written_by=coach)
    assert minutes_missing_reminders(call=call, days=(3,), now=THREE_DAYS_AFTER) == []


@pytest.mark.parametrize("size", [1, 3])
def test_minutes_reminders_query_count_does_not_grow(coach, size, django_assert_num_queries):
    first = trajectory_for(coach=coach)
    call = first.dossier.call
    trajectories = [first] + [trajectory_for(coach=coach, call=call) for _ in range(size - 1)]
    for trajectory in trajectories:
        meeting = first_meeting(trajectory)
        meeting.date = MEETING_DAY
        meeting.save()
        RoleTaken.objects.create(
            meeting=meeting, school=trajectory.dossier.schools.first(), role="reporter"
        )
    with django_assert_num_queries(3):  # meetings, reporter roles, participants
        reminders = minutes_missing_reminders(call=call, days=(3,), now=THREE_DAYS_AFTER)
    assert len(reminders) == 3 * size


# Evaluation report ---------------------------------------------------------------------------


def test_coach_and_contacts_reminded_before_report_due(trajectory, coach):
    call = trajectory.dossier.call
    # The 2024 call's school year runs to 31 August; its report stays due on 30 June.
    assert call.report_due_date == call.evaluation_report_due == date(2026, 6, 30)
    trajectory.dossier.collaborators.create(email="partner@school.be", role="partner")
    reminders = report_due_reminders(call=call, days=(14, 3), now=brussels(2026, 6, 16))
    assert [r.to for r in reminders] == [
        coach.email,
        trajectory.dossier.created_by.email,
        "partner@school.be",
    ]
    assert reminders[0].event_key == (
        f"reminder:report_due:trajectory-{trajectory.pk}:2026-06-30:d14:to-{coach.email}"
    )
    assert reminders[0].context["action_url"].endswith(f"/{trajectory.pk}/evaluatieverslag/")


def test_report_due_date_of_the_call_wins(trajectory):
    call = trajectory.dossier.call
    call.evaluation_report_due = date(2026, 5, 31)
    assert report_due_reminders(call=call, days=(3,), now=brussels(2026, 5, 27, 23)) == []
    reminders = report_due_reminders(call=call, days=(3,), now=brussels(2026, 5, 28))
    assert {r.context["due_date"] for r in reminders} == {date(2026, 5, 31)}
    # Still due on the day itself, no longer the next day.
    assert report_due_reminders(call=call, days=(3,), now=brussels(2026, 5, 31, 23))
    assert report_due_reminders(call=call, days=(3,), now=brussels(2026, 6, 1)) == []


@pytest.mark.parametrize(
    ("status", "reminded"),
    [("draft", True), ("changes_requested", True), ("submitted", False), ("approved", False)],
)
def test_report_reminder_only_while_report_is_open(trajectory, status, reminded):
    EvaluationReport.objects.create(trajectory=trajectory, status=status)
    call = trajectory.dossier.call
    assert bool(report_due_reminders(call=call, days=(3,), now=brussels(2026, 6, 28))) is reminded


@pytest.mark.parametrize("size", [1, 3])
def test_report_reminders_query_count_does_not_grow(coach, size, django_assert_num_queries):
    first = trajectory_for(coach=coach)
    call = first.dossier.call
    for _ in range(size - 1):
        trajectory_for(coach=UserFactory(role="coach"), call=call)
    with django_assert_num_queries(3):  # trajectories, collaborators, their accounts
        reminders = report_due_reminders(call=call, days=(3,), now=brussels(2026, 6, 28))
    assert len(reminders) == 2 * size
