"""The outbox page for staff: the list with its counts and filters, one mail, resending."""

import html
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plgportal.outbox.enums import EmailStatus
from plgportal.outbox.models import Email, EmailAttachment

pytestmark = pytest.mark.django_db

SMTP_ERROR = "SMTPRecipientsRefused: {'oud@school.be': (550, b'5.1.1 User unknown')}"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def make_email(**fields) -> Email:
    values = {
        "to": "directie@school.be",
        "subject": "Dossier PLG-2024-001 is ingediend",
        "body_text": "Beste,\n\nHet dossier is ingediend.",
        "status": EmailStatus.SENT,
    }
    if fields.get("status", values["status"]) == EmailStatus.SENT:
        values |= {"sent_at": timezone.now(), "attempts": 1}
    return Email.objects.create(**(values | fields))


def failed_email(**fields) -> Email:
    return make_email(
        **{
            "to": "oud@school.be",
            "subject": "Uitnodiging voor de PLG Portal",
            "status": EmailStatus.FAILED,
            "attempts": 5,
            "last_error": SMTP_ERROR,
        }
        | fields
    )


def list_page(client, **params):
    response = client.get(reverse("outbox:list"), params)
    assert response.status_code == 200
    return response


def listed(response) -> list[str]:
    return [email.subject for email in response.context["emails"]]


# List ----------------------------------------------------------------------------------------


def test_outbox_list_shows_sent_and_failed_mails(staff_client):
    make_email()
    failed_email()

    page = list_page(staff_client).content.decode()

    assert "Dossier PLG-2024-001 is ingediend" in page
    assert "directie@school.be" in page
    assert "Verzonden" in page
    assert "Uitnodiging voor de PLG Portal" in page
    assert "oud@school.be" in page
    assert "Mislukt" in page
    assert "5.1.1 User unknown" in page
    assert 'class="badge text-bg-danger" data-status="failed"' in page
    assert 'class="badge text-bg-success" data-status="sent"' in page


def test_outbox_list_counts_each_status(staff_client):
    make_email()
    make_email()
    failed_email()
    make_email(status=EmailStatus.QUEUED, subject="Wacht")

    counts = list_page(staff_client).context["counts"]

    assert [(status, count) for status, _label, count in counts] == [
        ("queued", 1),
        ("sent", 2),
        ("failed", 1),
    ]


def test_outbox_list_filters_by_status(staff_client):
    make_email(subject="Verzonden mail")
    failed_email(subject="Mislukte mail")
    make_email(status=EmailStatus.QUEUED, subject="Wachtende mail")

    assert listed(list_page(staff_client, status="failed")) == ["Mislukte mail"]
    assert listed(list_page(staff_client, status="queued")) == ["Wachtende mail"]


def test_outbox_list_searches_recipient_and_subject(staff_client):
    make_email(to="linde@school.be", subject="Eerste")
    make_email(to="eik@school.be", subject="Resultaat van de Linde-aanvraag")
    make_email(to="beuk@school.be", subject="Derde")

    assert sorted(listed(list_page(staff_client, zoek="linde"))) == [
        "Eerste",
        "Resultaat van de Linde-aanvraag",
    ]


def test_outbox_list_filters_by_period(staff_client):
    now = timezone.now()
    make_email(subject="Vorige maand", created_at=now - timedelta(days=30))
    make_email(subject="Gisteren", created_at=now - timedelta(days=1))
    make_email(subject="Vandaag", created_at=now)
    yesterday = timezone.localdate() - timedelta(days=1)

    assert listed(list_page(staff_client, van=yesterday.isoformat())) == ["Vandaag", "Gisteren"]
    assert listed(list_page(staff_client, tot=yesterday.isoformat())) == [
        "Gisteren",
        "Vorige maand",
    ]


