from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Length

from plgportal.outbox.enums import EmailStatus
from plgportal.outbox.models import Email, EmailAttachment


def outbox_counts() -> dict:
    return Email.objects.aggregate(
        queued=Count("pk", filter=Q(status=EmailStatus.QUEUED)),
        failed=Count("pk", filter=Q(status=EmailStatus.FAILED)),
        sent=Count("pk", filter=Q(status=EmailStatus.SENT)),
    )


def attachments_with_size(email: Email) -> QuerySet[EmailAttachment]:
    """The email's attachments with their `size` in bytes, without loading their content."""
    return email.attachments.defer("content").annotate(size=Length("content")).order_by("pk")
