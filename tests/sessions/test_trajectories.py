from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils.html import escape

from sessions.enums import AttendanceStatus, MeetingKind
from sessions.models import Attendance, Meeting, Participant
from tests.factories import UserFactory, eligible_dossier
from tests.sessions.factories import trajectory_for


@pytest.fixture
def trajectory(applicant, coach):
    return trajectory_for(coach=coach, created_by=applicant)


def test_list_staff_sees_all_with_coach_select(client, staff_user, trajectory):
    other = trajectory_for()
    client.force_login(staff_user)
    response = client.get(reverse("sessions:trajectory_list"))
    content = response.content.decode()
    assert trajectory.dossier.working_title in content
    assert other.dossier.working_title in content
    assert reverse("sessions:trajectory_assign_coach", args=[other.pk]) in content


def test_list_coach_sees_only_their_own(client, coach, trajectory):
    other = trajectory_for()
    client.force_login(coach)
    content = client.get(reverse("sessions:trajectory_list")).content.decode()
    assert trajectory.dossier.working_title in content
    assert other.dossier.working_title not in content
    assert "sessions:trajectory_assign_coach" not in content
    assert 'name="coach"' not in content


def test_list_participant_sees_their_own(client, applicant, trajectory):
    other = trajectory_for()
    client.force_login(applicant)
    content = client.get(reverse("sessions:trajectory_list")).content.decode()
    assert trajectory.dossier.working_title in content
    assert other.dossier.working_title not in content


def test_list_juror_gets_an_empty_list_with_a_text(client, juror, trajectory):
    client.force_login(juror)
    content = client.get(reverse("sessions:trajectory_list")).content.decode()
    assert trajectory.dossier.working_title not in content
    assert "Als jurylid volgt u geen trajecten op" in content


def test_assign_coach_takes_a_coach(client, staff_user, coach):
    trajectory = trajectory_for()
    client.force_login(staff_user)
    response = client.post(
        reverse("sessions:trajectory_assign_coach", args=[trajectory.pk]), {"coach": coach.pk}
    )
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.coach == coach


def test_assign_coach_refuses_someone_without_the_coach_role(client, staff_user, juror):
    trajectory = trajectory_for()
    client.force_login(staff_user)
    response = client.post(
        reverse("sessions:trajectory_assign_coach", args=[trajectory.pk]),
        {"coach": juror.pk},
        follow=True,
    )
    trajectory.refresh_from_db()
    assert trajectory.coach is None
    assert "Kies iemand met de rol coach." in response.content.decode()