def test_outbox_list_newest_first_in_pages_of_fifty(staff_client):
    start = timezone.now() - timedelta(hours=2)
    for number in range(51):
        make_email(subject=f"Mail {number}", created_at=start + timedelta(minutes=number))

    first = list_page(staff_client, status="sent")
    second = list_page(staff_client, status="sent", page=2)

    assert len(listed(first)) == 50
    assert listed(first)[0] == "Mail 50"
    assert listed(second) == ["Mail 0"]
    assert "51 e-mails" in first.content.decode()
    # The next page keeps the filter.
    assert "?status=sent&amp;page=2" in first.content.decode()


def test_outbox_list_queries_do_not_grow(staff_client, django_assert_num_queries):
    make_email()
    with CaptureQueriesContext(connection) as one:
        list_page(staff_client)
    for _ in range(3):
        make_email()
        failed_email()

    with django_assert_num_queries(len(one)):
        assert len(listed(list_page(staff_client))) == 7


# Detail --------------------------------------------------------------------------------------


def test_outbox_detail_shows_headers_error_and_attachments(staff_client, settings):
    email = failed_email(event_key="invitation:7:2025-01-01T10:00:00")
    EmailAttachment.objects.create(
        email=email, filename="PLG-2024-001.pdf", content=b"%PDF-" + b"x" * 2043
    )

    page = staff_client.get(reverse("outbox:detail", args=[email.pk])).content.decode()

    assert html.escape(settings.DEFAULT_FROM_EMAIL) in page
    assert "oud@school.be" in page
    assert "invitation:7:2025-01-01T10:00:00" in page
    assert "5.1.1 User unknown" in page
    assert "PLG-2024-001.pdf" in page
    assert "2,0\xa0KB" in page or "2.0\xa0KB" in page
    attachment = email.attachments.get()
    assert reverse("outbox:attachment", args=[email.pk, attachment.pk]) in page


def test_outbox_detail_shows_html_body_only_inside_a_sandbox(staff_client):
    email = make_email(
        body_text="Tekstversie van de mail",
        body_html='<p>Opgemaakt</p><script>alert("x")</script>',
    )

    page = staff_client.get(reverse("outbox:detail", args=[email.pk])).content.decode()

    assert "Tekstversie van de mail" in page
    assert "alert" not in page
    assert "Opgemaakt</p>" not in page
    assert (
        'sandbox title="Opgemaakte versie van de e-mail" '
        f'src="{reverse("outbox:html", args=[email.pk])}"' in page
    )


def test_outbox_html_is_the_mail_under_a_policy_that_runs_nothing(staff_client):
    body_html = '<p style="color: #00557f">Opgemaakt</p><script>alert("x")</script>'
    email = make_email(body_html=body_html)

    response = staff_client.get(reverse("outbox:html", args=[email.pk]))

    assert response.content.decode() == body_html
    assert response["Content-Type"] == "text/html; charset=utf-8"
    parts = [part.strip().partition(" ") for part in response["Content-Security-Policy"].split(";")]
    assert {name: value for name, _, value in parts} == {
        "default-src": "'none'",
        "style-src": "'unsafe-inline'",
        "img-src": "data:",
        "form-action": "'none'",
        "base-uri": "'none'",
        "frame-ancestors": "'self'",
        "sandbox": "",
    }
    # Framed by the outbox page only; every other page refuses to be framed.
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "no-store" in response["Cache-Control"]


