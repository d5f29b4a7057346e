"""The overview for staff and coaches: figures, traffic lights, charts and exports."""

from functools import cached_property
from io import BytesIO

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from openpyxl import Workbook
from openpyxl.styles import Font

from plgportal.accounts.rules import is_coach, is_foundation_staff
from plgportal.calls.models import Call
from plgportal.permissions import PermissionRequiredMixin
from sessions.charts import attendance_chart, preparation_chart
from sessions.documents import trajectory_overview_pdf, trajectory_overview_pdf_filename
from sessions.mixins import TrajectoryMixin
from sessions.overview import LIGHT_LABELS
from sessions.selectors import trajectories_full
from sessions.selectors_overview import overview_row, overview_rows_for_call, with_overview_data


class CallOverviewMixin(PermissionRequiredMixin):
    """The trajectories of a call (URL kwarg `slug`): staff see all, a coach their own.
    Anyone else signed in gets 403: the call itself is public, its overview is not."""

    def has_permission(self):
        user = self.request.user
        return is_foundation_staff(user) or is_coach(user)

    @cached_property
    def call(self):
        return get_object_or_404(Call, slug=self.kwargs["slug"])

    @cached_property
    def rows(self):
        return overview_rows_for_call(user=self.request.user, call=self.call)


class SessionsOverviewView(CallOverviewMixin, TemplateView):
    template_name = "sessions/overview/call.html"

    def get_context_data(self, **kwargs):
        for index, row in enumerate(self.rows):
            row.chart = attendance_chart(row, dom_id=f"attendance-{index}")
        return super().get_context_data(
            call=self.call, rows=self.rows, light_labels=LIGHT_LABELS, **kwargs
        )


class OverviewTrajectoryMixin(TrajectoryMixin):
    permission_required = "sessions.coach_trajectory"

    @cached_property
    def trajectory(self):
        return get_object_or_404(with_overview_data(trajectories_full()), pk=self.kwargs["pk"])

    @cached_property
    def row(self):
        return overview_row(self.trajectory)


class TrajectoryOverviewView(OverviewTrajectoryMixin, TemplateView):
    template_name = "sessions/overview/trajectory.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            row=self.row,
            light_labels=LIGHT_LABELS,
            attendance_svg=attendance_chart(self.row, dom_id="attendance"),
            preparation_svg=preparation_chart(self.row, dom_id="preparation"),
            **kwargs,
        )


class TrajectoryOverviewPdfView(OverviewTrajectoryMixin, View):
    http_method_names = ["get"]

    def get(self, request, pk):
        response = HttpResponse(
            trajectory_overview_pdf(self.trajectory), content_type="application/pdf"
        )
        filename = trajectory_overview_pdf_filename(self.trajectory)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def percent(rate):
    return None if rate is None else round(rate * 100)


class SessionsOverviewXlsxView(CallOverviewMixin, View):
    http_method_names = ["get"]

    def get(self, request, slug):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Trajecten")
        headers = [
            _("Dossier"),
            _("Titel"),
            _("Coach"),
            _("Bijeenkomsten gehouden"),
            _("Bijeenkomsten voorzien"),
            _("Uren"),
            _("Aanwezig"),
            _("Afwezig"),
            _("Verontschuldigd"),
            _("Aanwezigheid (%)"),
            _("Scholen zonder rol"),
            _("Voorbereiding (%)"),
            _("Producten"),
            _("Evaluatieverslag"),
            *(f"{LIGHT_LABELS[code]} – {_('signaal')}" for code in LIGHT_LABELS),
        ]
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in self.rows:
            figures, trajectory = row.figures, row.trajectory
            report = getattr(trajectory, "report", None)
            sheet.append(
                [
                    str(trajectory.dossier),
                    trajectory.dossier.working_title,
                    trajectory.coach.get_full_name() if trajectory.coach else "",
                    figures.meetings_held,
                    figures.meeting_count,
                    round(figures.hours, 2),
                    figures.attendance.present,
                    figures.attendance.absent,
                    figures.attendance.excused,
                    percent(figures.attendance.rate),
                    sum(1 for roles in figures.roles_per_school.values() if not roles),
                    percent(figures.preparation_rate),
                    figures.products,
                    report.get_status_display() if report else _("Nog niet begonnen"),
                    *(light.colour or "" for light in figures.lights),
                ]
            )
        sheet.freeze_panes = "A2"
        buffer = BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="overzicht-{self.call.slug}.xlsx"'
        return response
