"""Demo outbox for `seed_demo`: a few sent mails, one waiting, one refused by the mail server,
so staff see the outbox page at work. Rows are written directly: nothing is sent."""

from datetime import date, datetime, time, timedelta

from django.template.loader import render_to_string

from plgportal.calls.call_2024 import BRUSSELS
from plgportal.outbox.enums import EmailStatus
from plgportal.outbox.models import Email, EmailAttachment

FAILED_TO = "directie@vbs-de-oude-linde.example"
SMTP_ERROR = (
    f"SMTPRecipientsRefused: {{'{FAILED_TO}': (550, b'5.1.1 <{FAILED_TO}>: Recipient address "
    "rejected: User unknown in virtual mailbox table')}"
)
# A one-page blank PDF: enough for the attachment link on the demo's detail page.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# (key, to, subject, paragraphs, status, days before today)
DEMO_EMAILS = [
    (
        "invitation-jury",
        "jury.1@demo.plg",
        "Uitnodiging voor de PLG Portal als Jurylid",
        [
            "Beste Jef,",
            "Sofie Stichting nodigt u uit in de PLG Portal van de Koning Boudewijnstichting, "
            "als Jurylid.",
            "Kies via de link in deze e-mail een wachtwoord; daarna meldt u aan met uw "
            "e-mailadres.",
        ],
        EmailStatus.SENT,
        40,
    ),
    (
        "invitation-coach",
        "coach.1@demo.plg",
        "Uitnodiging voor de PLG Portal als Coach",
        [
            "Beste Chris,",
            "Sofie Stichting nodigt u uit in de PLG Portal van de Koning Boudewijnstichting, "
            "als Coach.",
        ],
        EmailStatus.SENT,
        39,
    ),
    (
        "dossier-submitted",
        "director.a@demo.plg",
        "Dossier PLG-2024-001 is ingediend",
        [
            "Beste,",
            "Het dossier is ingediend. U vindt het volledige dossier als PDF in de bijlage.",
        ],
        EmailStatus.SENT,
        20,
    ),
    (
        "collaborator-invitation",
        "partner@demo.plg",
        "Uitnodiging om mee te werken aan het PLG-dossier “Samen leren over de grenzen”",
        [
            "Beste,",
            "An Directeur nodigt u uit om mee te werken aan een dossier voor de oproep "
            "van de Koning Boudewijnstichting.",
        ],
        EmailStatus.SENT,
        25,
    ),
    (
        "letter-reminder-failed",
        FAILED_TO,
        "Herinnering: letter of intent van VBS De Oude Linde voor de PLG-aanvraag",
        [
            "Beste,",
            "An Directeur vraagt u de letter of intent van VBS De Oude Linde op te laden.",
        ],
        EmailStatus.FAILED,
        2,
    ),
    (
        "letter-reminder-queued",
        "directie@gbs-het-klaverblad.example",
        "Herinnering: letter of intent van GBS Het Klaverblad voor de PLG-aanvraag",
        [
            "Beste,",
            "An Directeur vraagt u de letter of intent van GBS Het Klaverblad op te laden.",
        ],
        EmailStatus.QUEUED,
        0,
    ),
]


def seed_outbox(*, today: date) -> None:
    """Idempotent: each demo mail has its own event key."""
    for key, to, subject, paragraphs, status, days_ago in DEMO_EMAILS:
        created = datetime.combine(today - timedelta(days=days_ago), time(9, 30), tzinfo=BRUSSELS)
        sent = status == EmailStatus.SENT
        email, _created = Email.objects.update_or_create(
            event_key=f"demo:{key}",
            defaults={
                "to": to,
                "subject": subject,
                "body_text": "\n\n".join(paragraphs),
                "body_html": render_to_string("outbox/demo_email.html", {"paragraphs": paragraphs}),
                "status": status,
                "attempts": {EmailStatus.SENT: 1, EmailStatus.FAILED: 5}.get(status, 0),
                "last_error": SMTP_ERROR if status == EmailStatus.FAILED else "",
                "created_at": created,
                "sent_at": created + timedelta(minutes=1) if sent else None,
            },
        )
        if key == "dossier-submitted" and not email.attachments.exists():
            EmailAttachment.objects.create(
                email=email, filename="PLG-2024-001.pdf", content=DEMO_PDF
            )
