"""Every email the portal renders: HTML and plain text, in the recipient's language, once per
event."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from applications.collaboration.services import collaborator_invite
from applications.letters.services import letter_send_reminder
from applications.notifications import submission_confirmation_send
from applications.services import dossier_submit
from plgportal.accounts.services import invitation_send, user_invite
from plgportal.outbox.models import Email
from tests.factories import DelegateFactory, DossierFactory, UserFactory, eligible_dossier

TEMPLATES = Path(settings.BASE_DIR) / "templates"
EMAILS = TEMPLATES / "emails"
SOURCES = ["applications", "jury", "sessions", "plgportal"]
TEMPLATE_NAME = re.compile(r"""["']emails/(\w+)["']""")


def templates_in_code() -> set[str]:
    """Every `emails/<name>` the code names (email_render_and_queue's `template`)."""
    names = set()
    for folder in SOURCES:
        for path in (Path(settings.BASE_DIR) / folder).rglob("*.py"):
            names |= set(TEMPLATE_NAME.findall(path.read_text(encoding="utf-8")))
    return names


def templates_on_disk() -> set[str]:
    return {path.name.removesuffix("_subject.txt") for path in EMAILS.glob("*_subject.txt")}


def test_every_email_template_named_in_code_exists():
    assert templates_in_code() <= templates_on_disk()
    assert {"invitation", "collaborator_invitation", "dossier_submitted", "jury_result"} <= (
        templates_in_code()
    )


@pytest.mark.parametrize("name", sorted(templates_in_code() | templates_on_disk()))
def test_email_template_has_subject_text_and_html(name):
    for suffix in ("_subject.txt", ".txt", ".html"):
        assert (EMAILS / f"{name}{suffix}").is_file(), f"emails/{name}{suffix} is missing"
    html = (EMAILS / f"{name}.html").read_text(encoding="utf-8")
    assert html.startswith('{% extends "emails/_layout.html" %}')
    # Plain text and subjects are not HTML: an "&" in a dossier title must stay an "&".
    for suffix in ("_subject.txt", ".txt"):
        assert "{% autoescape off %}" in (EMAILS / f"{name}{suffix}").read_text(encoding="utf-8")


def untranslated_text(source: str, *, is_html: bool) -> str:
    """What remains of a template once translated blocks, tags, variables and markup are gone."""
    source = re.sub(r"{% blocktranslate.*?{% endblocktranslate %}", "", source, flags=re.S)
    source = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", "", source, flags=re.S)
    if is_html:
        source = re.sub(r"<[^>]*>", "", source, flags=re.S)
    return "".join(re.findall(r"[^\W\d_]{2,}", source))


@pytest.mark.parametrize("path", sorted(EMAILS.glob("*.*")), ids=lambda path: path.name)
def test_email_template_text_goes_through_translation(path):
    text = untranslated_text(path.read_text(encoding="utf-8"), is_html=path.suffix == ".html")

    assert text == ""


# The recipient's language -----------------------------------------------------------------------


@pytest.fixture
def submitted_dossier(db):
    owner = UserFactory(email="directie@linde.be", language="fr-be")
    dossier = eligible_dossier(created_by=owner, working_title="Leren & samen")
    return dossier_submit(dossier=dossier, user=owner)


@pytest.mark.django_db
def test_dossier_submitted_mail_in_french_for_a_french_user(submitted_dossier):
    submission_confirmation_send(dossier_id=submitted_dossier.pk)

    email = Email.objects.get(to="directie@linde.be")
    reference = submitted_dossier.reference
    assert email.subject == f"Le dossier {reference} a été introduit"
    assert "Le dossier «\xa0Leren & samen\xa0» a été introduit" in email.body_text
    assert "Le dossier «\xa0Leren &amp; samen\xa0» a été introduit" in email.body_html
    assert "ingediend" not in email.body_text
    assert "ingediend" not in email.body_html
    # The attached dossier PDF speaks French too.
    pdf_text = PdfReader(BytesIO(bytes(email.attachments.get().content))).pages[0].extract_text()
    assert "Fondation Roi Baudouin" in pdf_text
    assert "Koning Boudewijnstichting" not in pdf_text


@pytest.mark.django_db
def test_dossier_submitted_mail_in_dutch_for_a_dutch_user(submitted_dossier):
    submitted_dossier.created_by.language = "nl-be"
    submitted_dossier.created_by.save(update_fields=["language"])

    submission_confirmation_send(dossier_id=submitted_dossier.pk)

    email = Email.objects.get(to="directie@linde.be")
    assert email.subject == f"Dossier {submitted_dossier.reference} is ingediend"
    assert "Het dossier “Leren & samen” is ingediend" in email.body_text
    assert "Met vriendelijke groeten" in email.body_html


@pytest.mark.django_db
def test_invitation_mail_in_the_invitees_language(staff_user, django_capture_on_commit_callbacks):
    invitee = UserFactory(email="coach.fr@example.org", role="coach", language="fr-be")
    invitee.set_unusable_password()
    invitee.save()

    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(user=invitee, invited_by=staff_user)

    message = mail.outbox[0]
    assert "Invitation" in message.subject
    assert "Uitnodiging" not in message.subject
    assert "Uitnodiging" not in message.body
    assert message.alternatives[0][1] == "text/html"


@pytest.mark.django_db
def test_collaborator_invitation_has_html_in_the_inviters_language(applicant):
    applicant.language = "fr-be"
    applicant.save(update_fields=["language"])
    dossier = DossierFactory(created_by=applicant)

    collaborator_invite(dossier=dossier, email="partner@eik.be", school=None, invited_by=applicant)

    email = Email.objects.get(to="partner@eik.be")
    assert email.body_html.startswith("<!DOCTYPE html>")
    assert "Créer un compte" in email.body_html
    assert "Beste" not in email.body_text


@pytest.mark.django_db
def test_password_reset_mail_in_the_accounts_language(client, applicant):
    applicant.language = "fr-be"
    applicant.save(update_fields=["language"])

    client.post("/account/password/reset/", {"email": applicant.email})

    email = Email.objects.get(to=applicant.email)
    assert "wachtwoord" not in email.body_text.lower()


@pytest.mark.django_db
def test_signup_in_french_stores_french_as_mail_language(client):
    client.post("/i18n/setlang/", {"language": "fr-be", "next": "/"})

    client.post(
        "/account/signup/",
        {
            "full_name": "Claire Dubois",
            "email": "claire@ecole.be",
            "password1": "un-mot-de-passe-long",
            "password2": "un-mot-de-passe-long",
        },
    )

    from plgportal.accounts.models import User

    assert User.objects.get(email="claire@ecole.be").language == "fr-be"
    assert "Bevestig" not in Email.objects.get(to="claire@ecole.be").subject


# Once per event -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_submission_confirmation_twice_mails_once(submitted_dossier):
    assert submission_confirmation_send(dossier_id=submitted_dossier.pk) == 1
    submission_confirmation_send(dossier_id=submitted_dossier.pk)

    assert Email.objects.filter(to="directie@linde.be").count() == 1


@pytest.mark.django_db
def test_invitation_twice_mails_once(staff_user):
    user_invite(email="jury.9@example.org", full_name="Jo", role="jury", invited_by=staff_user)
    with pytest.raises(ValidationError):
        user_invite(email="jury.9@example.org", full_name="Jo", role="jury", invited_by=staff_user)

    assert Email.objects.filter(to="jury.9@example.org").count() == 1


@pytest.mark.django_db
def test_collaborator_invitation_twice_mails_once(applicant):
    dossier = DossierFactory(created_by=applicant)
    collaborator_invite(dossier=dossier, email="partner@eik.be", school=None, invited_by=applicant)
    with pytest.raises(ValidationError):
        collaborator_invite(
            dossier=dossier, email="Partner@eik.be", school=None, invited_by=applicant
        )

    assert Email.objects.filter(to__iexact="partner@eik.be").count() == 1


@pytest.mark.django_db
def test_letter_reminder_twice_the_same_day_mails_once(applicant):
    dossier = DossierFactory(created_by=applicant)
    school = DelegateFactory(school__dossier=dossier, function="director").school

    letter_send_reminder(school=school, by=applicant)
    letter_send_reminder(school=school, by=applicant)

    assert Email.objects.count() == 1
