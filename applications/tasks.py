from celery import shared_task

from applications.notifications import submission_confirmation_send


@shared_task(name="applications.send_submission_confirmation")
def task_send_submission_confirmation(*, dossier_id: int) -> int:
    return submission_confirmation_send(dossier_id=dossier_id)
