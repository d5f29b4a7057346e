"""The participants' trajectories on their home page, and the menu that leads to them."""

import re
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from sessions.enums import MeetingKind, MeetingRole
from sessions.models import CalendarToken, Meeting, Preparation, RoleTaken
from tests.factories import UserFactory
from tests.sessions.factories import trajectory_for

pytestmark = pytest.mark.django_db


def _planned(trajectory, *, lead_school=True):
    """Meeting 1 a week from now at 14:00 in the second school, meeting 2 a month later; the
    first school leads the dossier and reports at meeting 1."""
    today = timezone.localdate()
    schools = list(trajectory.dossier.schools.order_by("position"))
    if lead_school:
        trajectory.dossier.lead_school = schools[0]
        trajectory.dossier.save(update_fields=["lead_school"])
    for meeting in trajectory.meetings.all():
        meeting.date = today + timedelta(days=7 + 30 * (meeting.position - 1))
        meeting.start_time, meeting.end_time = time(14), time(16, 30)
        meeting.host_school = schools[1]
        meeting.address = "Kerkstraat 1, 9000 Gent"
        meeting.save()
    first = trajectory.meetings.get(position=1)
    RoleTaken.objects.create(meeting=first, school=schools[0], role=MeetingRole.REPORTER)
    RoleTaken.objects.create(meeting=first, school=schools[1], role=MeetingRole.HOST)
    return first, schools


@pytest.fixture
def trajectory(applicant, coach):
    return trajectory_for(coach=coach, created_by=applicant)


def _home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def test_director_sees_next_meeting_their_schools_role_preparation_and_links(
    client, applicant, coach, trajectory
):
    meeting, schools = _planned(trajectory)
    response = _home(client, applicant)
    [panel] = response.context["trajectory_panels"]
    assert panel.next_meeting == meeting
    assert [(p.school, p.roles, p.hosts, p.prepared) for p in panel.parts] == [
        (schools[0], (MeetingRole.REPORTER,), False, False)
    ]
    page = response.content.decode()
    assert "Mijn traject" in page
    assert trajectory.dossier.working_title in page
    assert escape(coach.full_name) in page
    assert "PLG-bijeenkomst 1" in page
    date_text = meeting.date.strftime("%d").lstrip("0")
    assert re.search(rf"\b{date_text} \w+ {meeting.date.year}, 14:00–16:30", page)
    assert f"Gastschool: {schools[1].name}" in page
    assert "rol: Verslaggever" in page
    assert "Nog geen voorbereiding geregistreerd" in page
    assert reverse("sessions:trajectory_detail", args=[trajectory.pk]) in page
    assert reverse("sessions:meeting_detail", args=[trajectory.pk, meeting.pk]) in page
    token = CalendarToken.objects.get(trajectory=trajectory).token
    assert reverse("sessions:calendar_trajectory", args=[token]) in page


def test_delegate_with_an_account_sees_their_own_school_and_its_preparation(client, trajectory):
    meeting, schools = _planned(trajectory)
    delegate = trajectory.participants.filter(school=schools[1]).first()
    user = UserFactory(role="applicant", email=delegate.email.upper())
    Preparation.objects.create(meeting=meeting, school=schools[1], source_title="Blijvers")
    response = _home(client, user)
    [panel] = response.context["trajectory_panels"]
    assert [(p.school, p.roles, p.hosts, p.prepared) for p in panel.parts] == [
        (schools[1], (MeetingRole.HOST,), True, True)
    ]
    assert "Voorbereiding geregistreerd" in response.content.decode()


def test_partner_director_sees_the_school_of_their_invitation(client, trajectory):
    _planned(trajectory)
    schools = list(trajectory.dossier.schools.order_by("position"))
    partner = UserFactory(role="applicant")
    trajectory.dossier.collaborators.create(
        user=partner, email=partner.email, role="partner", school=schools[2]
    )
    [panel] = _home(client, partner).context["trajectory_panels"]
    assert [p.school for p in panel.parts] == [schools[2]]
    assert panel.parts[0].roles == ()
    assert "nog geen rol" in client.get(reverse("home")).content.decode()


