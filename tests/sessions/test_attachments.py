"""Files in a trajectory: a product's attachment and a school's knowledge source file, served
only through permission-checked downloads; the meeting's reporter writes the minutes.

A participant of a school without the reporter role who POSTs the minutes gets 404 (the page's
coach-only answer), nothing saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sessions.enums import MeetingRole
from sessions.models import Minutes, Preparation, RoleTaken
from sessions.rules import is_meeting_reporter
from tests.factories import UserFactory
from tests.sessions.factories import trajectory_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def trajectory(applicant, coach):
    return trajectory_for(coach=coach, created_by=applicant)


@pytest.fixture
def meeting(trajectory):
    return trajectory.meetings.order_by("position").first()


def test_product_attachment_upload_and_download(client, coach, other_applicant, trajectory):
    client.force_login(coach)
    response = client.post(
        reverse("trajectory_products", args=[trajectory.pk]),
        {
            "title": "Draaiboek",
            "stage": "prototype",
            "attachment": SimpleUploadedFile("draaiboek.pdf", b"%PDF-inhoud"),
        },
    )
    assert response.status_code == 302
    product = trajectory.products.get()
    assert product.attachment_name == "draaiboek.pdf"
    assert product.attachment.name.startswith(f"products/{trajectory.pk}/")
    url = reverse("trajectory_product_attachment", args=[trajectory.pk, product.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-inhoud"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "draaiboek.pdf" in response["Content-Disposition"]
    client.force_login(other_applicant)
    assert client.get(url).status_code == 404


def test_product_attachment_over_10_mb_refused_in_dutch(client, coach, trajectory):
    client.force_login(coach)
    big = SimpleUploadedFile("groot.bin", b"0" * (10 * 1024 * 1024 + 1))
    response = client.post(
        reverse("trajectory_products", args=[trajectory.pk]),
        {"title": "Groot", "stage": "idea", "attachment": big},
    )
    assert response.status_code == 200
    assert "groter dan 10 MB" in response.content.decode()
    assert 'value="Groot"' in response.content.decode()
    assert not trajectory.products.exists()


def test_preparation_file_upload_and_download(client, coach, other_applicant, meeting):
    school = meeting.trajectory.dossier.schools.first()
    client.force_login(coach)
    response = client.post(
        reverse("meeting_preparation", args=[meeting.trajectory_id, meeting.pk]),
        {f"voorbereiding-source_file_{school.pk}": SimpleUploadedFile("bron.txt", b"bron")},
    )
    assert response.status_code == 302
    preparation = Preparation.objects.get(meeting=meeting, school=school)
    assert preparation.source_file_name == "bron.txt"
    assert preparation.source_file.name.startswith(f"preparations/{meeting.pk}/")
    url = reverse("preparation_file", args=[meeting.trajectory_id, meeting.pk, school.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"bron"
    assert response["Content-Disposition"].startswith("attachment;")
    # Saving the section again without a new file keeps the file.
    client.post(
        reverse("meeting_preparation", args=[meeting.trajectory_id, meeting.pk]),
        {f"voorbereiding-source_title_{school.pk}": "Boek"},
    )
    preparation.refresh_from_db()
    assert (preparation.source_title, preparation.source_file_name) == ("Boek", "bron.txt")
    client.force_login(other_applicant)
    assert client.get(url).status_code == 404


def test_reporter_participant_writes_minutes_others_do_not(client, meeting):
    participants = list(meeting.trajectory.participants.select_related("school"))
    reporter = participants[0]
    other = next(p for p in participants if p.school_id != reporter.school_id)
    RoleTaken.objects.create(meeting=meeting, school=reporter.school, role=MeetingRole.REPORTER)
    url = reverse("meeting_minutes", args=[meeting.trajectory_id, meeting.pk])
    data = {"verslag-text": "Goed gesprek.", "verslag-decisions": "", "verslag-next_steps": ""}

    outsider = UserFactory(email=other.email)
    client.force_login(outsider)
    assert not is_meeting_reporter(outsider, meeting)
    assert client.post(url, data).status_code == 404
    assert not Minutes.objects.filter(meeting=meeting).exists()

    user = UserFactory(email=reporter.email.upper())
    client.force_login(user)
    page = client.get(reverse("meeting_detail", args=[meeting.trajectory_id, meeting.pk]))
    assert 'name="verslag-text"' in page.content.decode()
    assert client.post(url, data).status_code == 302
    minutes = Minutes.objects.get(meeting=meeting)
    assert (minutes.text, minutes.written_by) == ("Goed gesprek.", user)
