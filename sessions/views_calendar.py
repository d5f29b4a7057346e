"""Calendar feeds: the private token in the address is the credential (calendar clients cannot
sign in), so the feeds need no login; an unknown token, or a deactivated user's, is 404."""

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from plgportal.permissions import PermissionRequiredMixin
from sessions.calendar import calendar_text, meeting_event
from sessions.models import CalendarToken, Meeting
from sessions.selectors import trajectories_for_user


def calendar_response(request, *, name: str, meetings) -> HttpResponse:
    host = request.get_host().split(":")[0]
    text = calendar_text(
        name=name,
        events=[meeting_event(m, host) for m in meetings],
        now=timezone.now(),
    )
    response = HttpResponse(text.encode(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    return response


def _meetings():
    return Meeting.objects.select_related("call", "trajectory__dossier").order_by(
        "date", "start_time", "pk"
    )


class TrajectoryCalendarView(View):
    http_method_names = ["get"]

    def get(self, request, token):
        found = get_object_or_404(
            CalendarToken.objects.select_related("trajectory__dossier"),
            token=token,
            trajectory__isnull=False,
        )
        trajectory = found.trajectory
        meetings = _meetings().filter(
            Q(trajectory=trajectory)
            | Q(trajectory__isnull=True, call_id=trajectory.dossier.call_id)
        )
        return calendar_response(request, name=str(trajectory.dossier), meetings=meetings)


class UserCalendarView(View):
    http_method_names = ["get"]

    def get(self, request, token):
        # A deactivated account's feed stops with it (a trajectory's feed is the trajectory's,
        # shared with its participants, and stays).
        found = get_object_or_404(
            CalendarToken.objects.select_related("user"), token=token, user__is_active=True
        )
        trajectories = trajectories_for_user(found.user).values("pk")
        calls = trajectories_for_user(found.user).values("dossier__call_id")
        meetings = _meetings().filter(
            Q(trajectory__in=trajectories) | Q(trajectory__isnull=True, call_id__in=calls)
        )
        return calendar_response(request, name=_("Mijn PLG-agenda"), meetings=meetings)


class CalendarLinksView(PermissionRequiredMixin, TemplateView):
    """The addresses to subscribe to: the user's own feed and one per trajectory they see.
    Opening the page creates the tokens the first time."""

    template_name = "sessions/overview/calendar_links.html"

    def has_permission(self):
        return self.request.user.is_authenticated

    def get_context_data(self, **kwargs):
        user = self.request.user
        own, _created = CalendarToken.objects.get_or_create(user=user)
        trajectories = list(trajectories_for_user(user))
        tokens = {
            t.trajectory_id: t.token
            for t in CalendarToken.objects.filter(trajectory__in=trajectories)
        }
        missing = [CalendarToken(trajectory=t) for t in trajectories if t.pk not in tokens]
        tokens |= {t.trajectory_id: t.token for t in CalendarToken.objects.bulk_create(missing)}
        links = [
            (
                trajectory,
                self.request.build_absolute_uri(
                    reverse("calendar_trajectory", kwargs={"token": tokens[trajectory.pk]})
                ),
            )
            for trajectory in trajectories
        ]
        user_url = reverse("calendar_user", kwargs={"token": own.token})
        return super().get_context_data(
            user_feed=self.request.build_absolute_uri(user_url), trajectory_feeds=links, **kwargs
        )