def test_outbox_html_refusal_gets_the_portal_policy(client, applicant):
    client.force_login(applicant)

    response = client.get(reverse("outbox:html", args=[make_email(body_html="<p>x</p>").pk]))

    assert response.status_code == 403
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_outbox_attachment_downloads_the_bytes_sent(staff_client):
    email = make_email()
    attachment = EmailAttachment.objects.create(
        email=email, filename="dossier.pdf", content=b"%PDF-1.7 inhoud"
    )

    response = staff_client.get(reverse("outbox:attachment", args=[email.pk, attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 inhoud"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="dossier.pdf"'


def test_outbox_attachment_of_another_mail_is_not_found(staff_client):
    attachment = EmailAttachment.objects.create(email=make_email(), filename="a.pdf", content=b"")

    response = staff_client.get(reverse("outbox:attachment", args=[make_email().pk, attachment.pk]))

    assert response.status_code == 404


# Resend --------------------------------------------------------------------------------------


def resend(client, email, capture):
    with capture(execute=True):
        return client.post(reverse("outbox:resend", args=[email.pk]), follow=True)


def test_outbox_resend_failed_mail_requeues_and_delivers_it(
    staff_client, django_capture_on_commit_callbacks
):
    email = failed_email()
    assert 'action="{}"'.format(reverse("outbox:resend", args=[email.pk])) in (
        staff_client.get(reverse("outbox:detail", args=[email.pk])).content.decode()
    )

    response = resend(staff_client, email, django_capture_on_commit_callbacks)

    assert response.redirect_chain == [(reverse("outbox:detail", args=[email.pk]), 302)]
    assert "De e-mail aan oud@school.be staat opnieuw in de wachtrij." in response.content.decode()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 6
    assert email.last_error == ""
    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["oud@school.be"], "Uitnodiging voor de PLG Portal")
    ]


def test_outbox_resend_stuck_queued_mail_delivers_it(
    staff_client, django_capture_on_commit_callbacks
):
    email = make_email(status=EmailStatus.QUEUED, created_at=timezone.now() - timedelta(hours=1))

    resend(staff_client, email, django_capture_on_commit_callbacks)

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_outbox_resend_sent_mail_is_refused(staff_client, django_capture_on_commit_callbacks):
    email = make_email()
    detail = staff_client.get(reverse("outbox:detail", args=[email.pk])).content.decode()
    assert reverse("outbox:resend", args=[email.pk]) not in detail

    response = resend(staff_client, email, django_capture_on_commit_callbacks)

    assert "Deze e-mail is al verzonden: hij wordt niet opnieuw verstuurd." in (
        response.content.decode()
    )
    email.refresh_from_db()
    assert email.attempts == 1
    assert mail.outbox == []


def test_outbox_resend_fresh_queued_mail_waits_for_its_task(
    staff_client, django_capture_on_commit_callbacks
):
    email = make_email(status=EmailStatus.QUEUED)

    response = resend(staff_client, email, django_capture_on_commit_callbacks)

    assert "vertrekt binnen enkele minuten" in response.content.decode()
    assert Email.objects.get(pk=email.pk).status == EmailStatus.QUEUED
    assert mail.outbox == []


# Who may see the outbox ----------------------------------------------------------------------


@pytest.mark.parametrize("principal", ["applicant", "juror", "coach"])
def test_outbox_refused_to_everyone_but_staff(
    client, request, principal, django_capture_on_commit_callbacks
):
    email = failed_email()
    attachment = EmailAttachment.objects.create(email=email, filename="a.pdf", content=b"x")
    client.force_login(request.getfixturevalue(principal))

    assert client.get(reverse("outbox:list")).status_code == 403
    assert client.get(reverse("outbox:detail", args=[email.pk])).status_code == 403
    assert client.get(reverse("outbox:html", args=[email.pk])).status_code == 403
    assert (
        client.get(reverse("outbox:attachment", args=[email.pk, attachment.pk])).status_code == 403
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("outbox:resend", args=[email.pk])).status_code == 403
    assert Email.objects.get(pk=email.pk).status == EmailStatus.FAILED
    assert mail.outbox == []


def test_outbox_sends_anonymous_visitors_to_login(client):
    response = client.get(reverse("outbox:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# Links -----------------------------------------------------------------------------------------


def test_staff_home_links_failed_mails_to_the_filtered_outbox(staff_client):
    failed_email()
    failed_email()

    page = staff_client.get(reverse("home")).content.decode()

    assert f'<a href="{reverse("outbox:list")}?status=failed">mislukte e-mails</a>' in page
    assert f'href="{reverse("outbox:list")}">Uitgaande e-mail</a>' in page


def test_outbox_link_only_in_staff_menu(client, applicant):
    client.force_login(applicant)

    assert reverse("outbox:list") not in client.get(reverse("home")).content.decode()
