"""Letters of intent: upload and replacement (refused by content, never by name), download,
staff check, reminder. The PDF check itself: tests/plgportal/test_uploads.py."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.letters.services import (
    MAX_LETTER_BYTES,
    download_name,
    letter_mark_checked,
    letter_send_reminder,
    letter_upload,
)
from applications.models import Collaborator, LetterOfIntent
from applications.services import DossierLocked
from tests.factories import (
    MINIMAL_PDF,
    DelegateFactory,
    DossierFactory,
    LetterOfIntentFactory,
    SchoolFactory,
    UserFactory,
)
from tests.hostile_files import (
    LONG_NAME,
    MULTIPART_CONTENT_TYPE,
    PNG,
    UNDECODABLE_NAME,
    hostile_pdfs,
    multipart_body,
    pdf_bytes,
)

# download_name ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("Brief school.pdf", "Brief_school.pdf"),
        ("brief.PDF", "brief.pdf"),
        ("scan", "scan.pdf"),
        ('a"b;c\r\n.pdf', "abc.pdf"),
        ("..", "letter-of-intent.pdf"),
        ("école.pdf", "école.pdf"),
    ],
)
def test_download_name_is_safe(original, expected):
    assert download_name(LetterOfIntent(original_name=original)) == expected


# Services --------------------------------------------------------------------------------


def upload(name="brief.pdf", data=MINIMAL_PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def school(applicant):
    return SchoolFactory(dossier=DossierFactory(created_by=applicant), name="VBS De Linde")


def test_letter_upload_refused_when_dossier_submitted(school, applicant):
    school.dossier.status = "submitted"
    school.dossier.save()
    with pytest.raises(DossierLocked):
        letter_upload(
            school=school,
            user=applicant,
            uploaded_file=upload(),
            signer_name="An Peeters",
            signer_function="Directeur",
        )


def test_letter_upload_refuses_oversized_file_without_reading_it(school, applicant):
    big = upload()
    big.size = MAX_LETTER_BYTES + 1
    with pytest.raises(ValidationError) as refused:
        letter_upload(
            school=school,
            user=applicant,
            uploaded_file=big,
            signer_name="An Peeters",
            signer_function="Directeur",
        )
    assert refused.value.message_dict == {"file": ["Het bestand is groter dan 10 MB."]}


def test_letter_mark_checked_and_unchecked(school, staff_user):
    letter = LetterOfIntentFactory(school=school)
    letter_mark_checked(letter=letter, by=staff_user)
    letter.refresh_from_db()
    assert (letter.checked_by, letter.checked_at is not None) == (staff_user, True)
    letter_mark_checked(letter=letter, by=staff_user, checked=False)
    letter.refresh_from_db()
    assert (letter.checked_by, letter.checked_at) == (None, None)


# Section page ------------------------------------------------------------------------------


def section_url(dossier):
    return reverse("applications:dossier_section_letters", kwargs={"pk": dossier.pk})


def school_url(name, school):
    return reverse(name, kwargs={"pk": school.dossier_id, "school_pk": school.pk})


def test_section_shows_status_per_school(client, applicant, staff_user):
    dossier = DossierFactory(created_by=applicant)
    missing = SchoolFactory(dossier=dossier, name="School Ontbreekt")
    uploaded = LetterOfIntentFactory(school__dossier=dossier, signer_name="Jan Janssens")
    checked = LetterOfIntentFactory(school__dossier=dossier)
    letter_mark_checked(letter=checked, by=staff_user)
    client.force_login(applicant)

    response = client.get(section_url(dossier))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-status="missing"' in content and missing.name in content
    assert 'data-status="uploaded"' in content and "Jan Janssens" in content
    assert 'data-status="checked"' in content and "Nagekeken door de Stichting" in content
    assert content.count('enctype="multipart/form-data"') == 3
    assert content.count(school_url("applications:letter_reminder", missing)) == 1
    assert school_url("applications:letter_download", uploaded.school) in content
    assert school_url("applications:letter_check", checked.school) not in content


def test_section_for_staff_shows_check_buttons_and_no_upload(client, staff_user):
    letter = LetterOfIntentFactory()
    client.force_login(staff_user)

    content = client.get(section_url(letter.school.dossier)).content.decode()

    assert school_url("applications:letter_check", letter.school) in content
    assert 'enctype="multipart/form-data"' not in content


@pytest.mark.parametrize("school_count", [3, 5])
def test_section_query_count_does_not_grow(
    client, applicant, django_assert_num_queries, school_count
):
    dossier = DossierFactory(created_by=applicant)
    for position in range(school_count):
        school = SchoolFactory(dossier=dossier)
        DelegateFactory(school=school)
        if position % 2:
            LetterOfIntentFactory(school=school)
    Collaborator.objects.create(
        dossier=dossier, email="partner@school.be", role="partner", school=school
    )
    client.force_login(applicant)
    client.get(section_url(dossier))  # warm the session and content-type caches

    # session, user, dossier, then its 10 prefetches (schools with letters, delegates, meetings,
    # answers, confirmations, collaborators, quotas, commitments, criteria, themes)
    with django_assert_num_queries(13):
        assert client.get(section_url(dossier)).status_code == 200


# Upload view -------------------------------------------------------------------------------


def post_letter(client, school, file=None, **data):
    fields = {"signer_name": "An Peeters", "signer_function": "Directeur"} | data
    return client.post(
        school_url("applications:letter_upload", school), {"file": file or upload(), **fields}
    )


def test_upload_stores_under_generated_name_in_media_root(client, applicant, school, settings):
    client.force_login(applicant)

    response = post_letter(client, school, upload(name="Brief directie.pdf"))

    assert response.status_code == 302
    assert response["Location"] == section_url(school.dossier)
    letter = LetterOfIntent.objects.get(school=school)
    assert letter.file.name.startswith(f"letters/{school.dossier_id}/")
    assert letter.file.name.endswith(".pdf")
    assert "Brief" not in letter.file.name
    path = Path(letter.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT) / "letters")
    assert path.read_bytes() == MINIMAL_PDF
    assert (
        letter.original_name,
        letter.size,
        letter.signer_name,
        letter.signer_function,
        letter.uploaded_by,
    ) == ("Brief directie.pdf", len(MINIMAL_PDF), "An Peeters", "Directeur", applicant)


def test_upload_refused_keeps_signer_fields(client, applicant, school):
    client.force_login(applicant)
    text_as_pdf = upload(name="brief.pdf", data=b"Dit is geen PDF.\n")

    response = post_letter(
        client, school, text_as_pdf, signer_name="Marie Claes", signer_function="Algemeen directeur"
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Dit bestand is geen PDF." in content
    assert 'value="Marie Claes"' in content
    assert 'value="Algemeen directeur"' in content
    assert not LetterOfIntent.objects.filter(school=school).exists()


def test_upload_refuses_png_sent_as_pdf(client, applicant, school):
    client.force_login(applicant)

    response = post_letter(client, school, upload(name="scan.pdf", data=PNG))

    assert "Dit bestand is geen PDF." in response.content.decode()
    assert not LetterOfIntent.objects.filter(school=school).exists()


def stored_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("data", "reason"),
    [pytest.param(data, reason, id=kind) for kind, data, reason in hostile_pdfs()],
)
def test_upload_refuses_active_content_naming_it(client, applicant, school, settings, data, reason):
    client.force_login(applicant)

    response = post_letter(client, school, upload(name="brief.pdf", data=data))

    assert response.status_code == 200
    [error] = response.context["rows"][0].form.errors["file"]
    assert error.startswith(reason)
    assert reason in response.content.decode()
    assert not LetterOfIntent.objects.filter(school=school).exists()
    assert stored_files(settings) == []


def test_upload_judges_a_pdf_named_as_image_by_its_content(client, applicant, school):
    client.force_login(applicant)

    response = post_letter(client, school, upload(name="scan.png", data=pdf_bytes(pages=2)))

    assert response.status_code == 302
    letter = LetterOfIntent.objects.get(school=school)
    assert (letter.original_name, download_name(letter)) == ("scan.png", "scan.png.pdf")
    assert Path(letter.file.path).read_bytes() == pdf_bytes(pages=2)


# Over 2.5 MB Django's parser writes the upload to a temporary file named after the upload.
BIG_PDF = MINIMAL_PDF + b"\n%" + b"0" * (3 * 1024 * 1024)
TOO_LONG = (
    "De bestandsnaam is te lang (meer dan 255 tekens). Geef het bestand een kortere naam en "
    "probeer het opnieuw."
)
UNREADABLE = (
    "De bestandsnaam is onleesbaar of ongeldig. Geef het bestand een eenvoudige naam en probeer "
    "het opnieuw."
)


def post_raw_letter(client, school, file_name: bytes, data: bytes):
    fields = {"signer_name": "Marie Claes", "signer_function": "Algemeen directeur"}
    body = multipart_body(fields, {"file": (file_name, data)})
    url = school_url("applications:letter_upload", school)
    return client.generic("POST", url, body, content_type=MULTIPART_CONTENT_TYPE)


@pytest.mark.parametrize(
    "data", [pytest.param(MINIMAL_PDF, id="small"), pytest.param(BIG_PDF, id="big")]
)
@pytest.mark.parametrize(
    ("file_name", "error"),
    [
        pytest.param(LONG_NAME, TOO_LONG, id="over-long"),
        pytest.param("ë".encode() * 200 + "🙂".encode() * 60 + b".pdf", TOO_LONG, id="over-1-kb"),
        pytest.param(UNDECODABLE_NAME, UNREADABLE, id="undecodable"),
        pytest.param(b"..", UNREADABLE, id="parent-directory"),
    ],
)
def test_upload_with_unusable_file_name_shows_error_next_to_field(
    client, applicant, school, settings, file_name, error, data
):
    client.force_login(applicant)

    response = post_raw_letter(client, school, file_name, data)

    assert response.status_code == 200
    assert response.context["rows"][0].form.errors == {"file": [error]}
    content = response.content.decode()
    assert 'value="Marie Claes"' in content
    assert 'value="Algemeen directeur"' in content
    assert not LetterOfIntent.objects.filter(school=school).exists()
    assert stored_files(settings) == []


def test_upload_with_long_extension_is_stored(client, applicant, school):
    # 250 characters, 245 of them after the last dot: too long for a temporary file's name.
    file_name = b"brief." + b"v" * 244
    client.force_login(applicant)

    response = post_raw_letter(client, school, file_name, BIG_PDF)

    assert response.status_code == 302
    assert LetterOfIntent.objects.get(school=school).original_name == file_name.decode()


def test_upload_without_signer_shows_error_next_to_field(client, applicant, school):
    client.force_login(applicant)

    response = post_letter(client, school, signer_name="")

    assert response.status_code == 200
    assert response.context["rows"][0].form.errors == {
        "signer_name": ["Vul de naam van de ondertekenaar in."]
    }


def test_upload_replaces_and_removes_old_file(
    client, applicant, school, staff_user, django_capture_on_commit_callbacks
):
    old = LetterOfIntentFactory(school=school)
    letter_mark_checked(letter=old, by=staff_user)
    old_path = Path(old.file.path)
    assert old_path.exists()
    replacement = pdf_bytes(pages=2)
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        post_letter(client, school, upload(name="nieuw.pdf", data=replacement))

    letter = LetterOfIntent.objects.get(school=school)
    assert letter.pk == old.pk
    assert not old_path.exists()
    assert Path(letter.file.path).read_bytes() == replacement
    assert (letter.original_name, letter.checked_by, letter.checked_at) == ("nieuw.pdf", None, None)


def test_upload_by_htmx_answers_card_and_triggers_checklist(client, applicant, school):
    client.force_login(applicant)

    response = client.post(
        school_url("applications:letter_upload", school),
        {"file": upload(), "signer_name": "An Peeters", "signer_function": "Directeur"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response["HX-Trigger"] == "dossier-changed"
    assert f'id="letter-school-{school.pk}"' in response.content.decode()
    assert LetterOfIntent.objects.filter(school=school).exists()


def test_upload_refused_by_htmx_answers_card_with_error(client, applicant, school):
    client.force_login(applicant)

    response = client.post(
        school_url("applications:letter_upload", school),
        {"file": upload(data=PNG), "signer_name": "An Peeters", "signer_function": "Directeur"},
        headers={"HX-Request": "true"},
    )

    assert "HX-Trigger" not in response
    assert "Dit bestand is geen PDF." in response.content.decode()


def test_upload_after_deadline_refused_with_message(client, applicant, school):
    call = school.dossier.call
    call.deadline = timezone.now() - timedelta(minutes=1)
    call.save()
    client.force_login(applicant)

    response = client.post(
        school_url("applications:letter_upload", school),
        {"file": upload(), "signer_name": "An Peeters", "signer_function": "Directeur"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "De uiterste indiendatum is voorbij" in response.content.decode()
    assert not LetterOfIntent.objects.filter(school=school).exists()


def test_upload_by_staff_is_forbidden(client, staff_user, school):
    client.force_login(staff_user)

    assert post_letter(client, school).status_code == 403
    assert not LetterOfIntent.objects.filter(school=school).exists()


def test_upload_to_school_of_other_dossier_is_404(client, applicant, school):
    elsewhere = SchoolFactory()
    client.force_login(applicant)
    url = reverse(
        "applications:letter_upload", kwargs={"pk": school.dossier_id, "school_pk": elsewhere.pk}
    )

    assert client.post(url, {"file": upload()}).status_code == 404


# Download view -----------------------------------------------------------------------------


@pytest.fixture
def uploaded_letter(client, applicant, school):
    client.force_login(applicant)
    post_letter(client, school, upload(name="Brief De Linde.pdf", data=pdf_bytes(pages=2)))
    client.logout()
    return LetterOfIntent.objects.get(school=school)


@pytest.mark.parametrize("who", ["applicant", "staff_user"])
def test_download_serves_attachment(client, request, uploaded_letter, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(school_url("applications:letter_download", uploaded_letter.school))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Brief_De_Linde.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == pdf_bytes(pages=2)


@pytest.mark.parametrize("who", ["other_applicant", "juror", "coach"])
def test_download_hidden_from_others(client, request, uploaded_letter, who):
    client.force_login(request.getfixturevalue(who))

    assert (
        client.get(school_url("applications:letter_download", uploaded_letter.school)).status_code
        == 404
    )


def test_download_by_invited_partner(client, uploaded_letter):
    partner = UserFactory()
    Collaborator.objects.create(
        dossier=uploaded_letter.school.dossier, user=partner, email=partner.email, role="partner"
    )
    client.force_login(partner)

    assert (
        client.get(school_url("applications:letter_download", uploaded_letter.school)).status_code
        == 200
    )


def test_download_anonymous_goes_to_login(client, uploaded_letter):
    url = school_url("applications:letter_download", uploaded_letter.school)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_download_without_letter_is_404(client, applicant, school):
    client.force_login(applicant)

    assert client.get(school_url("applications:letter_download", school)).status_code == 404


# Staff check -------------------------------------------------------------------------------


def test_check_by_staff_toggles(client, staff_user):
    letter = LetterOfIntentFactory()
    client.force_login(staff_user)
    url = school_url("applications:letter_check", letter.school)

    assert client.post(url).status_code == 302
    letter.refresh_from_db()
    assert (letter.checked_by, letter.checked_at is not None) == (staff_user, True)

    client.post(url)
    letter.refresh_from_db()
    assert (letter.checked_by, letter.checked_at) == (None, None)


def test_check_by_owner_is_forbidden(client, applicant):
    letter = LetterOfIntentFactory(school__dossier__created_by=applicant)
    client.force_login(applicant)

    assert client.post(school_url("applications:letter_check", letter.school)).status_code == 403
    letter.refresh_from_db()
    assert letter.checked_at is None


# Reminder ----------------------------------------------------------------------------------


def send_reminder(client, school, capture):
    with capture(execute=True):
        return client.post(school_url("applications:letter_reminder", school))


def test_reminder_goes_to_partner_collaborator(
    client, applicant, school, django_capture_on_commit_callbacks
):
    DelegateFactory(school=school, function="director", email="directeur@linde.be")
    partner = UserFactory(email="partner@linde.be", full_name="Els Maes")
    Collaborator.objects.create(
        dossier=school.dossier, user=partner, email=partner.email, role="partner", school=school
    )
    client.force_login(applicant)

    response = send_reminder(client, school, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["partner@linde.be"]]
    assert "VBS De Linde" in mail.outbox[0].subject
    assert section_url(school.dossier) in mail.outbox[0].body


def test_reminder_without_collaborator_goes_to_director_delegates(
    client, applicant, school, django_capture_on_commit_callbacks
):
    DelegateFactory(school=school, function="director", email="directeur@linde.be")
    DelegateFactory(school=school, function="teacher", email="leerkracht@linde.be")
    DelegateFactory(school=school, function="director", email="adjunct@linde.be")
    client.force_login(applicant)

    send_reminder(client, school, django_capture_on_commit_callbacks)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "adjunct@linde.be",
        "directeur@linde.be",
    ]


def test_reminder_refused_when_letter_exists(
    client, applicant, school, django_capture_on_commit_callbacks
):
    DelegateFactory(school=school, function="director")
    LetterOfIntentFactory(school=school)
    client.force_login(applicant)

    response = send_reminder(client, school, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert mail.outbox == []
    with pytest.raises(ValidationError):
        letter_send_reminder(school=school, by=applicant)


def test_reminder_refused_without_recipients(school, applicant):
    with pytest.raises(ValidationError) as refused:
        letter_send_reminder(school=school, by=applicant)
    assert "VBS De Linde" in refused.value.messages[0]


def test_reminder_returns_number_sent(school, applicant):
    DelegateFactory.create_batch(2, school=school, function="director")

    assert letter_send_reminder(school=school, by=applicant) == 2


def test_reminder_by_partner_is_forbidden(client, school):
    partner = UserFactory()
    Collaborator.objects.create(
        dossier=school.dossier, user=partner, email=partner.email, role="partner"
    )
    client.force_login(partner)

    assert client.post(school_url("applications:letter_reminder", school)).status_code == 403
