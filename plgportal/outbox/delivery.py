"""What the worker does with the outbox: send one email (each attempt recorded before it starts,
so two workers never send the same one at once and a dead worker leaves a trace), and claim the
emails whose task was lost. Queueing lives in services.py."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from plgportal.outbox.enums import EmailStatus
from plgportal.outbox.models import INTERRUPTED_AFTER, STALE_AFTER, Email

logger = logging.getLogger(__name__)


def _attempt_begin(email_id: int) -> Email | None:
    """Record one attempt and commit it before anything is sent, so a worker killed mid-send
    leaves a trace: `attempts` counts it and `attempt_started_at` stays set.

    Returns None when there is nothing to do: no such email, already sent, or another worker's
    attempt is under way (begun less than INTERRUPTED_AFTER ago; if that worker died, the beat
    queues the email again once that has passed).
    """
    now = timezone.now()
    with transaction.atomic():
        email = Email.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status == EmailStatus.SENT:
            return None
        if email.attempt_started_at is not None:
            if email.attempt_started_at > now - INTERRUPTED_AFTER:
                return None
            email.interrupted_attempts += 1
        email.attempts += 1
        email.attempt_started_at = now
        email.save(update_fields=["attempts", "attempt_started_at", "interrupted_attempts"])
    return email


def _message(email: Email) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"Message-ID": email.message_id},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return message


def email_deliver(*, email_id: int) -> EmailStatus | None:
    """Send one queued email; return its new status, or None when there is nothing to do.

    Side effects: the attempt is recorded (and committed) first; then the email goes to the
    SMTP server with the row's own Message-ID; then the row records sent_at, or the error.
    """
    email = _attempt_begin(email_id)
    if email is None:
        return None
    fields = {"attempt_started_at": None}
    try:
        _message(email).send()
    except Exception as exc:  # noqa: BLE001 - any transport error is recorded and retried
        logger.warning("Email %s to %s failed: %s", email.pk, email.to, exc)
        fields |= {"status": EmailStatus.FAILED, "last_error": f"{type(exc).__name__}: {exc}"}
    else:
        fields |= {"status": EmailStatus.SENT, "sent_at": timezone.now(), "last_error": ""}
    # Only this attempt's own stamp: a later attempt that took over keeps its record.
    Email.objects.filter(pk=email.pk, attempt_started_at=email.attempt_started_at).update(**fields)
    return fields["status"]


def stale_queued_emails_claim() -> list[int]:
    """Claim the queued emails whose task was lost, and return their ids.

    Lost: still queued STALE_AFTER after it was written, or an attempt began INTERRUPTED_AFTER
    ago and never finished (its worker died mid-send). The claim stamps `requeued_at` in one
    UPDATE whose condition excludes rows claimed less than INTERRUPTED_AFTER ago, so two beats
    running at once never both claim a row: each returns only what it queued.
    """
    now = timezone.now()
    lost = Q(attempt_started_at__isnull=True, created_at__lt=now - STALE_AFTER) | Q(
        attempt_started_at__lt=now - INTERRUPTED_AFTER
    )
    unclaimed = Q(requeued_at__isnull=True) | Q(requeued_at__lt=now - INTERRUPTED_AFTER)
    # The timestamp is this claim's token: the rows stamped with it are this call's.
    Email.objects.filter(lost & unclaimed, status=EmailStatus.QUEUED).update(requeued_at=now)
    return list(Email.objects.filter(requeued_at=now).values_list("pk", flat=True))
