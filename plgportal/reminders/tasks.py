from celery import shared_task

from plgportal.reminders.services import reminders_send_due


@shared_task(name="reminders.send_due")
def task_send_due_reminders() -> int:
    return reminders_send_due()
