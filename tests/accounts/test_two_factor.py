"""Two-factor sign-in (allauth MFA): required for staff, jurors and the admin, optional for
applicants and coaches; secrets kept encrypted; the admin has no login form of its own."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from plgportal.accounts.mfa import MFAAdapter, needs_two_factor_setup
from plgportal.outbox.models import Email
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, UserFactory, give_second_factor

pytestmark = pytest.mark.django_db
SETUP_MESSAGE = "Voor uw rol is twee-factor-authenticatie verplicht"


def totp_code(secret: str = TEST_TOTP_SECRET, step: int = 0) -> str:
    """The authenticator app's code now (step 0), or one period earlier (-1), which the
    portal still accepts: each code is accepted once."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


def sign_in(client, user, password=TEST_PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def confirm_password(client, password=TEST_PASSWORD):
    """Changing one's factors asks for the password again, even right after signing in."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302, response.content.decode()[:300]


def test_staff_without_second_factor_is_sent_to_set_one_up(client):
    staff = UserFactory(role="staff", is_staff=True, second_factor=False)
    assert sign_in(client, staff)["Location"] == reverse("home")
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain == [(reverse("mfa_index"), 302)]
    assert SETUP_MESSAGE in response.content.decode()
    # Every other page too, until a factor is set up; the setup pages and signing out stay open.
    assert client.get(reverse("accounts:team"))["Location"] == reverse("mfa_index")
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    confirm_password(client)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    assert client.post(reverse("account_logout"))["Location"] == reverse("home")


@pytest.mark.parametrize("role", ["staff", "jury"])
def test_required_role_sets_up_an_authenticator_app_then_works(
    client, role, django_capture_on_commit_callbacks
):
    user = UserFactory(role=role, is_staff=role == "staff", second_factor=False)
    sign_in(client, user)
    confirm_password(client)
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    assert f"secret={secret}" in page.context["totp_url"]

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"]
    assert not Authenticator.objects.filter(user=user).exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert done.status_code == 302
    # The account holder hears of it by mail (through the outbox), in case it was not them.
    notice = Email.objects.get(to=user.email)
    assert "authenticator" in notice.subject.lower()
    kinds = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    assert client.get(reverse("home")).status_code == 200


def test_sign_in_with_authenticator_asks_for_the_code(client, staff_user):
    response = sign_in(client, staff_user)
    assert response["Location"] == reverse("mfa_authenticate")
    # Not signed in yet: the password alone opens nothing.
    assert client.get(reverse("accounts:team"))["Location"].startswith(reverse("account_login"))

    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"]

    right = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert right["Location"] == reverse("home")
    assert client.get(reverse("accounts:team")).status_code == 200


def test_a_code_is_accepted_only_once(client, juror):
    code = totp_code()
    sign_in(client, juror)
    assert client.post(reverse("mfa_authenticate"), {"code": code})["Location"] == "/"
    client.post(reverse("account_logout"))
    sign_in(client, juror)
    replay = client.post(reverse("mfa_authenticate"), {"code": code})
    assert replay.status_code == 200
    assert replay.context["form"].errors["code"]


def test_recovery_code_replaces_a_lost_phone_once(client, juror):
    sign_in(client, juror)
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    confirm_password(client)
    client.post(reverse("mfa_generate_recovery_codes"))
    codes = Authenticator.objects.get(user=juror, type="recovery_codes").wrap()
    first = codes.get_unused_codes()[0]
    client.post(reverse("account_logout"))

    sign_in(client, juror)
    assert client.post(reverse("mfa_authenticate"), {"code": first})["Location"] == "/"
    client.post(reverse("account_logout"))
    sign_in(client, juror)
    assert client.post(reverse("mfa_authenticate"), {"code": first}).status_code == 200


def test_applicant_and_coach_may_sign_in_with_the_password_alone(client, applicant, coach):
    for user in (applicant, coach):
        assert not needs_two_factor_setup(user)
        assert sign_in(client, user)["Location"] == reverse("home")
        assert client.get(reverse("home")).status_code == 200
        client.post(reverse("account_logout"))


def test_applicant_who_chose_an_authenticator_is_asked_for_it(client, applicant):
    give_second_factor(applicant)
    assert sign_in(client, applicant)["Location"] == reverse("mfa_authenticate")


def test_staff_cannot_switch_off_their_only_authenticator(client, staff_user):
    sign_in(client, staff_user)
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    confirm_password(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Authenticator.objects.filter(user=staff_user, type="totp").exists()


def test_applicant_may_switch_off_their_authenticator(client, applicant):
    give_second_factor(applicant)
    sign_in(client, applicant)
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    confirm_password(client)
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=applicant, type="totp").exists()


def test_someone_elses_security_key_answers_404_after_reauthentication(
    client, applicant, other_applicant
):
    key = Authenticator.objects.create(
        user=applicant, type="webauthn", data={"name": "Sleutel", "credential": {}}
    )
    sign_in(client, other_applicant)
    confirm_password(client)
    assert client.get(reverse("mfa_edit_webauthn", args=[key.pk])).status_code == 404
    assert client.post(reverse("mfa_remove_webauthn", args=[key.pk])).status_code == 404
    assert Authenticator.objects.filter(pk=key.pk).exists()


def test_authenticator_secret_is_stored_encrypted(settings, applicant):
    give_second_factor(applicant)
    stored = Authenticator.objects.get(user=applicant).data["secret"]
    assert TEST_TOTP_SECRET not in stored
    assert MFAAdapter().decrypt(stored) == TEST_TOTP_SECRET
    # After a key rotation the old key, kept as a fallback, still opens it.
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-0123456789abcdefghijklmnop"
    assert MFAAdapter().decrypt(stored) == TEST_TOTP_SECRET


def test_admin_login_is_the_portal_login(client, staff_user):
    response = client.get(reverse("admin:login"))
    assert response["Location"].startswith(reverse("account_login"))
    # The admin's own form no longer signs anyone in: its POST ends on the portal login too.
    posted = client.post(
        reverse("admin:login"), {"username": staff_user.email, "password": TEST_PASSWORD}
    )
    assert posted["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_admin_opens_only_after_both_factors(client, staff_user):
    sign_in(client, staff_user)
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("admin:login"))
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert client.get(reverse("admin:index")).status_code == 200


def test_wrong_passwords_at_the_admin_are_throttled_like_the_portal_login(client, staff_user):
    for _ in range(5):
        sign_in(client, staff_user, password="fout-wachtwoord")
    # Even the right password is refused now: allauth's per-account limit applies.
    response = sign_in(client, staff_user)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_profile_shows_whether_two_factor_is_on_and_required(client, applicant, staff_user):
    client.force_login(applicant)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Twee-factor-authenticatie" in page
    assert ">Uit<" in page
    assert "Aanbevolen" in page
    assert reverse("mfa_index") in page

    client.force_login(staff_user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert ">Aan<" in page
    assert "Verplicht voor uw rol." in page


def test_demo_staff_and_jurors_sign_in_with_the_documented_secret(client):
    from plgportal.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, seed_demo

    seed_demo()
    seed_demo()  # idempotent: still one authenticator each
    with_factor = set(
        Authenticator.objects.filter(type="totp").values_list("user__email", flat=True)
    )
    assert with_factor == {
        "staff@demo.plg",
        "jury.1@demo.plg",
        "jury.2@demo.plg",
        "jury.3@demo.plg",
    }
    client.post(reverse("account_login"), {"login": "jury.2@demo.plg", "password": DEMO_PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(DEMO_TOTP_SECRET)})
    assert response["Location"] == reverse("home")


def test_demo_code_command_refuses_without_debug(settings):
    from django.core.management import CommandError, call_command

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_code")
