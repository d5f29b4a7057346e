"""The outbox: every email the portal sends is written here first, then delivered by Celery
(delivery.py, in the worker)."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from plgportal.accounts.selectors import language_for_email
from plgportal.outbox.enums import EmailStatus
from plgportal.outbox.models import Email, EmailAttachment
from plgportal.outbox.tasks import task_send_email


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str = "application/pdf"


logger = logging.getLogger(__name__)


def _queue_delivery(email: Email) -> None:
    # After commit: the worker must find the row, and a rolled-back event must send nothing.
    # Robust: the event itself has committed; if the broker is down the row stays queued and
    # the periodic re-queue delivers it, so the user must not see an error.
    transaction.on_commit(lambda: task_send_email.delay(email_id=email.pk), robust=True)


@transaction.atomic
def email_queue(
    *,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    event_key: str | None = None,
    attachments: tuple[Attachment, ...] = (),
) -> Email:
    """Write an email row and queue its delivery once the surrounding transaction commits.

    Side effects: one `Email` row (unless `event_key` was already used: then the existing row is
    returned and nothing new is sent); one Celery task on commit.
    """
    if event_key and (existing := Email.objects.filter(event_key=event_key).first()):
        return existing
    email = Email(
        to=to,
        subject=" ".join(subject.split())[:255],
        body_text=body_text,
        body_html=body_html,
        event_key=event_key or None,
    )
    email.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        # A concurrent request wrote the same event first: that row is the one to send.
        return Email.objects.get(event_key=event_key)
    EmailAttachment.objects.bulk_create(
        EmailAttachment(email=email, filename=a.filename, mimetype=a.mimetype, content=a.content)
        for a in attachments
    )
    _queue_delivery(email)
    return email


def email_render_and_queue(
    *,
    to: str,
    template: str,
    context: dict,
    event_key: str | None = None,
    attachments: tuple[Attachment, ...] = (),
    language: str | None = None,
) -> Email:
    """Render `<template>_subject.txt`, `<template>.txt` and (if present) `<template>.html`.

    `language` is the recipient's (e.g. `user.language`); by default the account behind `to`
    decides, and an address without an account gets the portal's default language.
    """
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language or language_for_email(to)):
        subject = render_to_string(f"{template}_subject.txt", context)
        body_text = render_to_string(f"{template}.txt", context)
        try:
            body_html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            body_html = ""
    return email_queue(
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        event_key=event_key,
        attachments=attachments,
    )


@transaction.atomic
def email_resend(*, email: Email) -> Email:
    """Queue a failed (or stuck) email again. Side effects: status back to queued; one task."""
    if email.status == EmailStatus.SENT:
        return email
    email.status = EmailStatus.QUEUED
    email.save(update_fields=["status"])
    _queue_delivery(email)
    return email
