"""The outbox: every email the portal sends is written here first, then delivered by Celery."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from plgportal.accounts.selectors import language_for_email
from plgportal.outbox.enums import EmailStatus
from plgportal.outbox.models import STALE_AFTER, Email, EmailAttachment


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str = "application/pdf"


logger = logging.getLogger(__name__)


def _queue_delivery(email: Email) -> None:
    from plgportal.outbox.tasks import task_send_email

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


def email_deliver(*, email_id: int) -> EmailStatus | None:
    """Send one queued email; return its new status, or None when there is nothing to do.

    Side effects: the email goes to the SMTP server; the row records sent_at, or the error.
    The row stays locked while sending, so two workers never send the same email.
    """
    with transaction.atomic():
        email = Email.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status == EmailStatus.SENT:
            return None
        email.attempts += 1
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        for attachment in email.attachments.all():
            message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - any transport error is recorded and retried
            logger.warning("Email %s to %s failed: %s", email.pk, email.to, exc)
            email.status = EmailStatus.FAILED
            email.last_error = f"{type(exc).__name__}: {exc}"
        else:
            email.status = EmailStatus.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
        email.save(update_fields=["status", "attempts", "last_error", "sent_at"])
        return email.status


@transaction.atomic
def email_resend(*, email: Email) -> Email:
    """Queue a failed (or stuck) email again. Side effects: status back to queued; one task."""
    if email.status == EmailStatus.SENT:
        return email
    email.status = EmailStatus.QUEUED
    email.save(update_fields=["status"])
    _queue_delivery(email)
    return email


def email_requeue_stale(*, older_than: timedelta = STALE_AFTER) -> int:
    """Queue again every email still waiting after `older_than` (its task was lost).

    Side effects: one Celery task per stale email. Returns how many were queued.
    """
    cutoff = timezone.now() - older_than
    stale_ids = list(
        Email.objects.filter(status=EmailStatus.QUEUED, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    from plgportal.outbox.tasks import task_send_email

    for email_id in stale_ids:
        task_send_email.delay(email_id=email_id)
    return len(stale_ids)
