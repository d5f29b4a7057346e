"""allauth's mails (confirmation, password reset, "no such account", "account already exists")
name the portal and link to it by SITE_URL, never by the host and port a request came in on."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import TEST_PASSWORD

SITE_URL = "https://plg.example.org"


@pytest.fixture
def mails(settings, django_capture_on_commit_callbacks):
    """Run `post(*args)` on the test client and return the text and HTML of the mails it sent."""
    settings.SITE_URL = SITE_URL

    def post(client, url, data):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, data, HTTP_HOST="127.0.0.1:8000")
        assert mail.outbox, "no mail sent"
        return [
            "\n".join([message.subject, message.body, *(body for body, _ in message.alternatives)])
            for message in mail.outbox
        ]

    return post


def signup_data(email):
    return {
        "full_name": "Greet Directeur",
        "email": email,
        "password1": TEST_PASSWORD,
        "password2": TEST_PASSWORD,
    }


def assert_only_site_url(text: str) -> None:
    assert SITE_URL in text
    assert "127.0.0.1" not in text
    assert "testserver" not in text
    assert ":8000" not in text


def test_confirmation_mail_names_and_links_the_portal_by_site_url(client, db, mails):
    [text] = mails(client, reverse("account_signup"), signup_data("greet@school.be"))

    assert_only_site_url(text)
    assert f"{SITE_URL}/account/confirm-email/" in text
    assert f"een account aan te maken op {SITE_URL}." in text


def test_password_reset_mail_links_by_site_url(client, applicant, mails):
    [text] = mails(client, reverse("account_reset_password"), {"email": applicant.email})

    assert_only_site_url(text)
    assert f"{SITE_URL}/account/password/reset/key/" in text


def test_unknown_account_mail_links_to_signup_by_site_url(client, db, mails):
    [text] = mails(client, reverse("account_reset_password"), {"email": "nobody@school.be"})

    assert_only_site_url(text)
    assert f"{SITE_URL}{reverse('account_signup')}" in text


def test_account_already_exists_mail_links_by_site_url(client, applicant, mails):
    [text] = mails(client, reverse("account_signup"), signup_data(applicant.email))

    assert_only_site_url(text)
    assert f"{SITE_URL}{reverse('account_reset_password')}" in text
