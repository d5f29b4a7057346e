"""Writes to a trajectory's planning: participants replaced, PLG meetings planned, added and
removed, and the call's joint events (kick-off, closing). Plus `plan_report`, the compliance
check of a trajectory's meetings built from already fetched objects."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sessions.compliance import ComplianceReport, MeetingFacts, PlanFacts, PlanRules, check_plan
from sessions.enums import MeetingKind, TrajectoryChangeAction
from sessions.guards import meeting_removal_refusal
from sessions.models import Meeting, Minutes, Participant, Trajectory, TrajectoryChange
from sessions.services import trajectory_welcome_send


def plan_rules(call) -> PlanRules:
    return PlanRules(
        school_year_label=call.school_year_label,
        school_year_start=call.school_year_start,
        school_year_end=call.school_year_end,
        meeting_count=call.meeting_count,
        meeting_duration=call.meeting_duration,
    )


def plan_report(trajectory: Trajectory) -> ComplianceReport:
    """The compliance warnings of the trajectory's PLG meetings (reads only prefetched
    `meetings` and `dossier__schools`, as trajectories_full() provides)."""
    meetings = sorted(
        (m for m in trajectory.meetings.all() if m.kind == MeetingKind.PLG),
        key=lambda m: m.position,
    )
    schools = list(trajectory.dossier.schools.all())
    return check_plan(
        PlanFacts(
            rules=plan_rules(trajectory.dossier.call),
            meetings=tuple(
                MeetingFacts(
                    position=m.position,
                    date=m.date,
                    start=m.start_time,
                    end=m.end_time,
                    host_school_id=m.host_school_id,
                )
                for m in meetings
            ),
            school_ids=tuple(school.pk for school in schools),
            school_names={school.pk: school.name for school in schools},
        )
    )


@transaction.atomic
def participant_replace(
    *, participant: Participant, full_name: str, email: str, function: str, from_date: dt.date, by
) -> Participant:
    """A colleague of the same school takes over from `from_date`.

    Side effects: the old participant ends the day before (active_until); a new participant of
    the same trajectory and school, active from `from_date`, `replaces` the old one. Attendance
    already recorded stays with the old participant. `by` is who did it (the coach or staff).
    The newcomer gets the trajectory's welcome mail (sessions.services.trajectory_welcome_send).
    """
    if participant.active_until is not None:
        raise ValidationError(_("Deze deelnemer is al vervangen."))
    if participant.active_from is not None and from_date <= participant.active_from:
        raise ValidationError(
            {"from_date": _("De vervanging moet starten na de start van de huidige deelnemer.")}
        )
    participant.active_until = from_date - dt.timedelta(days=1)
    participant.full_clean()
    participant.save(update_fields=["active_until"])
    successor = Participant(
        trajectory=participant.trajectory,
        school=participant.school,
        full_name=full_name,
        email=email,
        function=function,
        active_from=from_date,
        replaces=participant,
    )
    successor.full_clean()
    successor.save()
    trajectory_welcome_send(  # with the meetings from their first day on
        trajectory=participant.trajectory,
        participants=[successor],
        today=max(from_date, timezone.localdate()),
    )
    return successor


@transaction.atomic
def meeting_plan(
    *,
    meeting: Meeting,
    date: dt.date | None,
    start_time: dt.time | None,
    end_time: dt.time | None,
    host_school,
    address: str,
    agenda: str,
) -> Meeting:
    """Side effects: the PLG meeting's date, times, host school, address and agenda. Breaking the
    call's rules is allowed: the trajectory page shows the compliance warnings."""
    meeting.date = date
    meeting.start_time = start_time
    meeting.end_time = end_time
    meeting.host_school = host_school
    meeting.address = address
    meeting.agenda = agenda
    meeting.full_clean()
    meeting.save(
        update_fields=["date", "start_time", "end_time", "host_school", "address", "agenda"]
    )
    return meeting


