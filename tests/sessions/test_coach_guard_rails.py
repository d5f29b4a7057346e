"""Guard rails for coaches (issue 14): no tap that cannot be undone or does not count.

The report is submitted only complete and after a confirmation, with what is on screen saved
first; attendance (and "held") needs a meeting dated today or earlier; a file chosen for the
preparation is asked again when the form comes back with errors.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sessions.enums import ReportStatus
from sessions.guards import REPORT_REQUIRED_PARTS, held_refusal, report_missing_parts
from sessions.meetings.services import attendance_save
from sessions.models import Attendance, EvaluationReport, Preparation, ReportStatusChange
from sessions.report.services import report_set_status
from tests.sessions.factories import complete_report_texts, trajectory_for

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def trajectory(db, applicant, coach):
    return trajectory_for(coach=coach, created_by=applicant)


@pytest.fixture
def meeting(trajectory):
    return trajectory.meetings.order_by("position").first()


# --- the rules, pure ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meeting_date", "refused"),
    [
        (None, "heeft nog geen datum"),
        (TODAY + dt.timedelta(days=1), "pas vanaf die dag"),
        (TODAY, None),
        (TODAY - dt.timedelta(days=30), None),
    ],
)
def test_held_refusal_needs_a_date_today_or_past(meeting_date, refused):
    message = held_refusal(meeting_date, TODAY)
    assert (message is None) == (refused is None)
    if refused:
        assert refused in message


@pytest.mark.parametrize(
    ("texts", "missing"),
    [
        ({}, list(REPORT_REQUIRED_PARTS)),
        (complete_report_texts(), []),
        (complete_report_texts(recommendations=""), []),
        (complete_report_texts(effects="  \n "), ["effects"]),
        (complete_report_texts(reactions="", anchoring=""), ["reactions", "anchoring"]),
        ({"recommendations": "Meer tijd"}, list(REPORT_REQUIRED_PARTS)),
    ],
)
def test_report_missing_parts(texts, missing):
    assert report_missing_parts(texts) == missing


# --- point 1: the report -----------------------------------------------------------------------


def report_url(trajectory, name="sessions:trajectory_report"):
    return reverse(name, kwargs={"pk": trajectory.pk})


def test_report_set_status_refuses_an_incomplete_report(trajectory, coach):
    report = EvaluationReport.objects.create(trajectory=trajectory, learning="Veel")

    with pytest.raises(ValidationError) as error:
        report_set_status(report=report, status=ReportStatus.SUBMITTED, by=coach)

    assert "reactions" in error.value.message_dict and "learning" not in error.value.message_dict
    assert EvaluationReport.objects.get().status == ReportStatus.DRAFT
    assert not ReportStatusChange.objects.exists()


def test_report_submit_saves_the_screen_and_names_empty_parts(client, trajectory, coach):
    client.force_login(coach)

    response = client.post(
        report_url(trajectory), {"learning": "Getypt na het bewaren", "submit_report": "1"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "nog niet ingediend" in page
    # beside each of the six empty parts, and again in the error summary at the top
    assert page.count("Vul dit deel in voor u het verslag indient.") == 2 * 6
    assert "Getypt na het bewaren" in page
    report = EvaluationReport.objects.get()
    assert (report.learning, report.status) == ("Getypt na het bewaren", ReportStatus.DRAFT)


def test_report_submit_saves_last_edit_then_asks_to_confirm(client, trajectory, coach):
    EvaluationReport.objects.create(trajectory=trajectory, **complete_report_texts())
    client.force_login(coach)
    texts = complete_report_texts(effects="Laatste wijziging")

    response = client.post(report_url(trajectory), texts | {"submit_report": "1"})

    confirm_url = report_url(trajectory, "sessions:trajectory_report_submit")
    assert response.status_code == 302 and response["Location"] == confirm_url
    assert EvaluationReport.objects.get().status == ReportStatus.DRAFT
    page = client.get(confirm_url).content.decode()
    assert "Definitief indienen" in page and "Terug" in page and "Laatste wijziging" in page

    client.post(confirm_url)

    report = EvaluationReport.objects.get()
    assert (report.status, report.effects) == (ReportStatus.SUBMITTED, "Laatste wijziging")


def test_report_confirm_page_sends_an_incomplete_report_back(client, trajectory, coach):
    EvaluationReport.objects.create(trajectory=trajectory, learning="Veel")
    client.force_login(coach)

    response = client.get(report_url(trajectory, "sessions:trajectory_report_submit"))
    assert response["Location"] == report_url(trajectory)
    client.post(report_url(trajectory, "sessions:trajectory_report_submit"))

    assert EvaluationReport.objects.get().status == ReportStatus.DRAFT


# --- point 2: attendance needs a date today or past ---------------------------------------------


def all_present(meeting):
    return {
        f"aanwezigheid-status_{participant.pk}": "present"
        for participant in meeting.trajectory.participants.all()
    }


@pytest.mark.parametrize(
    ("days", "message"),
    [(None, "heeft nog geen datum"), (3, "pas vanaf die dag")],
)
def test_attendance_refused_without_date_or_in_future(client, coach, meeting, days, message):
    meeting.date = None if days is None else timezone.localdate() + dt.timedelta(days=days)
    meeting.save(update_fields=["date"])
    client.force_login(coach)

    response = client.post(
        reverse("sessions:meeting_attendance", args=[meeting.trajectory_id, meeting.pk]),
        all_present(meeting),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    meeting.refresh_from_db()
    assert not meeting.held
    assert not Attendance.objects.exists()


def test_attendance_save_refuses_undated_meeting(meeting):
    meeting.date = None
    with pytest.raises(ValidationError):
        attendance_save(meeting=meeting, entries=[])
    meeting.refresh_from_db()
    assert not meeting.held


# --- point 4: a chosen preparation file after a validation error ---------------------------------


def test_preparation_error_asks_to_choose_the_file_again(client, coach, meeting):
    school = meeting.trajectory.dossier.schools.first()
    client.force_login(coach)

    response = client.post(
        reverse("sessions:meeting_preparation", args=[meeting.trajectory_id, meeting.pk]),
        {
            f"voorbereiding-source_title_{school.pk}": "Mijn bron",
            f"voorbereiding-source_link_{school.pk}": "niet een link",
            f"voorbereiding-source_file_{school.pk}": SimpleUploadedFile("bron.txt", b"bron"),
        },
    )

    page = response.content.decode()
    assert "Geef een volledige link" in page
    assert "Kies het bestand opnieuw" in page
    assert not Preparation.objects.exists()


# --- point 3: adding a meeting asks first ---------------------------------------------------------


def test_meeting_add_asks_first_and_adds_only_on_confirmation(client, coach, trajectory):
    before = trajectory.meetings.count()
    client.force_login(coach)
    path = reverse("sessions:trajectory_meeting_add", args=[trajectory.pk])

    page = client.get(path).content.decode()

    assert "Een PLG-bijeenkomst toevoegen?" in page and "Terug" in page
    assert trajectory.meetings.count() == before
    detail = client.get(reverse("sessions:trajectory_detail", args=[trajectory.pk]))
    assert f'href="{path}"' in detail.content.decode()

    assert client.post(path).status_code == 302
    assert trajectory.meetings.count() == before + 1
