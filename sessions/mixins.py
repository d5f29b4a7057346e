from functools import cached_property

from django.shortcuts import get_object_or_404

from plgportal.permissions import PermissionRequiredMixin
from sessions.selectors import trajectories_full


class TrajectoryMixin(PermissionRequiredMixin):
    """A page about one trajectory (URL kwarg `pk`): staff, its coach and its participants may
    see it; anyone else gets 404. Set `permission_required = "sessions.coach_trajectory"` for
    pages only the coach and staff use (participants then get 404 too)."""

    permission_required = "sessions.view_trajectory"

    @cached_property
    def trajectory(self):
        return get_object_or_404(trajectories_full(), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.trajectory

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            trajectory=self.trajectory,
            can_coach=user.has_perm("sessions.coach_trajectory", self.trajectory),
            **kwargs,
        )
