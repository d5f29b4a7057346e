import rules
from django.db import connection
from django.http import HttpResponse
from django.views.generic import TemplateView

from plgportal.accounts.enums import Role
from plgportal.accounts.selectors import team_counts
from plgportal.calls.selectors import calls_accepting_or_upcoming, calls_closed
from plgportal.home import home_panels_context
from plgportal.outbox.selectors import outbox_counts

DASHBOARD_TEMPLATES = {
    Role.APPLICANT: "home/applicant.html",
    Role.STAFF: "home/staff.html",
    Role.JURY: "home/jury.html",
    Role.COACH: "home/coach.html",
}


class HomeView(TemplateView):
    """Visitors see the open calls; signed-in users land on their role's dashboard, with the
    panels the apps registered for that role (plgportal.home)."""

    def get_template_names(self):
        user = self.request.user
        if not user.is_authenticated:
            return ["home/landing.html"]
        return [DASHBOARD_TEMPLATES[Role(user.role)]]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["open_calls"] = calls_accepting_or_upcoming()
        user = self.request.user
        # The foundation's own figures, next to the panels the apps registered.
        if rules.has_perm("accounts.use_staff_menu", user):
            context["closed_calls"] = calls_closed()[:5]
            context["team"] = team_counts()
            context["outbox"] = outbox_counts()
        if user.is_authenticated:
            context.update(home_panels_context(self.request, Role(user.role)))
        return context


class PrivacyView(TemplateView):
    template_name = "pages/privacy.html"


def health(request):
    """For load balancers and the compose health check: the app answers and reaches its DB."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
