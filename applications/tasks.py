from celery import shared_task

from applications.checklist import refresh_checklists
from applications.models import Dossier
from applications.notifications import submission_confirmation_send


@shared_task(name="applications.send_submission_confirmation")
def task_send_submission_confirmation(*, dossier_id: int) -> int:
    return submission_confirmation_send(dossier_id=dossier_id)


@shared_task(name="applications.refresh_call_checklists")
def task_refresh_call_checklists(*, call_id: int) -> int:
    """Every dossier of the call re-evaluated against the call's (changed) rules."""
    return refresh_checklists(Dossier.objects.filter(call_id=call_id))