def test_detail_shows_participants_and_compliance_warnings(client, coach, trajectory):
    meeting = trajectory.meetings.get(position=1)
    meeting.date = trajectory.dossier.call.school_year_end + timedelta(days=10)
    meeting.save()
    client.force_login(coach)
    response = client.get(reverse("sessions:trajectory_detail", args=[trajectory.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    for participant in trajectory.participants.all():
        assert escape(participant.full_name) in content
    assert "buiten schooljaar" in content


def test_detail_names_participants_functions_in_dutch(client, coach, trajectory):
    participant = trajectory.participants.first()
    participant.function = "board_member"
    participant.save(update_fields=["function"])
    client.force_login(coach)

    content = client.get(
        reverse("sessions:trajectory_detail", args=[trajectory.pk])
    ).content.decode()

    assert "(Bestuurder)" in content
    assert "board_member" not in content


def test_detail_shows_joint_events(client, coach, trajectory):
    call = trajectory.dossier.call
    Meeting.objects.create(
        call=call, kind=MeetingKind.KICKOFF, date=call.kickoff_window_start, address="Brederode 21"
    )
    client.force_login(coach)
    content = client.get(
        reverse("sessions:trajectory_detail", args=[trajectory.pk])
    ).content.decode()
    assert "Startbijeenkomst" in content
    assert "Brederode 21" in content


def test_replace_participant_keeps_past_attendance(client, coach, trajectory):
    old = trajectory.participants.first()
    meeting = trajectory.meetings.get(position=1)
    Attendance.objects.create(meeting=meeting, participant=old, status=AttendanceStatus.PRESENT)
    from_date = old.active_from + timedelta(days=60)
    client.force_login(coach)
    response = client.post(
        reverse("sessions:trajectory_participant_replace", args=[trajectory.pk, old.pk]),
        {
            "full_name": "Nieuwe Collega",
            "email": "nieuw@school.example",
            "function": "leraar",
            "from_date": from_date.isoformat(),
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    new = Participant.objects.get(replaces=old)
    assert old.active_until == from_date - timedelta(days=1)
    assert (new.school, new.active_from, new.full_name) == (old.school, from_date, "Nieuwe Collega")
    assert list(old.attendances.values_list("meeting", flat=True)) == [meeting.pk]
    content = client.get(
        reverse("sessions:trajectory_detail", args=[trajectory.pk])
    ).content.decode()
    assert f"<s>{old.full_name}</s>" in content


def test_replace_participant_with_bad_input_keeps_what_was_typed(client, coach, trajectory):
    old = trajectory.participants.first()
    client.force_login(coach)
    response = client.post(
        reverse("sessions:trajectory_participant_replace", args=[trajectory.pk, old.pk]),
        {"full_name": "Nieuwe Collega", "email": "geen-adres", "from_date": ""},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="Nieuwe Collega"' in content
    assert "Dit veld is verplicht." in content
    assert not Participant.objects.filter(replaces=old).exists()


def meeting_data(trajectory, **overrides):
    return {
        "date": date(2025, 10, 15).isoformat(),
        "start_time": "13:30",
        "end_time": "16:00",
        "host_school": trajectory.dossier.schools.first().pk,
        "address": "",
        "agenda": "Kennismaking",
    } | overrides


def test_meeting_edit_as_coach_plans_and_prefills_the_address(client, coach, trajectory):
    meeting = trajectory.meetings.get(position=2)
    client.force_login(coach)
    url = reverse("sessions:trajectory_meeting_edit", args=[trajectory.pk, meeting.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, meeting_data(trajectory, end_time="17:00"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    host = trajectory.dossier.schools.first()
    assert (meeting.start_time, meeting.end_time, meeting.agenda) == (
        time(13, 30),
        time(17, 0),
        "Kennismaking",
    )
    assert host.city in meeting.address
    content = client.get(
        reverse("sessions:trajectory_detail", args=[trajectory.pk])
    ).content.decode()
    assert "Bijeenkomst 2 duurt 3 u 30 min" in content


def test_meeting_edit_refused_for_participant_and_other_coach(client, applicant, trajectory):
    meeting = trajectory.meetings.get(position=1)
    url = reverse("sessions:trajectory_meeting_edit", args=[trajectory.pk, meeting.pk])
    client.force_login(applicant)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(role="coach", email="coach.9@example.org"))
    assert client.get(url).status_code == 404
    assert client.post(url, meeting_data(trajectory)).status_code == 404


def test_meeting_add_adds_the_next_position_and_warns_about_the_count(client, coach, trajectory):
    client.force_login(coach)
    response = client.post(
        reverse("sessions:trajectory_meeting_add", args=[trajectory.pk]), follow=True
    )
    assert trajectory.meetings.filter(position=6).exists()
    assert "Er zijn 6 bijeenkomsten gepland; de oproep vraagt er 5." in response.content.decode()


def test_joint_events_date_outside_the_window_is_refused(client, staff_user):
    call = eligible_dossier().call
    client.force_login(staff_user)
    url = reverse("sessions:joint_events", args=[call.slug])
    response = client.post(
        url,
        {
            "kickoff-date": (call.kickoff_window_end + timedelta(days=1)).isoformat(),
            "kickoff-address": "Brederodestraat 21, Brussel",
            "save_kickoff": "1",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Kies een datum van" in content
    assert "Brederodestraat 21, Brussel" in content
    assert not Meeting.objects.filter(call=call, kind=MeetingKind.KICKOFF).exists()


def test_joint_events_save_creates_then_updates(client, staff_user):
    call = eligible_dossier().call
    client.force_login(staff_user)
    url = reverse("sessions:joint_events", args=[call.slug])
    for address in ("Eerste adres", "Tweede adres"):
        response = client.post(
            url,
            {
                "closing-date": call.closing_window_start.isoformat(),
                "closing-start_time": "09:00",
                "closing-end_time": "12:30",
                "closing-address": address,
                "save_closing": "1",
            },
        )
        assert response.status_code == 302
    event = Meeting.objects.get(call=call, kind=MeetingKind.CLOSING)
    assert (event.trajectory, event.address) == (None, "Tweede adres")


@pytest.mark.parametrize("count", [2, 5])
def test_list_query_count_does_not_grow(client, staff_user, django_assert_num_queries, count):
    coach = UserFactory(role="coach", email="coach.5@example.org")
    for _ in range(count):
        trajectory_for(coach=coach)
    client.force_login(staff_user)
    client.get(reverse("sessions:trajectory_list"))  # warm up the session and permission caches
    with django_assert_num_queries(QUERIES["list"]):
        response = client.get(reverse("sessions:trajectory_list"))
    assert len(response.context["groups"]) == count


@pytest.mark.parametrize("schools", [3, 5])
def test_detail_query_count_does_not_grow(client, coach, django_assert_num_queries, schools):
    trajectory = trajectory_for(coach=coach, schools=schools)
    client.force_login(coach)
    client.get(reverse("sessions:trajectory_detail", args=[trajectory.pk]))
    with django_assert_num_queries(QUERIES["detail"]):
        response = client.get(reverse("sessions:trajectory_detail", args=[trajectory.pk]))
    assert len(response.context["schools"]) == schools


# Session and user, the trajectories with their prefetches, then coaches (list) or joint events
# and the trajectory's history of removals (detail, for its coach and staff), and the schools'
# indicators (the kick-off's and closing's days, the records filled in).
QUERIES = {"list": 8, "detail": 11}


def test_coach_dashboard_lists_trajectories_with_warnings(client, coach, trajectory):
    trajectory.meetings.filter(position=5).delete()
    client.force_login(coach)
    response = client.get(reverse("home"))
    content = response.content.decode()
    assert trajectory.dossier.working_title in content
    assert "1 waarschuwing" in content
    assert reverse("sessions:trajectory_list") in content
