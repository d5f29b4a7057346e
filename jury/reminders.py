"""Reminders for jurors: dossiers still to score as the jury's scoring deadline comes near."""

from datetime import datetime
from itertools import groupby

from django.core.exceptions import ObjectDoesNotExist

from jury.enums import JuryPhase, ReviewStatus
from jury.models import Assignment
from plgportal.accounts.enums import NotificationKind
from plgportal.calls.models import Call
from plgportal.reminders.reminder import Reminder, reminder_to
from plgportal.reminders.schedule import due_stage, local_day
from plgportal.urls_absolute import absolute_url


def open_assignments(jury):
    """Assigned dossiers a juror still has to score: no conflict declared, review not
    submitted (a juror who has not declared yet must still declare, then score)."""
    return (
        Assignment.objects.filter(jury=jury, juror__is_active=True)
        .exclude(has_conflict=True)
        .exclude(review__status=ReviewStatus.SUBMITTED)
        .select_related("juror", "dossier")
        .order_by("juror_id", "dossier__reference", "pk")
    )


def scoring_deadline_reminders(*, call: Call, days, now: datetime) -> list[Reminder]:
    """One mail per juror listing their open dossiers, N days before the scoring deadline,
    while the jury is scoring. Select the call's `jury` to spare a query."""
    try:
        jury = call.jury
    except ObjectDoesNotExist:
        return []
    if jury.phase != JuryPhase.SCORING or jury.scoring_deadline is None:
        return []
    stage = due_stage(days=days, moment=jury.scoring_deadline, now=now)
    if stage is None:
        return []
    kind = NotificationKind.SCORING_DEADLINE
    reminders = []
    for _juror_id, group in groupby(open_assignments(jury), key=lambda a: a.juror_id):
        assignments = list(group)
        juror = assignments[0].juror
        reminders.append(
            reminder_to(
                kind=kind,
                to=juror.email,
                name=juror.full_name,
                subject=f"jury-{jury.pk}",
                stage=stage,
                on=local_day(jury.scoring_deadline),
                context={
                    "call": call,
                    "deadline": jury.scoring_deadline,
                    "dossiers": [a.dossier for a in assignments],
                    "action_url": absolute_url("home"),
                },
            )
        )
    return reminders
