"""Files in a trajectory: a product's attachment and a school's knowledge source file, served
only through permission-checked downloads; the meeting's reporter writes the minutes.

A participant of a school without the reporter role who POSTs the minutes gets 404 (the page's
coach-only answer), nothing saved."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sessions.enums import MeetingRole
from sessions.models import Minutes, Preparation, RoleTaken
from sessions.rules import is_meeting_reporter
from tests import hostile_files as files
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
        reverse("sessions:trajectory_products", args=[trajectory.pk]),
        {
            "title": "Draaiboek",
            "stage": "prototype",
            "attachment": SimpleUploadedFile("draaiboek.pdf", files.pdf_bytes()),
        },
    )
    assert response.status_code == 302
    product = trajectory.products.get()
    assert product.attachment_name == "draaiboek.pdf"
    assert product.attachment.name.startswith(f"products/{trajectory.pk}/")
    url = reverse("sessions:trajectory_product_attachment", args=[trajectory.pk, product.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.pdf_bytes()
    assert response["Content-Disposition"].startswith("attachment;")
    assert "draaiboek.pdf" in response["Content-Disposition"]
    client.force_login(other_applicant)
    assert client.get(url).status_code == 404


def test_product_attachment_over_10_mb_refused_in_dutch(client, coach, trajectory):
    client.force_login(coach)
    big = SimpleUploadedFile("groot.bin", b"0" * (10 * 1024 * 1024 + 1))
    response = client.post(
        reverse("sessions:trajectory_products", args=[trajectory.pk]),
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
        reverse("sessions:meeting_preparation", args=[meeting.trajectory_id, meeting.pk]),
        {f"voorbereiding-source_file_{school.pk}": SimpleUploadedFile("bron.txt", b"bron")},
    )
    assert response.status_code == 302
    preparation = Preparation.objects.get(meeting=meeting, school=school)
    assert preparation.source_file_name == "bron.txt"
    assert preparation.source_file.name.startswith(f"preparations/{meeting.pk}/")
    url = reverse("sessions:preparation_file", args=[meeting.trajectory_id, meeting.pk, school.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"bron"
    assert response["Content-Disposition"].startswith("attachment;")
    # Saving the section again without a new file keeps the file.
    client.post(
        reverse("sessions:meeting_preparation", args=[meeting.trajectory_id, meeting.pk]),
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
    url = reverse("sessions:meeting_minutes", args=[meeting.trajectory_id, meeting.pk])
    data = {"verslag-text": "Goed gesprek.", "verslag-decisions": "", "verslag-next_steps": ""}

    outsider = UserFactory(email=other.email)
    client.force_login(outsider)
    assert not is_meeting_reporter(outsider, meeting)
    assert client.post(url, data).status_code == 404
    assert not Minutes.objects.filter(meeting=meeting).exists()

    user = UserFactory(email=reporter.email.upper())
    client.force_login(user)
    page = client.get(reverse("sessions:meeting_detail", args=[meeting.trajectory_id, meeting.pk]))
    assert 'name="verslag-text"' in page.content.decode()
    assert client.post(url, data).status_code == 302
    minutes = Minutes.objects.get(meeting=meeting)
    assert (minutes.text, minutes.written_by) == ("Goed gesprek.", user)


# Accepted and refused by content ------------------------------------------------------------


def stored_files(settings) -> list[Path]:
    """Files stored for products and preparations (the trajectory's letters are there too)."""
    media = Path(settings.MEDIA_ROOT)
    return [
        path
        for folder in ("products", "preparations")
        for path in (media / folder).rglob("*")
        if path.is_file()
    ]


def post_product(client, trajectory, upload):
    return client.post(
        reverse("sessions:trajectory_products", args=[trajectory.pk]),
        {"title": "Draaiboek", "stage": "prototype", "attachment": upload},
    )


@pytest.mark.parametrize(
    ("name", "data", "extension", "shown_as"),
    [
        pytest.param(
            "draaiboek.pdf", files.pdf_bytes(), ".pdf", "draaiboek.pdf", id="draaiboek.pdf"
        ),
        pytest.param("foto.JPG", files.JPEG, ".jpg", "foto.JPG", id="foto.JPG"),
        pytest.param("schema.png", files.PNG, ".png", "schema.png", id="schema.png"),
        pytest.param("animatie.gif", files.GIF, ".gif", "animatie.gif", id="animatie.gif"),
        pytest.param("foto.webp", files.WEBP, ".webp", "foto.webp", id="foto.webp"),
        pytest.param("plan.docx", files.ooxml_bytes("docx"), ".docx", "plan.docx", id="plan.docx"),
        pytest.param(
            "cijfers.xlsx", files.ooxml_bytes("xlsx"), ".xlsx", "cijfers.xlsx", id="cijfers.xlsx"
        ),
        pytest.param(
            "slides.pptx", files.ooxml_bytes("pptx"), ".pptx", "slides.pptx", id="slides.pptx"
        ),
        pytest.param(
            "plan.odt", files.opendocument_bytes("text"), ".odt", "plan.odt", id="plan.odt"
        ),
        pytest.param(
            "cijfers.ods",
            files.opendocument_bytes("spreadsheet"),
            ".ods",
            "cijfers.ods",
            id="cijfers.ods",
        ),
        pytest.param(
            "slides.odp",
            files.opendocument_bytes("presentation"),
            ".odp",
            "slides.odp",
            id="slides.odp",
        ),
        pytest.param("bronnen.txt", files.TEXT, ".txt", "bronnen.txt", id="bronnen.txt"),
        # Judged by content: the name gets the extension of what the file is.
        pytest.param("scan.png", files.pdf_bytes(), ".pdf", "scan.png.pdf", id="scan.png"),
        pytest.param("brief.pdf", files.PNG, ".png", "brief.pdf.png", id="brief.pdf"),
        pytest.param("notities", files.TEXT, ".txt", "notities.txt", id="notities"),
    ],
)
def test_product_attachment_accepted_by_content(
    client, coach, trajectory, name, data, extension, shown_as
):
    client.force_login(coach)

    response = post_product(client, trajectory, SimpleUploadedFile(name, data))

    assert response.status_code == 302
    product = trajectory.products.get()
    assert (product.attachment.name[-len(extension) :], product.attachment_name) == (
        extension,
        shown_as,
    )
    assert Path(product.attachment.path).read_bytes() == data


REFUSED_ATTACHMENTS = [
    pytest.param("plan.doc", files.OLE2_DOC, "Oude Office-bestanden", id="old-word-document"),
    pytest.param(
        "plan.docx",
        files.ooxml_bytes(
            "docx",
            content_type="application/vnd.ms-word.document.macroEnabled.main+xml",
            extra=[("word/vbaProject.bin", files.OLE2_DOC)],
        ),
        "Het document bevat macro's",
        id="macros",
    ),
    pytest.param(
        "plan.docx",
        files.ooxml_bytes("docx", extra=[("word/embeddings/oleObject1.bin", files.OLE2_DOC)]),
        files.EMBEDDED,
        id="embedded-ole-package",
    ),
    pytest.param(
        "plan.odt",
        files.opendocument_bytes(extra=[("Basic/Standard/Module1.xml", b"<x/>")]),
        "Het document bevat macro's",
        id="opendocument-macros",
    ),
    pytest.param(
        "handleiding.pdf",
        files.EXECUTABLE,
        "Dit bestandstype wordt niet aanvaard",
        id="program-named-pdf",
    ),
    pytest.param(
        "logo.png",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        "Dit bestandstype wordt niet aanvaard",
        id="svg-named-png",
    ),
    pytest.param(
        "bronnen.txt",
        b"<!DOCTYPE html><script>alert(1)</script>",
        "Dit bestandstype wordt niet aanvaard",
        id="html-named-txt",
    ),
    *[
        pytest.param("verslag.pdf", data, reason, id=f"pdf-{kind}")
        for kind, data, reason in files.hostile_pdfs()
    ],
]


@pytest.mark.parametrize(("name", "data", "reason"), REFUSED_ATTACHMENTS)
def test_product_attachment_refused_by_content_naming_why(
    client, coach, trajectory, settings, name, data, reason
):
    client.force_login(coach)

    response = post_product(client, trajectory, SimpleUploadedFile(name, data))

    assert response.status_code == 200
    [error] = response.context["form"].errors["attachment"]
    assert error.startswith(reason)
    assert 'value="Draaiboek"' in response.content.decode()
    assert not trajectory.products.exists()
    assert stored_files(settings) == []


def preparation_url(meeting):
    return reverse("sessions:meeting_preparation", args=[meeting.trajectory_id, meeting.pk])


@pytest.mark.parametrize(("name", "data", "reason"), REFUSED_ATTACHMENTS[:6])
def test_preparation_file_refused_by_content_next_to_its_field_nothing_stored(
    client, coach, meeting, settings, name, data, reason
):
    # A good file for the first school and a refused one for the second: nothing is stored.
    first, second = meeting.trajectory.dossier.schools.order_by("position")[:2]
    client.force_login(coach)

    response = client.post(
        preparation_url(meeting),
        {
            f"voorbereiding-source_file_{first.pk}": SimpleUploadedFile("bron.txt", files.TEXT),
            f"voorbereiding-source_title_{second.pk}": "Boek",
            f"voorbereiding-source_file_{second.pk}": SimpleUploadedFile(name, data),
        },
    )

    assert response.status_code == 200
    errors = response.context["preparation_form"].errors
    assert set(errors) == {f"source_file_{first.pk}", f"source_file_{second.pk}"}
    assert errors[f"source_file_{second.pk}"][0].startswith(reason)
    # The good file is not kept either: the browser never sends it back, so it is asked again.
    assert errors[f"source_file_{first.pk}"][0].startswith("Kies het bestand opnieuw")
    assert 'value="Boek"' in response.content.decode()
    assert not Preparation.objects.filter(meeting=meeting).exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    ("file_name", "error"),
    [
        pytest.param(files.LONG_NAME, "De bestandsnaam is te lang", id="over-long"),
        pytest.param(files.UNDECODABLE_NAME, "De bestandsnaam is onleesbaar", id="undecodable"),
    ],
)
@pytest.mark.parametrize(
    "data",
    [pytest.param(files.TEXT, id="small"), pytest.param(files.TEXT * 40_000, id="big")],
)
def test_attachment_with_unusable_file_name_shows_error_next_to_field(
    client, coach, trajectory, meeting, settings, file_name, error, data
):
    school = meeting.trajectory.dossier.schools.order_by("position").first()
    client.force_login(coach)
    product_body = files.multipart_body(
        {"title": "Draaiboek", "stage": "idea"}, {"attachment": (file_name, data)}
    )
    preparation_body = files.multipart_body(
        {f"voorbereiding-source_title_{school.pk}": "Boek"},
        {f"voorbereiding-source_file_{school.pk}": (file_name, data)},
    )

    product = client.generic(
        "POST",
        reverse("sessions:trajectory_products", args=[trajectory.pk]),
        product_body,
        content_type=files.MULTIPART_CONTENT_TYPE,
    )
    preparation = client.generic(
        "POST",
        preparation_url(meeting),
        preparation_body,
        content_type=files.MULTIPART_CONTENT_TYPE,
    )

    assert (product.status_code, preparation.status_code) == (200, 200)
    [product_error] = product.context["form"].errors["attachment"]
    [preparation_error] = preparation.context["preparation_form"].errors[f"source_file_{school.pk}"]
    assert product_error.startswith(error) and preparation_error.startswith(error)
    assert 'value="Draaiboek"' in product.content.decode()
    assert 'value="Boek"' in preparation.content.decode()
    assert not trajectory.products.exists()
    assert not Preparation.objects.filter(meeting=meeting).exists()
    assert stored_files(settings) == []
