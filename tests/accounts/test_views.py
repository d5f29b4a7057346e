import re

import pytest
from django.core import mail
from django.urls import reverse

from plgportal.accounts.models import User
from plgportal.accounts.services import user_invite
from tests.factories import TEST_PASSWORD

LINK = re.compile(r"https?://[^\s\"]+")


def _last_link(path_fragment):
    for message in reversed(mail.outbox):
        for link in LINK.findall(message.body):
            if path_fragment in link:
                return link.split("testserver", 1)[-1].split("8000", 1)[-1]
    raise AssertionError(f"no mail with a link to {path_fragment}")


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    """Wrap a request in `with sending():` to deliver the mails it queues on commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_signup_creates_unverified_applicant_and_sends_confirmation(client, db, sending):
    with sending():
        response = client.post(
            reverse("account_signup"),
            {
                "full_name": "Greet Directeur",
                "email": "greet@school.be",
                "password1": "lange-zin-als-wachtwoord",
                "password2": "lange-zin-als-wachtwoord",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="greet@school.be")
    assert (user.full_name, user.role, user.is_staff) == ("Greet Directeur", "applicant", False)
    assert mail.outbox[-1].to == ["greet@school.be"]


def test_signup_then_confirm_link_signs_in(client, db, sending):
    with sending():
        client.post(
            reverse("account_signup"),
            {
                "full_name": "Greet",
                "email": "greet@school.be",
                "password1": "lange-zin-als-wachtwoord",
                "password2": "lange-zin-als-wachtwoord",
            },
        )
    confirm_path = _last_link("/account/confirm-email/")
    assert client.get(confirm_path).status_code == 200
    response = client.post(confirm_path, follow=True)
    assert response.context["user"].email == "greet@school.be"
    assert "Mijn dossiers" in response.content.decode()


def test_signup_refuses_mismatched_passwords_and_keeps_input(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Greet Directeur",
            "email": "greet@school.be",
            "password1": "lange-zin-als-wachtwoord",
            "password2": "iets-anders-getypt",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "hetzelfde wachtwoord" in page.lower()
    assert 'value="Greet Directeur"' in page
    assert 'value="greet@school.be"' in page
    assert not User.objects.filter(email="greet@school.be").exists()


def test_login_refused_until_address_confirmed(client, db):
    from tests.factories import UserFactory

    UserFactory(email="nog@school.be", verified_email=False)
    response = client.post(
        reverse("account_login"), {"login": "nog@school.be", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_login_with_email_any_case_lands_on_dashboard(client, applicant):
    response = client.post(
        reverse("account_login"),
        {"login": applicant.email.upper(), "password": TEST_PASSWORD},
        follow=True,
    )
    assert response.context["user"] == applicant
    assert "Mijn dossiers" in response.content.decode()


def test_password_reset_by_email_sets_new_password(client, applicant, sending):
    with sending():
        client.post(reverse("account_reset_password"), {"email": applicant.email})
    reset_path = _last_link("/account/password/reset/key/")
    form_page = client.get(reset_path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_path,
        {"password1": "nieuw-lang-wachtwoord-9", "password2": "nieuw-lang-wachtwoord-9"},
    )
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.check_password("nieuw-lang-wachtwoord-9") is True


def test_team_invite_creates_juror_and_lists_pending(client, staff_user, sending):
    client.force_login(staff_user)
    with sending():
        response = client.post(
            reverse("accounts:team"),
            {"full_name": "Jo Jury", "email": "jo@jury.be", "role": "jury"},
            follow=True,
        )
    page = response.content.decode()
    assert "Uitnodiging verstuurd naar jo@jury.be" in page
    assert "Uitnodiging openstaand" in page
    assert User.objects.get(email="jo@jury.be").role == "jury"
    assert mail.outbox[-1].to == ["jo@jury.be"]


def test_team_invite_existing_address_shows_error_next_to_field(client, staff_user, juror):
    client.force_login(staff_user)
    response = client.post(
        reverse("accounts:team"), {"full_name": "Dubbel", "email": juror.email, "role": "coach"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "Er bestaat al een account met dit e-mailadres."
    ]
    assert 'value="Dubbel"' in response.content.decode()


def test_team_invite_invalid_address_keeps_name(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("accounts:team"), {"full_name": "Typfout", "email": "geen-adres"}
    )
    assert "email" in response.context["form"].errors
    assert 'value="Typfout"' in response.content.decode()


def test_invitation_resend_sends_new_mail(client, staff_user, sending):
    with sending():
        invitee = user_invite(email="k@b.be", full_name="K", role="coach", invited_by=staff_user)
    client.force_login(staff_user)
    with sending():
        response = client.post(reverse("accounts:invitation_resend", args=[invitee.pk]))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["k@b.be"], ["k@b.be"]]


def test_invitation_accept_sets_password_signs_in_and_link_dies(client, staff_user, sending):
    with sending():
        user_invite(email="j@b.be", full_name="Jef Jury", role="jury", invited_by=staff_user)
    accept_path = _last_link("/uitnodiging/")
    page = client.get(accept_path)
    assert page.status_code == 200
    assert "Jef" in page.content.decode()
    response = client.post(
        accept_path,
        {"new_password1": "jury-wachtwoord-lang", "new_password2": "jury-wachtwoord-lang"},
        follow=True,
    )
    assert response.context["user"].email == "j@b.be"
    # A juror signs in with two factors: the first page asks to set up the second one.
    assert response.redirect_chain[-1][0] == reverse("mfa_index")
    assert "Voor uw rol is twee-factor-authenticatie verplicht" in response.content.decode()
    client.logout()
    assert client.get(accept_path).status_code == 400


def test_invitation_accept_mismatch_shows_dutch_error(client, staff_user, sending):
    with sending():
        user_invite(email="m@b.be", full_name="M", role="coach", invited_by=staff_user)
    response = client.post(
        _last_link("/uitnodiging/"),
        {"new_password1": "jury-wachtwoord-lang", "new_password2": "iets-anders-lang"},
    )
    assert response.status_code == 200
    assert "komen niet overeen" in response.content.decode()
    assert User.objects.get(email="m@b.be").has_usable_password() is False


def test_profile_update_changes_name(client, coach):
    client.force_login(coach)
    response = client.post(
        reverse("accounts:profile"), {"full_name": "Chris Coach", "language": "nl-be"}, follow=True
    )
    coach.refresh_from_db()
    assert coach.full_name == "Chris Coach"
    assert "Uw gegevens zijn bewaard." in response.content.decode()


def test_profile_requires_name(client, coach):
    client.force_login(coach)
    response = client.post(reverse("accounts:profile"), {"full_name": ""})
    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors


def test_password_reset_mail_has_html_version_with_the_link_and_one_signature(
    client, applicant, sending
):
    with sending():
        client.post(reverse("account_reset_password"), {"email": applicant.email})
    message = mail.outbox[-1]
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<a href="http://' in html and "/account/password/reset/key/" in html
    assert html.count("Met vriendelijke groeten") == 1
