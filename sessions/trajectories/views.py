"""Trajectory lists and planning: who coaches which PLG, its participants and its meetings, and
the call's joint events. Bad input comes back with Dutch errors next to the fields."""

import datetime as dt
from functools import cached_property
from itertools import groupby

import rules
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from plgportal.accounts.enums import Role
from plgportal.accounts.models import User
from plgportal.calls.models import Call
from plgportal.exports.enums import ExportKind
from plgportal.exports.views import StartExportMixin
from plgportal.permissions import PermissionRequiredMixin
from plgportal.service_forms import ServiceFormMixin
from sessions.enums import MeetingKind
from sessions.indicators.selectors import indicator_status
from sessions.mixins import TrajectoryMixin
from sessions.models import Meeting, Trajectory
from sessions.selectors import trajectories_for_user
from sessions.services import trajectory_assign_coach
from sessions.trajectories.forms import (
    CoachAssignForm,
    JointEventForm,
    MeetingPlanForm,
    ParticipantReplaceForm,
)
from sessions.trajectories.planning import (
    JOINT_KINDS,
    joint_event_save,
    joint_event_window,
    meeting_add,
    meeting_plan,
    meeting_removal_check,
    meeting_remove,
    participant_replace,
    plan_report,
)
from sessions.trajectories.selectors import trajectory_rows


class TrajectoryListView(LoginRequiredMixin, TemplateView):
    """Staff: every trajectory per call, with a coach to choose; coaches and participants: their
    own."""

    template_name = "sessions/trajectories/list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        # The rules permissions only (no object to ask about): Django's model permission backend
        # would add two queries for every user it refuses.
        can_manage = rules.has_perm("sessions.manage_trajectories", user)
        if rules.has_perm("sessions.list_trajectories", user):
            trajectories = trajectories_for_user(user).order_by(
                "-dossier__call__school_year_start", "dossier__reference"
            )
        else:
            trajectories = Trajectory.objects.none()
        rows = trajectory_rows(trajectories)
        groups = [
            (call, list(call_rows))
            for call, call_rows in groupby(rows, key=lambda row: row.trajectory.dossier.call)
        ]
        coaches = (
            list(User.objects.filter(role=Role.COACH, is_active=True).order_by("full_name"))
            if can_manage
            else []
        )
        return super().get_context_data(
            groups=groups, can_manage=can_manage, coaches=coaches, **kwargs
        )


class TrajectoryAssignCoachView(PermissionRequiredMixin, View):
    """Staff choose the coach of a trajectory (or none)."""

    permission_required = "sessions.manage_trajectories"
    http_method_names = ["post"]

    def post(self, request, pk):
        trajectory = get_object_or_404(Trajectory, pk=pk)
        form = CoachAssignForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Kies iemand met de rol coach."))
            return redirect("sessions:trajectory_list")
        try:
            with transaction.atomic():
                trajectory_assign_coach(trajectory=trajectory, coach=form.cleaned_data["coach"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("De coach van %(trajectory)s is bewaard.") % {"trajectory": trajectory}
            )
        return redirect("sessions:trajectory_list")


class TrajectoryDetailView(TrajectoryMixin, TemplateView):
    template_name = "sessions/trajectories/detail.html"

    def get_context_data(self, **kwargs):
        trajectory = self.trajectory
        participants = list(trajectory.participants.all())
        schools = [
            (school, [p for p in participants if p.school_id == school.pk])
            for school in trajectory.dossier.schools.all()
        ]
        plg_meetings = [m for m in trajectory.meetings.all() if m.is_plg_meeting]
        joint = list(Meeting.objects.filter(call_id=trajectory.dossier.call_id, trajectory=None))
        meetings = sorted(
            plg_meetings + joint,
            key=lambda m: (m.date or dt.date.max, m.start_time or dt.time.min, m.position),
        )
        user = self.request.user
        can_coach = user.has_perm("sessions.coach_trajectory", trajectory)
        return super().get_context_data(
            schools=schools,
            indicator_status=indicator_status(trajectory, today=timezone.localdate()),
            indicator_schools={
                school.pk
                for school in trajectory.dossier.schools.all()
                if user.has_perm("sessions.fill_in_indicators", school)
            },
            can_send_indicator_link=user.has_perm("sessions.send_indicator_link", trajectory),
            meetings=meetings,
            report=plan_report(trajectory),
            # A meeting beyond the call's number may be removed (the confirmation page checks
            # that nothing is recorded for it yet).
            meetings_removable=len(plg_meetings) > trajectory.dossier.call.meeting_count,
            changes=list(trajectory.changes.select_related("changed_by")) if can_coach else [],
            **kwargs,
        )


class CoachPageMixin(TrajectoryMixin):
    permission_required = "sessions.coach_trajectory"

    def detail_url(self):
        return reverse("sessions:trajectory_detail", args=[self.trajectory.pk])


class ParticipantReplaceView(ServiceFormMixin, CoachPageMixin, FormView):
    """A delegate replaced by a colleague of the same school from a date."""

    template_name = "sessions/trajectories/participant_replace.html"
    form_class = ParticipantReplaceForm

    @cached_property
    def participant(self):
        for participant in self.trajectory.participants.all():
            if participant.pk == self.kwargs["participant_pk"] and participant.active_until is None:
                return participant
        raise Http404

    def get_context_data(self, **kwargs):
        return super().get_context_data(participant=self.participant, **kwargs)

    def call_service(self, form):
        successor = participant_replace(
            participant=self.participant, by=self.request.user, **form.cleaned_data
        )
        return _("%(new)s vervangt %(old)s.") % {"new": successor, "old": self.participant}

    def get_success_url(self):
        return self.detail_url()


class MeetingEditView(ServiceFormMixin, CoachPageMixin, FormView):
    """Plan or re-plan a PLG meeting; the rules of the call show as warnings afterwards."""

    template_name = "sessions/trajectories/meeting_edit.html"
    form_class = MeetingPlanForm

    @cached_property
    def meeting(self):
        for meeting in self.trajectory.meetings.all():
            if meeting.pk == self.kwargs["meeting_pk"] and meeting.is_plg_meeting:
                return meeting
        raise Http404

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"schools": self.trajectory.dossier.schools.all()}

    def get_initial(self):
        meeting = self.meeting
        return {
            "date": meeting.date,
            "start_time": meeting.start_time,
            "end_time": meeting.end_time,
            "host_school": meeting.host_school_id,
            "address": meeting.address,
            "agenda": meeting.agenda,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, **kwargs)

    def call_service(self, form):
        meeting_plan(meeting=self.meeting, **form.cleaned_data)
        return _("De bijeenkomst is bewaard.")

    def get_success_url(self):
        return self.detail_url()


