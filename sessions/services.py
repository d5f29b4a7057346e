"""Writes to trajectories: created from selected dossiers, then coached through the year."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Dossier
from jury.enums import Outcome
from plgportal.accounts.enums import Role
from sessions.enums import MeetingKind
from sessions.models import Meeting, Participant, Trajectory


@transaction.atomic
def trajectory_create_from_dossier(*, dossier: Dossier) -> Trajectory:
    """The trajectory of a selected dossier (idempotent: an existing one is returned as is).

    Side effects: the trajectory; one participant per delegate of the dossier's schools, active
    from the start of the call's school year; one proposed meeting per planned meeting of the
    dossier (date, start, end after the call's meeting duration, host school and its address).
    """
    existing = Trajectory.objects.filter(dossier=dossier).first()
    if existing:
        return existing
    call = dossier.call
    trajectory = Trajectory.objects.create(dossier=dossier)
    schools = list(dossier.schools.prefetch_related("delegates"))
    Participant.objects.bulk_create(
        Participant(
            trajectory=trajectory,
            school=school,
            full_name=delegate.full_name,
            email=delegate.email,
            function=delegate.function,
            active_from=call.school_year_start,
        )
        for school in schools
        for delegate in school.delegates.all()
    )
    Meeting.objects.bulk_create(
        Meeting(
            call=call,
            trajectory=trajectory,
            kind=MeetingKind.PLG,
            position=planned.position,
            date=planned.date,
            start_time=planned.start_time,
            end_time=_end_time(planned.date, planned.start_time, call.meeting_duration),
            host_school=planned.host_school,
            address=school_address(planned.host_school),
        )
        for planned in dossier.meetings.select_related("host_school")
    )
    return trajectory


def _end_time(day, start, duration):
    if day is None or start is None:
        return None
    return (datetime.combine(day, start) + duration).time()


def school_address(school) -> str:
    if school is None:
        return ""
    return f"{school.name}, {school.street}, {school.postcode} {school.city}".strip(", ")


@transaction.atomic
def trajectories_create_for_selected(*, call) -> list[Trajectory]:
    """A trajectory for every dossier of the call decided "selected" (run on publication).

    Side effects: see trajectory_create_from_dossier; dossiers that already have one are left
    alone.
    """
    selected = Dossier.objects.filter(call=call, jury_decision__outcome=Outcome.SELECTED)
    return [trajectory_create_from_dossier(dossier=dossier) for dossier in selected]


@transaction.atomic
def trajectory_assign_coach(*, trajectory: Trajectory, coach) -> Trajectory:
    """Side effects: the trajectory's coach (a user with the coach role, or None to unassign)."""
    if coach is not None and coach.role != Role.COACH:
        raise ValidationError({"coach": _("Kies iemand met de rol coach.")})
    trajectory.coach = coach
    trajectory.save(update_fields=["coach"])
    return trajectory
