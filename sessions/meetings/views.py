"""A meeting's page (phone first): attendance, roles, preparation and minutes; the roles
matrix of a trajectory; the printable attendance sheet.

Participants see the page read-only; every POST needs sessions.coach_trajectory, so for a
participant the POST URLs answer 404 like any coach-only page, except the minutes, which the
meeting's reporter may write too (sessions.write_minutes).
"""

from abc import ABCMeta, abstractmethod
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from plgportal.downloads import file_response, guess_content_type
from plgportal.service_forms import ServiceFormMixin, apply_service_errors
from sessions.charts import feedback_chart
from sessions.documents import (
    attendance_sheet_pdf,
    attendance_sheet_pdf_filename,
    participants_by_school,
)
from sessions.feedback.selectors import feedback_by_meeting
from sessions.meetings.forms import AttendanceForm, MinutesForm, PreparationForm, RolesForm
from sessions.meetings.services import (
    attendance_save,
    minutes_save,
    participants_active_on,
    preparation_save,
    roles_save,
)
from sessions.mixins import TrajectoryMixin
from sessions.models import Meeting, Minutes, Preparation, RoleTaken


class MeetingMixin(TrajectoryMixin):
    """One PLG meeting of the trajectory (URL kwarg `meeting_pk`); 404 for another's."""

    meeting_queryset = Meeting.objects.select_related(
        "host_school", "minutes__written_by"
    ).prefetch_related("attendances", "roles", "preparations")

    @cached_property
    def meeting(self):
        return get_object_or_404(
            self.meeting_queryset, pk=self.kwargs["meeting_pk"], trajectory=self.trajectory
        )

    @cached_property
    def schools(self):
        return list(self.trajectory.dossier.schools.all())

    @cached_property
    def participants(self):
        return participants_active_on(self.trajectory.participants.all(), self.meeting.date)

    def attendance_form(self, data=None):
        return AttendanceForm(
            data,
            participants=self.participants,
            attendances=self.meeting.attendances.all(),
        )

    def feedback_context(self, *, trajectory_ids=None) -> dict:
        """The participants' answers after the meeting, for its coach and staff only."""
        if not self.request.user.has_perm("sessions.view_feedback", self.trajectory):
            return {}
        feedback = feedback_by_meeting([self.meeting], trajectory_ids=trajectory_ids)
        figures = feedback[self.meeting.pk]
        return {
            "feedback": figures,
            "feedback_chart": feedback_chart(figures, dom_id=f"feedback-{self.meeting.pk}-chart"),
        }

    def meeting_url(self, anchor=""):
        url = reverse("sessions:meeting_detail", args=[self.trajectory.pk, self.meeting.pk])
        return url + (f"#{anchor}" if anchor else "")


class MeetingDetailView(MeetingMixin, TemplateView):
    template_name = "sessions/meetings/detail.html"

    def get_minutes(self):
        try:
            return self.meeting.minutes
        except Minutes.DoesNotExist:
            return None

    def get_context_data(self, **forms):
        meeting = self.meeting
        prepared = {preparation.school_id for preparation in meeting.preparations.all()}
        forms.setdefault("attendance_form", self.attendance_form())
        forms.setdefault(
            "roles_form", RolesForm(schools=self.schools, roles_taken=meeting.roles.all())
        )
        forms.setdefault(
            "preparation_form",
            PreparationForm(schools=self.schools, preparations=meeting.preparations.all()),
        )
        forms.setdefault("minutes_form", MinutesForm(instance=self.get_minutes()))
        attendance_form = forms["attendance_form"]
        meeting.trajectory = self.trajectory
        return super().get_context_data(
            meeting=meeting,
            can_write_minutes=self.request.user.has_perm("sessions.write_minutes", meeting),
            minutes=self.get_minutes(),
            attendance_groups=participants_by_school(attendance_form.rows(), lambda row: row[0]),
            attendance_counts=_attendance_counts(meeting, self.participants),
            roles_rows=[
                (school, forms["roles_form"][f"role_{school.pk}"]) for school in self.schools
            ],
            preparation_rows=[
                (school, school.pk in prepared, forms["preparation_form"].school_fields(school))
                for school in self.schools
            ],
            **self.feedback_context(),
            **forms,
        )


def _attendance_counts(meeting, participants):
    statuses = {
        attendance.participant_id: attendance.status for attendance in meeting.attendances.all()
    }
    recorded = [statuses[p.pk] for p in participants if p.pk in statuses]
    return {
        "recorded": len(recorded),
        "present": recorded.count("present"),
        "total": len(participants),
    }


class MeetingSectionView(ServiceFormMixin, MeetingDetailView, metaclass=ABCMeta):
    """POST one section of the meeting page: on success back to the page at that section with
    a message; otherwise the page again with the section's errors and what was typed."""

    permission_required = "sessions.coach_trajectory"
    http_method_names = ["post"]
    form_context_name: str
    anchor: str
    invalid_message = gettext_lazy("Niet bewaard: bekijk de opmerkingen bij de velden.")

    @abstractmethod
    def get_form(self): ...

    @abstractmethod
    def call_service(self, form) -> str:
        """Call the service; return the success message."""

    def get_success_url(self):
        return self.meeting_url(self.anchor)


