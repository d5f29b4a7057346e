"""The welcome mail: participants, most without an account, get the trajectory's essentials
when it starts (its coach is assigned) or when they join it (a replacement)."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from plgportal.outbox.models import Email
from sessions.enums import MeetingKind, MeetingRole
from sessions.models import CalendarToken, Meeting, Preparation, RoleTaken
from sessions.services import (
    coach_assigned_event_key,
    trajectory_assign_coach,
    welcome_event_key,
)
from sessions.trajectories.planning import participant_replace
from tests.factories import UserFactory
from tests.sessions.factories import trajectory_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def trajectory(applicant):
    """Meeting 1 in two weeks at 14:00 hosted by the second school, where the first school
    reports and the second has prepared; meeting 2 held already; meetings 3 to 5 undated; the
    call's kick-off in a week."""
    trajectory = trajectory_for(created_by=applicant, working_title="Samen sterk")
    today = timezone.localdate()
    schools = list(trajectory.dossier.schools.order_by("position"))
    Meeting.objects.filter(trajectory=trajectory).update(date=None)
    first = trajectory.meetings.get(position=1)
    first.date, first.start_time, first.end_time = today + timedelta(14), time(14), time(16, 30)
    first.host_school, first.address = schools[1], "Kerkstraat 1, 9000 Gent"
    first.save()
    trajectory.meetings.filter(position=2).update(date=today - timedelta(7), held=True)
    RoleTaken.objects.create(meeting=first, school=schools[0], role=MeetingRole.REPORTER)
    Preparation.objects.create(meeting=first, school=schools[1], source_title="Blijvers")
    Meeting.objects.create(
        call=trajectory.dossier.call,
        kind=MeetingKind.KICKOFF,
        date=today + timedelta(7),
        start_time=time(13),
        address="Brederodestraat 21, Brussel",
    )
    return trajectory


def _welcome_of(participant):
    return Email.objects.get(event_key__startswith="trajectory-welcome:", to=participant.email)


def test_assigning_the_coach_mails_every_participant_the_essentials(coach, trajectory):
    trajectory_assign_coach(trajectory=trajectory, coach=coach)

    participants = list(trajectory.participants.all())
    emails = Email.objects.filter(event_key__startswith="trajectory-welcome:")
    assert sorted(e.to for e in emails) == sorted(p.email for p in participants)
    schools = list(trajectory.dossier.schools.order_by("position"))
    first = trajectory.meetings.get(position=1)
    token = CalendarToken.objects.get(trajectory=trajectory).token
    reporter = _welcome_of(trajectory.participants.filter(school=schools[0]).first())
    host = _welcome_of(trajectory.participants.filter(school=schools[1]).first())
    assert reporter.subject == "Uw PLG-traject “Samen sterk”: bijeenkomsten en agenda"
    when = f"PLG-bijeenkomst 1: {date_format(first.date, 'l j F Y')}, 14:00–16:30"
    for email in (reporter, host):
        for body in (email.body_text, email.body_html):
            assert "Samen sterk" in body
            assert f"{coach.full_name} ({coach.email})" in body
            assert f"{when}. Gastschool: {schools[1].name} – Kerkstraat 1, 9000 Gent" in body
            assert "PLG-bijeenkomst 2:" not in body  # held already
            assert "PLG-bijeenkomst 3: datum volgt" in body
            assert "Startbijeenkomst: " in body and "Brederodestraat 21, Brussel" in body
            assert reverse("sessions:calendar_trajectory", args=[token]) in body
            assert reverse("account_signup") in body  # no account with this address
    assert f"U neemt deel namens {schools[0].name}." in reporter.body_text
    assert f"Rol van {schools[0].name}: Verslaggever." in reporter.body_text
    assert "De voorbereiding van uw school is nog niet geregistreerd." in reporter.body_text
    assert f"{schools[1].name} heeft nog geen rol. {schools[1].name} is gastschool." in (
        host.body_text
    )
    assert "De voorbereiding van uw school is geregistreerd." in host.body_text


def test_welcome_is_sent_once_per_trajectory_and_address(coach, trajectory):
    trajectory_assign_coach(trajectory=trajectory, coach=coach)
    other_coach = UserFactory(role="coach")
    trajectory_assign_coach(trajectory=trajectory, coach=other_coach)
    trajectory_assign_coach(trajectory=trajectory, coach=coach)
    welcomed = Email.objects.filter(event_key__startswith="trajectory-welcome:")
    assert welcomed.count() == trajectory.participants.count()
    participant = trajectory.participants.first()
    assert _welcome_of(participant).event_key == welcome_event_key(
        trajectory_id=trajectory.pk, to=participant.email
    )


