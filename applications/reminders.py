"""Reminders about dossiers: drafts not yet submitted as the call's deadline comes near."""

from datetime import datetime

from applications.contacts import dossier_contacts
from applications.enums import DossierStatus
from applications.models import Dossier
from plgportal.accounts.enums import NotificationKind
from plgportal.calls.models import Call
from plgportal.reminders.reminder import Reminder, reminder_to
from plgportal.reminders.schedule import due_stage, local_day
from plgportal.urls_absolute import absolute_url


def draft_deadline_reminders(*, call: Call, days, now: datetime) -> list[Reminder]:
    """The contact persons of each draft dossier, N days before the call's deadline."""
    stage = due_stage(days=days, moment=call.deadline, now=now)
    if stage is None:
        return []
    kind = NotificationKind.DRAFT_DEADLINE
    dossiers = (
        Dossier.objects.filter(call=call, status=DossierStatus.DRAFT)
        .select_related("created_by")
        .prefetch_related("collaborators__user")
        .order_by("pk")
    )
    return [
        reminder_to(
            kind=kind,
            to=contact.email,
            name=contact.name,
            subject=f"dossier-{dossier.pk}",
            stage=stage,
            on=local_day(call.deadline),
            context={
                "dossier": dossier,
                "call": call,
                "deadline": call.deadline,
                "action_url": absolute_url("applications:dossier_detail", pk=dossier.pk),
            },
        )
        for dossier in dossiers
        for contact in dossier_contacts(dossier)
    ]