class MeetingAddView(CoachPageMixin, TemplateView):
    """GET asks first: an extra meeting goes beyond the call's number and warns on the plan;
    POST adds it."""

    template_name = "sessions/trajectories/meeting_add_confirm.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meetings_planned=self.trajectory.meetings.filter(kind=MeetingKind.PLG).count(),
            meetings_required=self.trajectory.dossier.call.meeting_count,
            **kwargs,
        )

    def post(self, request, pk):
        meeting = meeting_add(trajectory=self.trajectory)
        messages.success(
            request, _("Bijeenkomst %(n)d is toegevoegd; plan ze nu.") % {"n": meeting.position}
        )
        return redirect(self.detail_url())


class MeetingRemoveView(CoachPageMixin, TemplateView):
    """GET asks first ("Bijeenkomst N verwijderen?"), or says why the meeting cannot be removed;
    POST removes it (sessions.trajectories.planning.meeting_remove). Back to the trajectory."""

    template_name = "sessions/trajectories/meeting_remove_confirm.html"

    @cached_property
    def meeting(self):
        for meeting in self.trajectory.meetings.all():
            if meeting.pk == self.kwargs["meeting_pk"] and meeting.is_plg_meeting:
                return meeting
        raise Http404

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meeting=self.meeting, refusal=meeting_removal_check(self.meeting), **kwargs
        )

    def post(self, request, pk, meeting_pk):
        try:
            meeting_remove(meeting=self.meeting, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Bijeenkomst %(n)d is verwijderd.") % {"n": self.meeting.position},
            )
        return redirect(self.detail_url())


class JointEventsView(ServiceFormMixin, PermissionRequiredMixin, TemplateView):
    """Staff plan the call's kick-off and closing, each inside its window."""

    permission_required = "sessions.manage_trajectories"
    template_name = "sessions/trajectories/joint_events.html"

    @cached_property
    def call(self):
        return get_object_or_404(Call, slug=self.kwargs["slug"])

    @cached_property
    def events(self):
        return {m.kind: m for m in Meeting.objects.filter(call=self.call, trajectory=None)}

    def form(self, kind, data=None):
        event = self.events.get(kind)
        initial = (
            {
                "date": event.date,
                "start_time": event.start_time,
                "end_time": event.end_time,
                "address": event.address,
                "agenda": event.agenda,
            }
            if event
            else {}
        )
        return JointEventForm(data, kind=kind, action=self.request.path, initial=initial)

    def get_context_data(self, forms=None, **kwargs):
        forms = forms or {}
        sections = [
            {
                "kind": kind,
                "label": kind.label,
                "window": joint_event_window(self.call, kind),
                "form": forms.get(kind) or self.form(kind),
            }
            for kind in JOINT_KINDS
        ]
        return super().get_context_data(call=self.call, sections=sections, **kwargs)

    def post(self, request, slug):
        kind = next((k for k in JOINT_KINDS if f"save_{k}" in request.POST), None)
        if kind is None:
            return self.get(request, slug=slug)
        self.kind = kind
        return super().post(request, slug=slug)

    def posted_form(self):
        return self.form(self.kind, self.request.POST)

    def call_service(self, form):
        joint_event_save(call=self.call, kind=self.kind, **form.cleaned_data)
        return _("%(event)s is bewaard.") % {"event": self.kind.label}

    def get_success_url(self):
        return reverse("sessions:joint_events", args=[self.call.slug])

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(forms={self.kind: form}))


class TrajectoryExportStartView(StartExportMixin, View):
    """Staff: start the export of everything of one trajectory (sessions.exports)."""

    def post(self, request, pk):
        trajectory = get_object_or_404(Trajectory, pk=pk)
        return self.start(
            kind=ExportKind.TRAJECTORY_BUNDLE,
            params={"trajectory": trajectory.pk},
            back=reverse("sessions:trajectory_detail", kwargs={"pk": trajectory.pk}),
        )
