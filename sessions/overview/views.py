"""The overview for staff and coaches: figures, traffic lights, charts and exports."""

from functools import cached_property

from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import TemplateView

from plgportal.calls.models import Call
from plgportal.downloads import file_response
from plgportal.permissions import PermissionRequiredMixin
from plgportal.spreadsheets.tables import XLSX_CONTENT_TYPE, write_xlsx
from sessions.charts import attendance_chart, feedback_chart, preparation_chart
from sessions.datasets import trajectories_table
from sessions.documents import trajectory_overview_pdf, trajectory_overview_pdf_filename
from sessions.feedback.selectors import feedback_by_trajectory
from sessions.indicators.selectors import indicators_by_trajectory
from sessions.mixins import TrajectoryMixin
from sessions.overview.figures import LIGHT_LABELS
from sessions.overview.selectors import overview_row, overview_rows_for_call, with_overview_data
from sessions.selectors import trajectories_full


class CallOverviewMixin(PermissionRequiredMixin):
    """The trajectories of a call (URL kwarg `slug`): staff see all, a coach their own.
    Anyone else signed in gets 403: the call itself is public, its overview is not."""

    permission_required = "sessions.follow_trajectories"

    @cached_property
    def call(self):
        return get_object_or_404(Call, slug=self.kwargs["slug"])

    @cached_property
    def rows(self):
        return overview_rows_for_call(user=self.request.user, call=self.call)


class SessionsOverviewView(CallOverviewMixin, TemplateView):
    template_name = "sessions/overview/call.html"

    def get_context_data(self, **kwargs):
        indicators = indicators_by_trajectory(row.trajectory for row in self.rows)
        feedback = feedback_by_trajectory(row.trajectory for row in self.rows)
        for index, row in enumerate(self.rows):
            row.chart = attendance_chart(row, dom_id=f"attendance-{index}")
            row.feedback = feedback[row.trajectory.pk]
            row.indicators = indicators[row.trajectory.pk]
        return super().get_context_data(
            call=self.call,
            rows=self.rows,
            light_labels=LIGHT_LABELS,
            # The call's indicators as the first row counts them (every row has the same).
            indicator_totals=self.rows[0].indicators.totals if self.rows else (),
            **kwargs,
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

    def feedback_context(self) -> dict:
        """The participants' answers over the year (sessions.feedback)."""
        feedback = feedback_by_trajectory([self.trajectory])[self.trajectory.pk]
        return {
            "feedback": feedback,
            "feedback_svg": feedback_chart(feedback, dom_id="overview-feedback-chart"),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            row=self.row,
            light_labels=LIGHT_LABELS,
            attendance_svg=attendance_chart(self.row, dom_id="attendance"),
            preparation_svg=preparation_chart(self.row, dom_id="preparation"),
            **self.feedback_context(),
            indicators=indicators_by_trajectory([self.trajectory])[self.trajectory.pk],
            **kwargs,
        )


class TrajectoryOverviewPdfView(OverviewTrajectoryMixin, View):
    http_method_names = ["get"]

    def get(self, request, pk):
        return file_response(
            trajectory_overview_pdf(self.trajectory),
            filename=trajectory_overview_pdf_filename(self.trajectory),
            content_type="application/pdf",
        )


class SessionsOverviewXlsxView(CallOverviewMixin, View):
    http_method_names = ["get"]

    def get(self, request, slug):
        return file_response(
            write_xlsx(trajectories_table(self.rows)),
            filename=f"overzicht-{self.call.slug}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )
