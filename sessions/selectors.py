from django.db.models import Prefetch, Q, QuerySet

from plgportal.accounts.enums import Role
from sessions.models import Meeting, Participant, Trajectory


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
    if user.role == Role.STAFF:
        return queryset
    if user.role == Role.COACH:
        return queryset.filter(coach=user)
    return queryset.filter(
        Q(dossier__created_by=user)
        | Q(dossier__collaborators__user=user)
        | Q(dossier__collaborators__email__iexact=user.email)
        | Q(participants__email__iexact=user.email)
    ).distinct()