@transaction.atomic
def meeting_add(*, trajectory: Trajectory) -> Meeting:
    """Side effects: an unplanned PLG meeting at the next position of the trajectory."""
    last = trajectory.meetings.filter(kind=MeetingKind.PLG).aggregate(last=Max("position"))
    return Meeting.objects.create(
        call_id=trajectory.dossier.call_id,
        trajectory=trajectory,
        kind=MeetingKind.PLG,
        position=(last["last"] or 0) + 1,
    )


def meeting_removal_check(meeting: Meeting) -> str | None:
    """Why this PLG meeting cannot be removed (sessions.guards.meeting_removal_refusal), or
    None when it can; reads what is recorded for it and the trajectory's meetings."""
    trajectory = meeting.trajectory
    return meeting_removal_refusal(
        held=meeting.held,
        has_records=(
            meeting.attendances.exists()
            or meeting.roles.exists()
            or meeting.preparations.exists()
            or Minutes.objects.filter(meeting=meeting).exists()
        ),
        meeting_count=trajectory.meetings.filter(kind=MeetingKind.PLG).count(),
        required_count=trajectory.dossier.call.meeting_count,
    )


@transaction.atomic
def meeting_remove(*, meeting: Meeting, by) -> None:
    """Remove an unused PLG meeting beyond the call's required number (the rule and why:
    sessions.guards.meeting_removal_refusal); ValidationError with the reason otherwise.

    Side effects: the trajectory's row is locked (no two removals or an addition at once) and
    the meeting re-read under a lock; the meeting is deleted; the later PLG meetings move up
    one position, so positions stay consecutive; a TrajectoryChange (MEETING_REMOVED, the
    meeting's number, `by`) records it.
    """
    if meeting.kind != MeetingKind.PLG or meeting.trajectory_id is None:
        raise ValidationError(
            _("Alleen een PLG-bijeenkomst van een traject kan verwijderd worden.")
        )
    trajectory = Trajectory.objects.select_for_update().get(pk=meeting.trajectory_id)
    # Only the meeting's row: PostgreSQL cannot lock the nullable side of the join (a joint
    # event has no trajectory), and the trajectory is locked above.
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("trajectory__dossier__call")
        .get(pk=meeting.pk)
    )
    refusal = meeting_removal_check(meeting)
    if refusal:
        raise ValidationError(refusal)
    position = meeting.position
    meeting.delete()
    trajectory.meetings.filter(kind=MeetingKind.PLG, position__gt=position).update(
        position=F("position") - 1
    )
    TrajectoryChange.objects.create(
        trajectory=trajectory,
        action=TrajectoryChangeAction.MEETING_REMOVED,
        subject=str(position),
        changed_by=by,
    )


JOINT_KINDS = (MeetingKind.KICKOFF, MeetingKind.CLOSING)


def joint_event_window(call, kind) -> tuple[dt.date, dt.date]:
    if kind == MeetingKind.KICKOFF:
        return call.kickoff_window_start, call.kickoff_window_end
    return call.closing_window_start, call.closing_window_end


@transaction.atomic
def joint_event_save(
    *,
    call,
    kind: str,
    date: dt.date,
    start_time: dt.time | None,
    end_time: dt.time | None,
    address: str,
    agenda: str,
) -> Meeting:
    """The call's kick-off or closing, dated inside the call's window for it.

    Side effects: creates or updates the call's Meeting of that kind (without trajectory).
    """
    if kind not in JOINT_KINDS:
        raise ValueError(kind)
    first, last = joint_event_window(call, kind)
    if not first <= date <= last:
        raise ValidationError(
            {
                "date": _("Kies een datum van %(first)s tot %(last)s.")
                % {"first": first.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")}
            }
        )
    if start_time and end_time and end_time <= start_time:
        raise ValidationError({"end_time": _("Het einde moet na het begin liggen.")})
    meeting = Meeting.objects.filter(call=call, kind=kind, trajectory=None).first() or Meeting(
        call=call, kind=kind
    )
    meeting.date = date
    meeting.start_time = start_time
    meeting.end_time = end_time
    meeting.address = address
    meeting.agenda = agenda
    meeting.full_clean()
    meeting.save()
    return meeting
