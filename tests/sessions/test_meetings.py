"""A meeting's page: attendance, roles, preparation, minutes; the roles matrix; the sheet.

Participants see the meeting page and the roles matrix read-only; every POST and the attendance
sheet are for the coach and staff only: a participant's POST answers 404 (as for every
coach-only page), nothing saved.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sessions.enums import AttendanceStatus, MeetingKind, MeetingRole
from sessions.meetings.services import (
    attendance_save,
    participants_active_on,
    preparation_save,
    roles_save,
)
from sessions.models import Attendance, Meeting, Minutes, Participant, Preparation, RoleTaken
from tests.factories import UserFactory
from tests.pdfs import read_pdf
from tests.sessions.factories import trajectory_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def trajectory(applicant, coach):
    return trajectory_for(coach=coach, created_by=applicant)


@pytest.fixture
def meeting(trajectory):
    return trajectory.meetings.order_by("position").first()


def url(name, meeting):
    return reverse(name, args=[meeting.trajectory_id, meeting.pk])


def attendance_data(meeting, **overrides):
    data = {}
    for participant in participants_active_on(meeting.trajectory.participants.all(), meeting.date):
        data[f"aanwezigheid-status_{participant.pk}"] = "present"
        data[f"aanwezigheid-note_{participant.pk}"] = ""
    return data | overrides


def test_attendance_save_stores_statuses_and_marks_held(client, coach, meeting):
    first, second, *others = meeting.trajectory.participants.all()
    data = attendance_data(
        meeting,
        **{
            f"aanwezigheid-status_{first.pk}": "excused",
            f"aanwezigheid-note_{first.pk}": "Ziek",
            f"aanwezigheid-status_{second.pk}": "absent",
        },
    )
    client.force_login(coach)

    response = client.post(url("sessions:meeting_attendance", meeting), data)

    assert response.status_code == 302
    assert response.url == url("sessions:meeting_detail", meeting) + "#aanwezigheid"
    stored = {a.participant_id: (a.status, a.note) for a in Attendance.objects.all()}
    assert stored[first.pk] == ("excused", "Ziek")
    assert stored[second.pk] == ("absent", "")
    assert {stored[p.pk] for p in others} == {("present", "")}
    meeting.refresh_from_db()
    assert meeting.held is True
    page = client.get(url("sessions:meeting_detail", meeting)).content.decode()
    assert page.count(" checked>") == meeting.trajectory.participants.count()


def test_attendance_everyone_present_shortcut(client, coach, meeting):
    client.force_login(coach)

    client.post(url("sessions:meeting_attendance", meeting), {"all_present": "1"})

    count = meeting.trajectory.participants.count()
    assert Attendance.objects.filter(status=AttendanceStatus.PRESENT).count() == count


def test_attendance_missing_status_shows_dutch_error_and_keeps_notes(client, coach, meeting):
    participant = meeting.trajectory.participants.first()
    data = attendance_data(meeting, **{f"aanwezigheid-note_{participant.pk}": "Te laat"})
    del data[f"aanwezigheid-status_{participant.pk}"]
    client.force_login(coach)

    response = client.post(url("sessions:meeting_attendance", meeting), data)

    assert response.status_code == 200
    assert "Kies aanwezig, afwezig of verontschuldigd." in response.content.decode()
    assert 'value="Te laat"' in response.content.decode()
    assert Attendance.objects.count() == 0


def test_attendance_replaced_participant_not_listed_after_end_date(client, coach, meeting):
    leaving = meeting.trajectory.participants.first()
    leaving.active_until = meeting.date - timedelta(days=1)
    leaving.save()
    Participant.objects.create(
        trajectory=meeting.trajectory,
        school=leaving.school,
        full_name="Nieuwe Collega",
        email="nieuw@example.org",
        active_from=meeting.date - timedelta(days=1),
        replaces=leaving,
    )
    client.force_login(coach)

    page = client.get(url("sessions:meeting_detail", meeting)).content.decode()

    assert leaving.full_name not in page
    assert "Nieuwe Collega" in page
    later = meeting.trajectory.meetings.order_by("position").last()
    earlier_day = leaving.active_from or meeting.date - timedelta(days=60)
    assert leaving in participants_active_on([leaving], earlier_day)
    assert leaving not in participants_active_on([leaving], later.date)


def test_roles_save_stores_one_role_per_school(client, coach, meeting):
    first, second, third = meeting.trajectory.dossier.schools.all()
    client.force_login(coach)

    response = client.post(
        url("sessions:meeting_roles", meeting),
        {
            f"rollen-role_{first.pk}": "process_coach",
            f"rollen-role_{second.pk}": "reporter",
            f"rollen-role_{third.pk}": "",
        },
    )

    assert response.status_code == 302
    assert set(RoleTaken.objects.values_list("school_id", "role")) == {
        (first.pk, "process_coach"),
        (second.pk, "reporter"),
    }


def test_roles_save_refuses_a_role_twice_but_allows_other_twice(client, coach, meeting):
    first, second, third = meeting.trajectory.dossier.schools.all()
    client.force_login(coach)

    response = client.post(
        url("sessions:meeting_roles", meeting),
        {f"rollen-role_{first.pk}": "host", f"rollen-role_{second.pk}": "host"},
    )

    assert response.status_code == 200
    assert "Deze rol is al aan een andere school gegeven." in response.content.decode()
    assert RoleTaken.objects.count() == 0
    with pytest.raises(ValidationError):
        roles_save(meeting=meeting, roles={first: "reporter", second: "reporter"})
    roles_save(meeting=meeting, roles={first: "other", second: "other", third: "host"})
    assert RoleTaken.objects.filter(role=MeetingRole.OTHER).count() == 2


def test_preparation_missing_flagged_per_school(client, coach, meeting):
    first, second, third = meeting.trajectory.dossier.schools.all()
    client.force_login(coach)

    response = client.post(
        url("sessions:meeting_preparation", meeting),
        {
            f"voorbereiding-source_title_{first.pk}": "Leren in netwerken",
            f"voorbereiding-source_author_{first.pk}": "Verbiest",
            f"voorbereiding-data_collected_{second.pk}": "Bevraging bij 20 leerkrachten",
        },
    )

    assert response.status_code == 302
    assert Preparation.objects.count() == 2
    page = client.get(url("sessions:meeting_detail", meeting)).content.decode()
    assert page.count("Geen voorbereiding") == 1
    assert preparation_save(meeting=meeting, school=first) is None
    assert Preparation.objects.count() == 1


def test_preparation_bad_link_keeps_input(client, coach, meeting):
    school = meeting.trajectory.dossier.schools.first()
    client.force_login(coach)

    response = client.post(
        url("sessions:meeting_preparation", meeting),
        {
            f"voorbereiding-source_title_{school.pk}": "Mijn bron",
            f"voorbereiding-source_link_{school.pk}": "niet een link",
        },
    )

    page = response.content.decode()
    assert "Geef een volledige link" in page
    assert 'value="Mijn bron"' in page
    assert Preparation.objects.count() == 0


def test_minutes_saved_by_coach(client, coach, meeting):
    client.force_login(coach)

    client.post(
        url("sessions:meeting_minutes", meeting),
        {
            "verslag-text": "Goed gesprek.",
            "verslag-decisions": "Bevraging",
            "verslag-next_steps": "",
        },
    )

    minutes = Minutes.objects.get(meeting=meeting)
    assert (minutes.text, minutes.decisions, minutes.written_by) == (
        "Goed gesprek.",
        "Bevraging",
        coach,
    )


def test_coach_page_shows_minutes_and_a_file_field_per_school(client, coach, meeting):
    """The minutes and the preparation's file fields, drawn without crispy's templates: the
    stored text in its field, each file input labelled and described by its help text."""
    Minutes.objects.create(meeting=meeting, text="Het <verslag>.", decisions="Bevraging")
    schools = list(meeting.trajectory.dossier.schools.all())
    client.force_login(coach)

    page = client.get(url("sessions:meeting_detail", meeting)).content.decode()

    assert 'id="id_verslag-text">\nHet &lt;verslag&gt;.</textarea>' in page
    assert 'id="id_verslag-decisions">\nBevraging</textarea>' in page
    for school in schools:
        name = f"voorbereiding-source_file_{school.pk}"
        assert (
            f'<label for="id_{name}" class="form-label">Kennisbron: bestand</label>'
            f'<div><input type="file" name="{name}" class="form-control" id="id_{name}" '
            f'aria-describedby="id_{name}_helptext"><div id="id_{name}_helptext" '
            'class="form-text">Optioneel, hoogstens 10 MB' in page
        )
    # One CSRF token per form (crispy's minutes form carried a second one).
    assert page.count('name="csrfmiddlewaretoken"') == page.count("<form")


def test_preparation_errors_ask_for_the_file_again_beside_its_field(client, coach, meeting):
    school = meeting.trajectory.dossier.schools.first()
    name = f"voorbereiding-source_file_{school.pk}"
    client.force_login(coach)

    page = client.post(
        url("sessions:meeting_preparation", meeting),
        {
            f"voorbereiding-source_link_{school.pk}": "niet een link",
            name: SimpleUploadedFile("bron.txt", b"Een bron.", content_type="text/plain"),
        },
    ).content.decode()

    assert (
        f'<div class="is-invalid"><input type="file" name="{name}" '
        f'class="form-control is-invalid" id="id_{name}" aria-invalid="true" '
        f'aria-describedby="id_{name}_helptext id_{name}_error"><div id="id_{name}_error" '
        f'class="invalid-feedback"><span id="error_1_id_{name}"><strong>Kies het bestand '
        "opnieuw" in page
    )
    assert Preparation.objects.count() == 0


def test_participant_reads_minutes_but_cannot_post(client, applicant, meeting, coach):
    Minutes.objects.create(meeting=meeting, text="Het verslag van vandaag.", written_by=coach)
    client.force_login(applicant)

    page = client.get(url("sessions:meeting_detail", meeting)).content.decode()

    assert "Het verslag van vandaag." in page
    assert "<textarea" not in page
    for name in (
        "sessions:meeting_attendance",
        "sessions:meeting_roles",
        "sessions:meeting_preparation",
        "sessions:meeting_minutes",
    ):
        assert client.post(url(name, meeting), {"all_present": "1"}).status_code == 404
    assert Attendance.objects.count() == 0


def test_other_coach_gets_404(client, meeting):
    client.force_login(UserFactory(role="coach", email="coach.2@example.org"))

    assert client.get(url("sessions:meeting_detail", meeting)).status_code == 404
    assert (
        client.post(url("sessions:meeting_attendance", meeting), {"all_present": "1"}).status_code
        == 404
    )


def test_meeting_of_another_trajectory_is_404(client, coach, meeting):
    other = trajectory_for(coach=coach).meetings.first()
    client.force_login(coach)

    response = client.get(
        reverse("sessions:meeting_detail", args=[meeting.trajectory_id, other.pk])
    )

    assert response.status_code == 404


def test_joint_meeting_attendance(client, coach, trajectory):
    kickoff = Meeting.objects.create(
        call=trajectory.dossier.call,
        kind=MeetingKind.KICKOFF,
        date=trajectory.meetings.first().date,
    )
    client.force_login(coach)
    path = reverse("sessions:joint_meeting_attendance", args=[trajectory.pk, kickoff.pk])

    assert client.get(path).status_code == 200
    response = client.post(path, {"all_present": "1"})

    assert response.status_code == 302
    assert Attendance.objects.filter(meeting=kickoff).count() == trajectory.participants.count()
    plg_meeting = trajectory.meetings.first()
    wrong = reverse("sessions:joint_meeting_attendance", args=[trajectory.pk, plg_meeting.pk])
    assert client.get(wrong).status_code == 404


def test_roles_matrix_shows_roles_and_flags_schools_without(client, applicant, meeting):
    first, second, third = meeting.trajectory.dossier.schools.all()
    roles_save(meeting=meeting, roles={first: "reporter", second: "host"})
    client.force_login(applicant)

    response = client.get(reverse("sessions:trajectory_roles", args=[meeting.trajectory_id]))

    rows = {row["school"]: row for row in response.context["rows"]}
    assert rows[first]["cells"][0] == ["Verslaggever"]
    assert rows[second]["cells"][0] == ["Host"]
    assert [school for school, row in rows.items() if row["no_role"]] == [third]
    assert response.content.decode().count("Nog geen rol opgenomen") == 1


def test_attendance_sheet_pdf_lists_participants(client, coach, meeting):
    client.force_login(coach)

    response = client.get(url("sessions:meeting_attendance_sheet", meeting))

    assert response["Content-Type"] == "application/pdf"
    text = read_pdf(response.content).text  # whitespace collapsed: a long name may wrap
    assert "Handtekening" in text
    for participant in meeting.trajectory.participants.all():
        assert participant.full_name in text


def _meeting_with_data(schools, coach):
    trajectory = trajectory_for(coach=coach, schools=schools)
    meeting = trajectory.meetings.order_by("position").first()
    attendance_save(
        meeting=meeting,
        entries=[(p, "present", "") for p in trajectory.participants.all()],
    )
    school_list = list(trajectory.dossier.schools.all())
    roles_save(meeting=meeting, roles={school_list[0]: "host", school_list[1]: "reporter"})
    for school in school_list:
        preparation_save(meeting=meeting, school=school, source_title="Bron")
    Minutes.objects.create(meeting=meeting, text="Verslag", written_by=coach)
    return meeting


@pytest.mark.parametrize("name", ["sessions:meeting_detail", "sessions:trajectory_roles"])
def test_query_count_same_for_3_and_5_schools(client, coach, django_assert_num_queries, name):
    small, large = _meeting_with_data(3, coach), _meeting_with_data(5, coach)
    client.force_login(coach)

    def path(meeting):
        if name == "sessions:trajectory_roles":
            return reverse(name, args=[meeting.trajectory_id])
        return url(name, meeting)

    client.get(path(small))  # warm the session and caches
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(path(small)).status_code == 200
    with django_assert_num_queries(len(small_queries)):
        assert client.get(path(large)).status_code == 200
    assert len(small_queries) <= 15
