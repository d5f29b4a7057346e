"""Reminders about dossiers: drafts not yet submitted as the call's deadline comes near."""

from dataclasses import dataclass
from datetime import datetime

from applications.enums import DossierStatus
from applications.models import Dossier
from plgportal.accounts.enums import NotificationKind
from plgportal.calls.models import Call
from plgportal.reminders.reminder import Reminder, reminder_to
from plgportal.reminders.schedule import due_stage, local_day
from plgportal.urls_absolute import absolute_url


@dataclass(frozen=True)
class Contact:
    email: str
    name: str = ""


def dossier_contacts(dossier: Dossier) -> list[Contact]:
    """Who acts for the dossier: its creator (the contact person) and every collaborator
    (contact row, invited partner directors), once per address. Prefetch
    `created_by` and `collaborators__user`."""
    contacts: dict[str, Contact] = {}
    creator = dossier.created_by
    contacts[creator.email.lower()] = Contact(creator.email, creator.full_name)
    for collaborator in dossier.collaborators.all():
        name = collaborator.user.full_name if collaborator.user_id else ""
        contacts.setdefault(collaborator.email.lower(), Contact(collaborator.email, name))
    return list(contacts.values())


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
                "action_url": absolute_url("dossier_detail", pk=dossier.pk),
            },
        )
        for dossier in dossiers
        for contact in dossier_contacts(dossier)
    ]
