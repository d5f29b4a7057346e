from celery import shared_task

from plgportal.outbox.delivery import email_deliver, stale_queued_emails_claim
from plgportal.outbox.enums import EmailStatus

MAX_ATTEMPTS = 5


@shared_task(name="outbox.send_email", bind=True, max_retries=MAX_ATTEMPTS - 1)
def task_send_email(self, *, email_id: int) -> str | None:
    status = email_deliver(email_id=email_id)
    if status == EmailStatus.FAILED and self.request.retries < self.max_retries:
        # 1, 2, 4, 8 minutes: rides out a mail server that is briefly down.
        raise self.retry(countdown=60 * 2**self.request.retries)
    return status


@shared_task(name="outbox.requeue_stale_emails")
def task_requeue_stale_emails() -> int:
    """Beat's safety net: one delivery task again for each email whose task was lost (see
    stale_queued_emails_claim). Returns how many this run queued; a concurrent run's are not
    counted again."""
    stale_ids = stale_queued_emails_claim()
    for email_id in stale_ids:
        task_send_email.delay(email_id=email_id)
    return len(stale_ids)
