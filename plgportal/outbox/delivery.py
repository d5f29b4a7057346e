"""What the worker does with the outbox: send one email (its row locked, so two workers never
send the same one), and find the emails whose task was lost. Queueing lives in services.py."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from plgportal.outbox.enums import EmailStatus
from plgportal.outbox.models import STALE_AFTER, Email

logger = logging.getLogger(__name__)


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


def stale_queued_email_ids(*, older_than: timedelta = STALE_AFTER) -> list[int]:
    """Emails still waiting after `older_than`: their task was lost."""
    cutoff = timezone.now() - older_than
    stale = Email.objects.filter(status=EmailStatus.QUEUED, created_at__lt=cutoff)
    return list(stale.values_list("pk", flat=True))