def test_contact_person_without_lead_school_sees_every_school(client, applicant, trajectory):
    _planned(trajectory, lead_school=False)
    [panel] = _home(client, applicant).context["trajectory_panels"]
    assert [p.school for p in panel.parts] == list(trajectory.dossier.schools.all())


def test_held_and_past_meetings_are_not_next_and_joint_events_show(client, applicant, trajectory):
    first, _schools = _planned(trajectory)
    first.held = True
    first.save(update_fields=["held"])
    kickoff = Meeting.objects.create(
        call=trajectory.dossier.call,
        kind=MeetingKind.KICKOFF,
        date=timezone.localdate() + timedelta(days=3),
        address="Brederodestraat 21, Brussel",
    )
    response = _home(client, applicant)
    [panel] = response.context["trajectory_panels"]
    assert panel.next_meeting.position == 2
    assert panel.parts[0].roles == ()
    assert panel.next_joint_event == kickoff
    assert "Startbijeenkomst" in response.content.decode()


def test_no_meeting_ahead_says_so(client, applicant, trajectory):
    Meeting.objects.filter(trajectory=trajectory).update(held=True)
    response = _home(client, applicant)
    [panel] = response.context["trajectory_panels"]
    assert (panel.next_meeting, panel.parts) == (None, ())
    assert "Geen geplande bijeenkomst meer." in response.content.decode()


def test_unrelated_applicant_sees_no_trajectory_and_no_menu_link(
    client, other_applicant, trajectory
):
    _planned(trajectory)
    response = _home(client, other_applicant)
    page = response.content.decode()
    assert response.context["trajectory_panels"] == []
    assert trajectory.dossier.working_title not in page
    assert "Mijn traject" not in page
    assert reverse("sessions:trajectory_list") not in page


def test_menu_leads_participants_to_their_trajectories_on_every_page(client, applicant, trajectory):
    client.force_login(applicant)
    # Before the home page found the trajectory (signing in lands there), no link yet.
    assert (
        reverse("sessions:trajectory_list")
        not in client.get(reverse("accounts:profile")).content.decode()
    )
    client.get(reverse("home"))
    for page in ("home", "accounts:profile"):
        assert reverse("sessions:trajectory_list") in client.get(reverse(page)).content.decode()


def test_home_writes_no_calendar_token(client, applicant, trajectory):
    _planned(trajectory)
    CalendarToken.objects.filter(trajectory=trajectory).delete()
    response = _home(client, applicant)
    assert not CalendarToken.objects.exists()
    [panel] = response.context["trajectory_panels"]
    assert panel.calendar_token is None
    assert reverse("sessions:calendar_links") in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_home_query_count_does_not_grow_with_trajectories(
    client, applicant, coach, django_assert_num_queries, count
):
    for _n in range(count):
        trajectory = trajectory_for(coach=coach, created_by=applicant)
        _planned(trajectory)
    client.force_login(applicant)
    client.get(reverse("home"))  # remembers the trajectories for the menu
    with django_assert_num_queries(12):
        response = client.get(reverse("home"))
    assert len(response.context["trajectory_panels"]) == count


def test_panel_shows_roles_and_preparation_of_the_next_meeting_only(
    client, applicant, coach, trajectory, django_assert_num_queries
):
    """The panel reads roles and preparations of the meeting it shows, not of every meeting:
    a held meeting's and a later meeting's roles and preparations stay off the page."""
    first, schools = _planned(trajectory)
    second = trajectory.meetings.get(position=2)
    RoleTaken.objects.create(meeting=second, school=schools[0], role=MeetingRole.PROCESS_COACH)
    Preparation.objects.create(meeting=second, school=schools[0], source_title="Later")
    held = Meeting.objects.create(
        call=first.call,
        trajectory=trajectory,
        position=9,
        date=timezone.localdate(),
        held=True,
    )
    RoleTaken.objects.create(meeting=held, school=schools[0], role=MeetingRole.OTHER)
    client.force_login(applicant)
    client.get(reverse("home"))

    with django_assert_num_queries(12):
        page = client.get(reverse("home")).content.decode()

    [parts] = re.findall(r'<ul class="list-unstyled mb-2 school-parts">(.*?)</ul>', page, re.S)
    assert "Verslaggever" in parts
    assert "Procescoach" not in parts
    assert "Andere rol" not in parts
    assert "Nog geen voorbereiding geregistreerd" in parts
