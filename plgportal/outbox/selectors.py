from django.db.models import Count, Q

from plgportal.outbox.enums import EmailStatus
from plgportal.outbox.models import Email


def outbox_counts() -> dict:
    return Email.objects.aggregate(
        queued=Count("pk", filter=Q(status=EmailStatus.QUEUED)),
        failed=Count("pk", filter=Q(status=EmailStatus.FAILED)),
        sent=Count("pk", filter=Q(status=EmailStatus.SENT)),
    )
