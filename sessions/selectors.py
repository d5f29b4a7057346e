import datetime as dt
from dataclasses import dataclass

import rules
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from applications.rules import is_invitee
from applications.selectors import invitations_of
from sessions.models import Meeting, Participant, Trajectory
from sessions.participation import (
    SchoolPart,
    next_joint_event,
    next_meeting,
    school_part,
    schools_of_person,
)


def trajectories_full() -> QuerySet[Trajectory]:
    """Trajectories with what their pages and permission checks need, in fixed queries."""
    return Trajectory.objects.select_related(
        "dossier__call", "dossier__created_by", "coach"
    ).prefetch_related(
        "dossier__collaborators",
        "dossier__schools",
        Prefetch("participants", queryset=Participant.objects.select_related("school")),
        Prefetch("meetings", queryset=Meeting.objects.select_related("host_school")),
    )


def trajectories_for_user(user) -> QuerySet[Trajectory]:
    """All trajectories for staff, the coached ones for a coach, their own for participants
    (the dossier's applicants and delegates, matched by verified address)."""
    queryset = trajectories_full().order_by("dossier__reference")
    if rules.has_perm("sessions.view_all_trajectories", user):
        return queryset
    if rules.has_perm("sessions.coach_trajectories", user):
        return queryset.filter(coach=user)
    return queryset.filter(
        Q(dossier__created_by=user)
        | Q(dossier_id__in=invitations_of(user).values("dossier_id"))
        | Q(participants__email__iexact=user.email)
    ).distinct()


@dataclass(frozen=True)
class TrajectoryPanel:
    """A trajectory on its participant's home page: the next PLG meeting with their school's
    part in it, the call's next joint event, and the private calendar feed's token."""

    trajectory: Trajectory
    next_meeting: Meeting | None
    parts: tuple[SchoolPart, ...]
    next_joint_event: Meeting | None
    calendar_token: str | None


def trajectory_panels(user, today: dt.date | None = None) -> list[TrajectoryPanel]:
    """One panel per trajectory an applicant takes part in (as trajectories_for_user finds
    them: the dossier's directors and its delegates), in a fixed number of queries whatever the
    number of trajectories. Read-only: a trajectory without calendar token shows none."""
    if not rules.has_perm("sessions.view_trajectory_panels", user):
        return []
    today = today or timezone.localdate()
    trajectories = list(
        Trajectory.objects.filter(pk__in=trajectories_for_user(user).order_by().values("pk"))
        .select_related("dossier__call", "coach", "calendar_token")
        .prefetch_related(
            "dossier__collaborators",
            "dossier__schools",
            "participants",
            # Every meeting, to find the next one; its agenda is not shown here.
            Prefetch(
                "meetings",
                queryset=Meeting.objects.select_related("host_school").defer("agenda"),
            ),
        )
        .order_by("-dossier__call__school_year_start", "dossier__reference", "pk")
    )
    if not trajectories:
        return []
    # Roles and preparations only of the meeting each panel shows (two queries, as before).
    upcoming = {t.pk: next_meeting(t.meetings.all(), today) for t in trajectories}
    prefetch_related_objects([m for m in upcoming.values() if m], "roles", "preparations")
    joint_events = list(
        Meeting.objects.filter(
            trajectory__isnull=True,
            call_id__in={t.dossier.call_id for t in trajectories},
            date__gte=today,
        )
    )
    return [
        _panel(trajectory, upcoming[trajectory.pk], user, joint_events, today)
        for trajectory in trajectories
    ]


def _panel(trajectory, meeting, user, joint_events, today) -> TrajectoryPanel:
    dossier = trajectory.dossier
    schools = schools_of_person(
        schools=dossier.schools.all(),
        is_contact=dossier.created_by_id == user.pk,
        lead_school_id=dossier.lead_school_id,
        own_collaborators=[c for c in dossier.collaborators.all() if is_invitee(user, c)],
        email=user.email,
        participants=trajectory.participants.all(),
    )
    parts = ()
    if meeting is not None:
        parts = tuple(
            school_part(
                meeting=meeting,
                school=school,
                roles=meeting.roles.all(),
                preparations=meeting.preparations.all(),
            )
            for school in schools
        )
    token = getattr(trajectory, "calendar_token", None)
    return TrajectoryPanel(
        trajectory=trajectory,
        next_meeting=meeting,
        parts=parts,
        next_joint_event=next_joint_event(
            [e for e in joint_events if e.call_id == dossier.call_id], today
        ),
        calendar_token=token.token if token else None,
    )


def trajectory_with_plan(pk: int) -> Trajectory:
    """One trajectory with what its participants' mails show, in fixed queries: call, coach,
    calendar token, schools, participants (with school), and each meeting's host school, roles
    and preparations."""
    return (
        Trajectory.objects.select_related("dossier__call", "coach", "calendar_token")
        .prefetch_related(
            "dossier__schools",
            Prefetch("participants", queryset=Participant.objects.select_related("school")),
            Prefetch(
                "meetings",
                queryset=Meeting.objects.select_related("host_school").prefetch_related(
                    "roles", "preparations"
                ),
            ),
        )
        .get(pk=pk)
    )