def test_unassigning_the_coach_mails_nobody(trajectory):
    trajectory_assign_coach(trajectory=trajectory, coach=None)
    assert not Email.objects.exists()


def test_welcome_in_the_language_of_the_account_with_a_link_to_the_trajectory(coach, trajectory):
    participant = trajectory.participants.first()
    UserFactory(email=participant.email, language="fr")
    trajectory_assign_coach(trajectory=trajectory, coach=coach)
    email = _welcome_of(participant)
    first = trajectory.meetings.get(position=1)
    with translation.override("fr"):
        french_date = date_format(first.date, "l j F Y")
    assert french_date in email.body_text
    assert "Bien cordialement," in email.body_text
    assert reverse("sessions:trajectory_detail", args=[trajectory.pk]) in email.body_text
    assert reverse("account_signup") not in email.body_text
    # The others, without an account, get the portal's language.
    other = _welcome_of(trajectory.participants.exclude(pk=participant.pk).first())
    assert "Met vriendelijke groeten," in other.body_text


def test_a_replacement_is_welcomed_with_the_meetings_from_their_first_day(coach, trajectory):
    trajectory_assign_coach(trajectory=trajectory, coach=coach)
    old = trajectory.participants.first()
    starts = timezone.localdate() + timedelta(21)  # after meeting 1
    new = participant_replace(
        participant=old,
        full_name="Nieuwe Collega",
        email="nieuw@school.be",
        function="teacher",
        from_date=starts,
        by=coach,
    )
    email = _welcome_of(new)
    assert "Beste Nieuwe Collega," in email.body_text
    assert "PLG-bijeenkomst 1:" not in email.body_text
    assert "PLG-bijeenkomst 3: datum volgt" in email.body_text
    assert Email.objects.filter(event_key__startswith="trajectory-welcome:").count() == (
        trajectory.participants.count()
    )


def test_welcome_shows_user_text_literally(coach, applicant):
    title = "<b>{{ request }}</b> & co"
    trajectory = trajectory_for(created_by=applicant, working_title=title)
    trajectory_assign_coach(trajectory=trajectory, coach=coach)
    email = _welcome_of(trajectory.participants.first())
    assert f"“{title}”" in email.subject
    assert f"“{title}”" in email.body_text
    assert "&lt;b&gt;{{ request }}&lt;/b&gt; &amp; co" in email.body_html
    assert "<b>" not in email.body_html


# The coach's own mail


def _coach_mails():
    return Email.objects.filter(event_key__startswith="trajectory-coach:")


def test_assigning_a_coach_mails_the_coach_the_trajectory(coach, trajectory):
    dossier = trajectory.dossier
    dossier.reference, dossier.submitted_at = "PLG-2026-007", timezone.now()
    dossier.save(update_fields=["reference", "submitted_at"])

    trajectory_assign_coach(trajectory=trajectory, coach=coach)

    [email] = _coach_mails()
    assert email.to == coach.email
    assert email.event_key == coach_assigned_event_key(
        trajectory_id=trajectory.pk, coach_id=coach.pk
    )
    assert email.subject == "U begeleidt het PLG-traject “Samen sterk”"
    first = trajectory.meetings.get(position=1)
    when = f"PLG-bijeenkomst 1: {date_format(first.date, 'l j F Y')}, 14:00–16:30"
    for body in (email.body_text, email.body_html):
        assert "PLG-2026-007 Samen sterk" in body
        for school in dossier.schools.all():
            assert school.name in body
        assert when in body
        assert "PLG-bijeenkomst 2:" not in body  # held already
        assert "PLG-bijeenkomst 3: datum volgt" in body
        assert reverse("sessions:trajectory_detail", args=[trajectory.pk]) in body


def test_a_new_coach_is_mailed_and_nobody_twice(coach, trajectory):
    other_coach = UserFactory(role="coach")
    trajectory_assign_coach(trajectory=trajectory, coach=coach)
    trajectory_assign_coach(trajectory=trajectory, coach=coach)
    trajectory_assign_coach(trajectory=trajectory, coach=other_coach)
    trajectory_assign_coach(trajectory=trajectory, coach=coach)

    assert sorted(e.to for e in _coach_mails()) == sorted([coach.email, other_coach.email])


def test_coach_mail_in_the_coachs_language(coach, trajectory):
    coach.language = "fr"
    coach.save(update_fields=["language"])

    trajectory_assign_coach(trajectory=trajectory, coach=coach)

    [email] = _coach_mails()
    first = trajectory.meetings.get(position=1)
    with translation.override("fr"):
        french_date = date_format(first.date, "l j F Y")
    assert french_date in email.body_text
    assert "Bien cordialement," in email.body_text