class MeetingAttendanceView(MeetingSectionView):
    form_context_name = "attendance_form"
    anchor = "aanwezigheid"

    def get_form(self):
        data = self.request.POST.copy()
        if "all_present" in data:
            # "Iedereen aanwezig": every status present, notes as typed.
            for participant in self.participants:
                data[f"aanwezigheid-status_{participant.pk}"] = "present"
        return self.attendance_form(data)

    def call_service(self, form):
        attendance_save(meeting=self.meeting, entries=form.entries())
        return _("De aanwezigheden zijn bewaard.")


class MeetingRolesView(MeetingSectionView):
    form_context_name = "roles_form"
    anchor = "rollen"

    def get_form(self):
        return RolesForm(
            self.request.POST, schools=self.schools, roles_taken=self.meeting.roles.all()
        )

    def call_service(self, form):
        roles_save(meeting=self.meeting, roles=form.roles())
        return _("De rollen zijn bewaard.")


class MeetingPreparationView(MeetingSectionView):
    form_context_name = "preparation_form"
    anchor = "voorbereiding"

    def get_form(self):
        return PreparationForm(
            self.request.POST,
            self.request.FILES,
            schools=self.schools,
            preparations=self.meeting.preparations.all(),
        )

    def call_service(self, form):
        for school, fields in form.per_school().items():
            preparation_save(meeting=self.meeting, school=school, **fields)
        return _("De voorbereiding is bewaard.")


class MeetingMinutesView(MeetingSectionView):
    """The coach, staff, or the meeting's reporter (a participant of the school with the
    reporter role) write the minutes; anyone else who may see the trajectory gets 404."""

    permission_required = "sessions.write_minutes"
    form_context_name = "minutes_form"
    anchor = "verslag"

    def get_permission_object(self):
        meeting = self.meeting
        meeting.trajectory = self.trajectory  # already fetched with its prefetches
        return meeting

    def get_form(self):
        return MinutesForm(self.request.POST, instance=self.get_minutes())

    def call_service(self, form):
        minutes_save(meeting=self.meeting, by=self.request.user, **form.cleaned_data)
        return _("Het verslag is bewaard.")


class PreparationFileView(MeetingMixin, View):
    """A school's knowledge source file as a download, for everyone who may see the trajectory;
    404 when there is none."""

    def get(self, request, pk, meeting_pk, school_pk):
        preparation = get_object_or_404(
            Preparation, meeting=self.meeting, school_id=school_pk, source_file__gt=""
        )
        filename = preparation.source_file_name or preparation.source_file.name.rsplit("/", 1)[-1]
        return file_response(
            preparation.source_file.open("rb"),
            filename=filename,
            content_type=guess_content_type(filename),
        )


class JointMeetingAttendanceView(MeetingMixin, TemplateView):
    """Attendance of one trajectory's participants at the call's kick-off or closing."""

    permission_required = "sessions.coach_trajectory"
    template_name = "sessions/meetings/joint_attendance.html"

    @cached_property
    def meeting(self):
        return get_object_or_404(
            self.meeting_queryset,
            pk=self.kwargs["meeting_pk"],
            call=self.trajectory.dossier.call,
            trajectory__isnull=True,
        )

    def get_context_data(self, form=None, **kwargs):
        form = form or self.attendance_form()
        return super().get_context_data(
            meeting=self.meeting,
            attendance_form=form,
            attendance_groups=participants_by_school(form.rows(), lambda row: row[0]),
            # A joint event: the answers of this PLG's participants only.
            **self.feedback_context(trajectory_ids=[self.trajectory.pk]),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        data = request.POST.copy()
        if "all_present" in data:
            for participant in self.participants:
                data[f"aanwezigheid-status_{participant.pk}"] = "present"
        form = self.attendance_form(data)
        if form.is_valid():
            try:
                with transaction.atomic():
                    attendance_save(meeting=self.meeting, entries=form.entries())
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("De aanwezigheden zijn bewaard."))
                return redirect(request.path)
        messages.error(request, _("Niet bewaard: bekijk de opmerkingen bij de velden."))
        return self.render_to_response(self.get_context_data(form=form))


class TrajectoryRolesView(TrajectoryMixin, TemplateView):
    """Schools × meetings with the roles taken; schools that took none over the year flagged."""

    template_name = "sessions/meetings/roles_matrix.html"

    def get_context_data(self, **kwargs):
        meetings = sorted(
            self.trajectory.meetings.all(),
            key=lambda m: (m.date is None, m.date, m.position),
        )
        taken = {}
        for role in RoleTaken.objects.filter(meeting__trajectory=self.trajectory):
            taken.setdefault((role.school_id, role.meeting_id), []).append(role.get_role_display())
        rows = []
        for school in self.trajectory.dossier.schools.all():
            cells = [taken.get((school.pk, meeting.pk), []) for meeting in meetings]
            rows.append({"school": school, "cells": cells, "no_role": not any(cells)})
        return super().get_context_data(meetings=meetings, rows=rows, **kwargs)


class MeetingAttendanceSheetView(MeetingMixin, View):
    """The printable A4 attendance sheet with an empty signature column."""

    permission_required = "sessions.coach_trajectory"

    def get(self, request, *args, **kwargs):
        return file_response(
            attendance_sheet_pdf(self.meeting),
            filename=attendance_sheet_pdf_filename(self.meeting),
            content_type="application/pdf",
            inline=True,
        )
