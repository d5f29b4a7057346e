"""The mail asking each school for its indicators: the day after the call's kick-off (before)
and after its closing event (after), to the school's contact persons, with one reminder while
the school has not filled them in (plgportal.reminders: one outbox event per school, moment,
stage and address, so each goes out exactly once)."""

from collections import defaultdict
from datetime import datetime

from applications.models import Collaborator, School
from plgportal.accounts.enums import NotificationKind
from plgportal.calls.models import Call
from plgportal.reminders.reminder import Reminder, reminder_to
from plgportal.reminders.schedule import due_stage_after
from sessions.enums import IndicatorMoment
from sessions.indicators.figures import contact_addresses
from sessions.indicators.selectors import joint_event_dates
from sessions.indicators.services import request_context
from sessions.models import Participant


def indicators_request_reminders(*, call: Call, days, now: datetime) -> list[Reminder]:
    """For each moment whose event is dated and reached (stage N: N days after its day, the
    smallest N being the request itself), every school of the call's trajectories that has
    not filled in that moment, to each of its contact addresses. Four queries at most."""
    kickoff, closing = joint_event_dates([call.pk])[call.pk]
    reminders = []
    for moment, day in ((IndicatorMoment.BEFORE, kickoff), (IndicatorMoment.AFTER, closing)):
        stage = None if day is None else due_stage_after(days=days, day=day, now=now)
        if stage is None:
            continue
        schools = list(
            School.objects.filter(dossier__call=call, dossier__trajectory__isnull=False)
            .exclude(indicator_records__moment=moment)
            .select_related("dossier")
            .order_by("dossier__reference", "position", "pk")
        )
        collaborators, participants = defaultdict(list), defaultdict(list)
        for collaborator in Collaborator.objects.filter(
            dossier__in={school.dossier_id for school in schools}
        ).order_by("pk"):
            collaborators[collaborator.dossier_id].append(collaborator)
        for participant in Participant.objects.filter(school__in=schools).order_by("pk"):
            participants[participant.school_id].append(participant)
        for school in schools:
            context = request_context(school=school, moment=moment, issued_at=now) | {
                "is_reminder": stage != min(days)
            }
            reminders += [
                reminder_to(
                    kind=NotificationKind.INDICATORS_REQUEST,
                    to=address,
                    name="",
                    subject=f"indicators-school-{school.pk}-{moment}",
                    stage=stage,
                    on=day,
                    context=context,
                )
                for address in contact_addresses(
                    school_id=school.pk,
                    lead_school_id=school.dossier.lead_school_id,
                    collaborators=collaborators[school.dossier_id],
                    participants=participants[school.pk],
                )
            ]
    return reminders
