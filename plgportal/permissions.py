from django.http import Http404
from rules.contrib.views import PermissionRequiredMixin as RulesPermissionRequiredMixin


class PermissionRequiredMixin(RulesPermissionRequiredMixin):
    """django-rules permission check shared by every portal view (`permission_required`).

    Anonymous visitors are sent to the login page. A signed-in user without the permission gets:
    - 404 on a page about one object (`get_permission_object()` returns it: another school's
      dossier, another juror's assignment), as if the object did not exist, so its existence
      does not leak;
    - 403 there instead when they hold `visible_permission` on the object: they see it and know
      it exists, they only may not do this (a juror whose phase closed the declaration);
    - 403 on a page about no object: a role-only permission such as the staff pages, checked
      before anything is looked up, so every address answers the same.

    Unlike django-rules, a view names its object itself: `get_permission_object()` returns None
    unless the view overrides it (a DetailView's object is not checked by default).
    """

    visible_permission: str | None = None

    def get_permission_object(self):
        return None

    def handle_no_permission(self):
        user = self.request.user
        if user.is_authenticated:
            obj = self.get_permission_object()
            if obj is not None and not (
                self.visible_permission and user.has_perm(self.visible_permission, obj)
            ):
                raise Http404
        return super().handle_no_permission()
