"""Staff read a sent mail in the outbox as its recipient got it: the text version keeps its
line breaks and blank lines, not one run-on paragraph."""

from django.urls import reverse
from playwright.sync_api import expect

from plgportal.outbox.enums import EmailStatus
from plgportal.outbox.models import Email
from tests.e2e.signing_in import _log_in
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET

BODY = "Beste directie,\n\nUw dossier is ingediend.\nReferentie: PLG-2024-001"


def test_staff_read_a_text_mail_with_its_line_breaks(live_server, page, staff_user):
    email = Email.objects.create(
        to="directie@school.be",
        subject="Dossier ingediend",
        body_text=BODY,
        status=EmailStatus.SENT,
    )
    page.goto(f"{live_server.url}/account/login/")
    _log_in(page, staff_user.email, TEST_PASSWORD, TEST_TOTP_SECRET)

    page.goto(f"{live_server.url}{reverse('outbox:detail', args=[email.pk])}")

    text = page.locator("pre.body-text")
    expect(text).to_be_visible()
    # innerText is what is rendered: collapsed white space would give one line.
    assert text.evaluate("element => element.innerText") == BODY
    assert text.evaluate("element => getComputedStyle(element).whiteSpace") == "pre-wrap"
