from django.http import Http404
from rules.contrib.views import PermissionRequiredMixin as RulesPermissionRequiredMixin


class PermissionRequiredMixin(RulesPermissionRequiredMixin):
    """django-rules permission check shared by every portal view.

    Anonymous visitors are sent to the login page. A signed-in user without the permission gets
    403, or 404 when `hide_forbidden_object` is set: for objects (another school's dossier) whose
    very existence must not leak.
    """

    hide_forbidden_object = False

    def handle_no_permission(self):
        if self.request.user.is_authenticated and self.hide_forbidden_object:
            raise Http404
        return super().handle_no_permission()
