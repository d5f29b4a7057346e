from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import make_msgid
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plgportal.outbox.enums import EmailStatus

# A queued email still waiting after this long has lost its delivery task: the beat queues it
# again, and staff may resend it by hand.
STALE_AFTER = timedelta(minutes=10)
# An attempt that began this long ago and never finished was cut off (its worker died: SMTP
# gives up after EMAIL_TIMEOUT, 30 s): the beat queues the email again sooner than STALE_AFTER.
INTERRUPTED_AFTER = timedelta(minutes=2)


def new_message_id() -> str:
    """A Message-ID under the portal's host name (no DNS lookup, unlike make_msgid's default)."""
    return make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "localhost")


class Email(models.Model):
    """One message to one recipient, written in the transaction of the event that causes it.

    The row is the source of truth: a worker that crashes leaves it queued (and it is picked up
    again), a retried task finds it sent and does nothing.
    """

    to = models.EmailField(_("aan"))
    subject = models.CharField(_("onderwerp"), max_length=255)
    body_text = models.TextField(_("tekst"))
    body_html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus, default=EmailStatus.QUEUED
    )
    # Names the event that caused the mail (e.g. "invitation:42:2025-01-01T10:00"), so a second
    # request for the same event returns the first row instead of mailing twice.
    # NULL, not "": mails without an event must not collide on the unique constraint.
    event_key = models.CharField(  # noqa: DJ001
        _("gebeurtenis"), max_length=200, unique=True, null=True, blank=True
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    # One Message-ID for every attempt: a mail sent twice is de-duplicated by servers and clients.
    message_id = models.CharField(
        _("Message-ID"), max_length=255, default=new_message_id, editable=False
    )
    # Stamped and committed before the SMTP conversation starts, cleared when the attempt ends:
    # still set means the attempt is under way, or its worker died mid-send.
    attempt_started_at = models.DateTimeField(_("poging gestart op"), null=True, blank=True)
    # Attempts that began and never finished before a later one began: each may have gone out.
    interrupted_attempts = models.PositiveSmallIntegerField(_("onderbroken pogingen"), default=0)
    # When the beat last queued a delivery task again, so two beats never both claim a row.
    requeued_at = models.DateTimeField(_("opnieuw in wachtrij op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.subject} → {self.to}"

    @property
    def is_failed(self) -> bool:
        return self.status == EmailStatus.FAILED

    @property
    def is_sent(self) -> bool:
        return self.status == EmailStatus.SENT

    @property
    def status_badge_tone(self) -> str:
        return EmailStatus(self.status).badge_tone

    @property
    def may_have_gone_out_twice(self) -> bool:
        """An attempt was cut off mid-send and a later one followed: the first may have
        reached the recipient too (at-least-once delivery; the shared Message-ID lets mail
        clients drop the copy)."""
        return self.interrupted_attempts > 0

    @property
    def is_resendable(self) -> bool:
        """Failed, or queued so long ago that its task was lost. A sent email never is."""
        if self.status == EmailStatus.FAILED:
            return True
        return self.status == EmailStatus.QUEUED and self.created_at < timezone.now() - STALE_AFTER


class EmailAttachment(models.Model):
    """A file sent with an email (e.g. the dossier PDF), kept so a retry sends the same bytes."""

    email = models.ForeignKey(Email, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("bestandsnaam"), max_length=255)
    mimetype = models.CharField(_("type"), max_length=100, default="application/pdf")
    content = models.BinaryField(_("inhoud"))

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self):
        return self.filename
