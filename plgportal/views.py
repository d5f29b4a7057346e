from django.db import connection
from django.http import HttpResponse
from django.views.generic import TemplateView

from applications.selectors import dossiers_of_user
from jury.selectors import juror_dashboard
from plgportal.accounts.enums import Role
from plgportal.accounts.selectors import team_counts
from plgportal.calls.selectors import calls_accepting_or_upcoming, calls_closed
from plgportal.context_processors import remember_has_trajectories
from plgportal.outbox.selectors import outbox_counts
from sessions.selectors import trajectories_for_user, trajectory_panels
from sessions.views_trajectories import trajectory_rows

DASHBOARD_TEMPLATES = {
    Role.APPLICANT: "home/applicant.html",
    Role.STAFF: "home/staff.html",
    Role.JURY: "home/jury.html",
    Role.COACH: "home/coach.html",
}


class HomeView(TemplateView):
    """Visitors see the open calls; signed-in users land on their role's dashboard."""

    def get_template_names(self):
        user = self.request.user
        if not user.is_authenticated:
            return ["home/landing.html"]
        return [DASHBOARD_TEMPLATES[Role(user.role)]]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["open_calls"] = calls_accepting_or_upcoming()
        if getattr(self.request.user, "role", None) == Role.APPLICANT:
            context["dossiers"] = dossiers_of_user(self.request.user)
            context["trajectory_panels"] = panels = trajectory_panels(self.request.user)
            remember_has_trajectories(self.request, bool(panels))
        if getattr(self.request.user, "role", None) == Role.JURY:
            context["juries"] = juror_dashboard(self.request.user)
        if getattr(self.request.user, "role", None) == Role.COACH:
            context["trajectories"] = trajectory_rows(trajectories_for_user(self.request.user))
        if getattr(self.request.user, "role", None) == Role.STAFF:
            context["closed_calls"] = calls_closed()[:5]
            context["team"] = team_counts()
            context["outbox"] = outbox_counts()
        return context


class PrivacyView(TemplateView):
    template_name = "pages/privacy.html"


def health(request):
    """For load balancers and the compose health check: the app answers and reaches its DB."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
