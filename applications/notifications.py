"""Emails about dossiers."""

from django.conf import settings
from django.db import transaction

from applications.documents import dossier_pdf, dossier_pdf_filename
from applications.enums import CollaboratorRole
from applications.selectors import dossiers_full
from plgportal.accounts.selectors import languages_by_email
from plgportal.outbox.services import Attachment, email_render_and_queue


@transaction.atomic
def submission_confirmation_send(*, dossier_id: int) -> int:
    """Mail the contact person and the partner directors that the dossier was submitted, with
    the dossier PDF attached. Returns how many mails were queued.

    Side effects: one outbox email (with the PDF) per recipient; idempotent per submission, so a
    retried task mails nobody twice.
    """
    dossier = dossiers_full().filter(pk=dossier_id).first()
    if dossier is None or dossier.submitted_at is None:
        return 0
    recipients = dict.fromkeys(
        [dossier.created_by.email]
        + [c.email for c in dossier.collaborators.all() if c.role == CollaboratorRole.PARTNER]
    )
    attachment = Attachment(filename=dossier_pdf_filename(dossier), content=dossier_pdf(dossier))
    languages = languages_by_email(recipients)
    for email in recipients:
        email_render_and_queue(
            to=email,
            template="emails/dossier_submitted",
            context={"dossier": dossier},
            event_key=f"dossier-submitted:{dossier.pk}:{dossier.submitted_at.isoformat()}:{email}",
            attachments=(attachment,),
            language=languages.get(email.lower(), settings.LANGUAGE_CODE),
        )
    return len(recipients)
