"""The portal says "u". allauth's own Dutch catalogue says "je": plgportal/locale/nl overrides
every such entry of the parts of allauth the portal uses (accounts and two-factor sign-in), and
the portal's own mail templates never say "je"."""

import ast
import re
import time
from pathlib import Path

import allauth
import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, UserFactory

INFORMAL = re.compile(r"\b(je|jou|jouw|jij|jezelf)\b", re.IGNORECASE)
ALLAUTH_NL = Path(allauth.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"
OVERRIDES = Path(settings.BASE_DIR) / "plgportal" / "locale" / "nl" / "LC_MESSAGES" / "django.po"
# Where allauth's msgids come from, for the parts of allauth the portal installs and serves
# (not socialaccount, idp, headless or usersessions).
USED_PARTS = ("account/", "mfa/", "templates/account/", "templates/mfa/", "templates/allauth/")
MAIL_TEMPLATES = [Path(settings.BASE_DIR) / "templates" / name for name in ("emails", "account")]


def informal_words(text: str) -> list[str]:
    return INFORMAL.findall(text)


def _allauth_entries():
    """(locations, msgctxt, msgid, msgid_plural) of every live entry in allauth's Dutch .po."""
    entries, locations, fields, key = [], [], {}, None
    for line in [*ALLAUTH_NL.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#:"):
            locations += line[2:].split()
        elif line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr")):
            key, _space, value = line.partition(" ")
            fields[key] = ast.literal_eval(value)
        elif line.startswith('"') and key:
            fields[key] += ast.literal_eval(line)
        elif not line.strip():
            if fields.get("msgid"):
                entries.append(
                    (locations, fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"))
                )
            locations, fields, key = [], {}, None
    return entries


def _dutch(msgctxt, msgid, msgid_plural) -> list[str]:
    with translation.override("nl-be"):
        if msgid_plural:
            return [translation.ngettext(msgid, msgid_plural, n) for n in (1, 2)]
        if msgctxt:
            return [translation.pgettext(msgctxt, msgid)]
        return [translation.gettext(msgid)]


def test_overrides_catalogue_is_compiled():
    compiled = OVERRIDES.with_suffix(".mo")
    assert compiled.exists(), f"{compiled} is missing: run `make messages`"
    assert compiled.stat().st_mtime >= OVERRIDES.stat().st_mtime, (
        f"{compiled} is older than {OVERRIDES.name}: run `make messages`"
    )


def test_every_allauth_text_the_portal_shows_is_formal_in_dutch():
    entries = [
        entry
        for entry in _allauth_entries()
        if any(location.startswith(USED_PARTS) for location in entry[0])
    ]
    assert len(entries) > 200, "allauth's Dutch catalogue was not read"
    informal = {
        text: informal_words(text)
        for _locations, *message in entries
        for text in _dutch(*message)
        if informal_words(text)
    }
    assert informal == {}
    with translation.override("nl-be"):
        assert translation.gettext("Confirmation email sent to %(email)s.") == (
            "Bevestigingsmail verstuurd naar %(email)s."
        )


@pytest.mark.parametrize("folder", MAIL_TEMPLATES, ids=lambda folder: folder.name)
def test_portal_mail_templates_never_say_je(folder):
    informal = {
        str(path.relative_to(folder)): informal_words(path.read_text(encoding="utf-8"))
        for path in folder.rglob("*")
        if path.is_file() and informal_words(path.read_text(encoding="utf-8"))
    }
    assert informal == {}


# allauth's pages and mails, rendered --------------------------------------------------------


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _totp() -> str:
    return format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Deliver the mails a request queues on commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_allauth_pages_say_u_to_a_visitor(client, db):
    pages = {
        name: _page(client.get(reverse(name)))
        for name in (
            "account_login",
            "account_signup",
            "account_reset_password",
            "account_reset_password_done",
            "account_email_verification_sent",
        )
    }
    pages["bad reset link"] = _page(
        client.get(reverse("account_reset_password_from_key", args=["x", "y-z"]))
    )
    pages["wrong password"] = _page(
        client.post(reverse("account_login"), {"login": "nobody@school.be", "password": "x"})
    )
    pages["passwords differ"] = _page(
        client.post(
            reverse("account_signup"),
            {
                "full_name": "Greet",
                "email": "greet@school.be",
                "password1": TEST_PASSWORD,
                "password2": TEST_PASSWORD + "x",
            },
        )
    )

    assert {name: informal_words(page) for name, page in pages.items()} == {
        name: [] for name in pages
    }
    assert "Hebt u nog geen account?" in pages["account_login"]
    assert "Hebt u al een account?" in pages["account_signup"]


def test_allauth_pages_and_messages_say_u_to_a_signed_in_user(client, juror):
    signing_in = client.post(
        reverse("account_login"), {"login": juror.email, "password": TEST_PASSWORD}
    )
    pages = {"second factor": _page(client.get(signing_in["Location"]))}
    client.post(reverse("mfa_authenticate"), {"code": _totp()})
    pages["signed in"] = _page(client.get(reverse("home")))
    for name in ("account_reauthenticate", "account_change_password", "account_logout"):
        pages[name] = _page(client.get(reverse(name)))
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    for name in ("mfa_index", "mfa_generate_recovery_codes", "mfa_deactivate_totp"):
        pages[name] = _page(client.get(reverse(name)))
    pages["signed out"] = _page(client.post(reverse("account_logout"), follow=True))

    assert {name: informal_words(page) for name, page in pages.items()} == {
        name: [] for name in pages
    }
    assert "Weet u het zeker?" in pages["mfa_generate_recovery_codes"]
    assert "U bent afgemeld." in pages["signed out"]


def test_allauth_mails_say_u(client, applicant, sent):
    with sent():
        client.post(
            reverse("account_signup"),
            {
                "full_name": "Greet",
                "email": "greet@school.be",
                "password1": TEST_PASSWORD,
                "password2": TEST_PASSWORD,
            },
        )
        client.post(reverse("account_reset_password"), {"email": applicant.email})
        client.post(reverse("account_reset_password"), {"email": "unknown@school.be"})
    other = UserFactory(role="applicant", email="taken@school.be")
    with sent():
        client.post(
            reverse("account_signup"),
            {
                "full_name": "Nog eens",
                "email": other.email,
                "password1": TEST_PASSWORD,
                "password2": TEST_PASSWORD,
            },
        )
    client.force_login(applicant)
    with sent():
        client.post(
            reverse("account_change_password"),
            {
                "oldpassword": TEST_PASSWORD,
                "password1": "N1euw-wachtwoord",
                "password2": "N1euw-wachtwoord",
            },
        )

    mails = {
        f"{message.to[0]}: {message.subject}": message.subject + "\n" + message.body
        for message in mail.outbox
    }
    assert len(mails) == 5, list(mails)
    assert {subject: informal_words(text) for subject, text in mails.items()} == {
        subject: [] for subject in mails
    }
    assert any("Bevestig uw e-mailadres" in subject for subject in mails)
