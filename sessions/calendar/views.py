"""Calendar feeds: the private token in the address is the credential (calendar clients cannot
sign in), so the feeds need no login; an unknown token, or a deactivated user's, is 404."""

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from plgportal.downloads import file_response
from plgportal.permissions import PermissionRequiredMixin
from sessions.calendar.feeds import FeedAddress, calendar_text, meeting_event
from sessions.models import CalendarToken, Meeting
from sessions.selectors import trajectories_for_user
from sessions.services import user_calendar_token_create


def calendar_response(request, *, name: str, meetings) -> HttpResponse:
    host = request.get_host().split(":")[0]
    text = calendar_text(
        name=name,
        events=[meeting_event(m, host) for m in meetings],
        now=timezone.now(),
    )
    return file_response(
        text.encode(),
        filename="agenda.ics",
        content_type="text/calendar; charset=utf-8",
        inline=True,
    )


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
    Reading the page writes nothing: the user's own address is made by its button (POST), a
    trajectory's with the trajectory (sessions.services)."""

    permission_required = "sessions.view_calendar_links"
    template_name = "sessions/overview/calendar_links.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        own = CalendarToken.objects.filter(user=user).first()
        trajectories = trajectories_for_user(user).select_related("calendar_token")
        links = [
            (trajectory, self.feed_url("sessions:calendar_trajectory", token.token))
            for trajectory in trajectories
            # Made with the trajectory (older ones: migration 0005); none, no link.
            if (token := getattr(trajectory, "calendar_token", None))
        ]
        return super().get_context_data(
            user_feed=self.feed_url("sessions:calendar_user", own.token) if own else None,
            trajectory_feeds=links,
            **kwargs,
        )

    def feed_url(self, url_name: str, token: str) -> FeedAddress:
        return FeedAddress(
            self.request.build_absolute_uri(reverse(url_name, kwargs={"token": token}))
        )

    def post(self, request, *args, **kwargs):
        user_calendar_token_create(user=request.user)
        return redirect("sessions:calendar_links")
