"""Emails about dossiers."""

from django.conf import settings
from django.db import transaction
from django.utils import translation

from applications.contacts import dossier_contacts
from applications.documents.pdf import dossier_pdf, dossier_pdf_filename
from applications.selectors import dossiers_full
from plgportal.accounts.selectors import languages_by_email
from plgportal.outbox.services import Attachment, email_render_and_queue


@transaction.atomic
def submission_confirmation_send(*, dossier_id: int) -> int:
    """Mail the dossier's contacts (`dossier_contacts`: the contact person, the partner
    directors) that the dossier was submitted, with the dossier PDF attached, both in each
    recipient's language. Returns how many mails were queued.

    Side effects: one outbox email (with the PDF) per recipient; idempotent per submission, so a
    retried task mails nobody twice.
    """
    dossier = dossiers_full().filter(pk=dossier_id).first()
    if dossier is None or dossier.submitted_at is None:
        return 0
    recipients = [contact.email for contact in dossier_contacts(dossier)]
    languages = languages_by_email(recipients)
    pdfs: dict[str, Attachment] = {}  # one rendering per language, each in that language
    for email in recipients:
        language = languages.get(email.lower(), settings.LANGUAGE_CODE)
        if language not in pdfs:
            with translation.override(language):
                pdfs[language] = Attachment(
                    filename=dossier_pdf_filename(dossier), content=dossier_pdf(dossier)
                )
        email_render_and_queue(
            to=email,
            template="emails/dossier_submitted",
            context={"dossier": dossier},
            event_key=f"dossier-submitted:{dossier.pk}:{dossier.submitted_at.isoformat()}:{email}",
            attachments=(pdfs[language],),
            language=language,
        )
    return len(recipients)
