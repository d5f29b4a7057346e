"""Who may see and do what in a trajectory."""

import rules

from plgportal.accounts.rules import is_foundation_staff


@rules.predicate
def is_trajectory_coach(user, trajectory):
    return trajectory is not None and user.is_authenticated and trajectory.coach_id == user.pk


@rules.predicate
def is_trajectory_participant(user, trajectory):
    """The dossier's applicants (contact person, partner directors) and delegates with an
    account (matched by their verified address)."""
    if trajectory is None or not user.is_authenticated:
        return False
    dossier = trajectory.dossier
    if dossier.created_by_id == user.pk:
        return True
    email = user.email.lower()
    if any(c.user_id == user.pk or c.email.lower() == email for c in dossier.collaborators.all()):
        return True
    return any(p.email.lower() == email for p in trajectory.participants.all())


# Object: a Trajectory (prefetch dossier__collaborators and participants to avoid queries).
rules.add_perm(
    "sessions.view_trajectory",
    is_foundation_staff | is_trajectory_coach | is_trajectory_participant,
)
rules.add_perm("sessions.coach_trajectory", is_foundation_staff | is_trajectory_coach)
rules.add_perm("sessions.manage_trajectories", is_foundation_staff)
