"""The home-page panels of this app (registered in apps.py, see plgportal.home)."""

from plgportal.context_processors import remember_has_trajectories
from sessions.selectors import trajectories_for_user, trajectory_panels
from sessions.trajectories.selectors import trajectory_rows


def applicant_trajectories(request) -> dict:
    """The trajectories an applicant takes part in; the menu learns whether there are any."""
    panels = trajectory_panels(request.user)
    remember_has_trajectories(request, bool(panels))
    return {"trajectory_panels": panels}


def coach_trajectories(request) -> dict:
    return {"trajectories": trajectory_rows(trajectories_for_user(request.user))}
