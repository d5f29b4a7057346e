"""The questionnaire a participant answers from the mail's link (no account: the signed link is
the credential), the coach's choice of lines to quote in the evaluation report, and the figures
of a call's meetings for staff and coaches."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from plgportal.service_forms import ServiceFormMixin, apply_service_errors
from sessions.charts import feedback_chart
from sessions.feedback.forms import QuestionnaireForm, QuotesForm
from sessions.feedback.selectors import (
    call_feedback,
    questionnaire_questions,
    questionnaire_request,
    quotable_lines,
)
from sessions.feedback.services import (
    MAX_QUOTES_PER_LEVEL,
    feedback_answer_save,
    feedback_quotes_save,
)
from sessions.feedback.tokens import read_questionnaire_token
from sessions.mixins import TrajectoryMixin
from sessions.overview.views import CallOverviewMixin
from sessions.selectors import trajectories_for_user


class QuestionnaireView(ServiceFormMixin, TemplateView):
    """GET: the questions with the answers given so far; POST: save them (changeable until the
    questionnaire closes). A link that is not ours answers 400, a closed questionnaire 410,
    each with a page that says so (never a 404 or 500 to someone holding a real mail)."""

    template_name = "sessions/feedback/questionnaire.html"

    def dispatch(self, request, *args, **kwargs):
        pk = read_questionnaire_token(kwargs["token"])
        self.feedback_request = questionnaire_request(pk) if pk is not None else None
        if self.feedback_request is None:
            return self.response_class(
                request=request, template="sessions/feedback/invalid.html", status=400
            )
        if not self.feedback_request.is_open_at(timezone.now()):
            return self.response_class(
                request=request,
                template="sessions/feedback/closed.html",
                context={"feedback_request": self.feedback_request},
                status=410,
            )
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def questions_and_answers(self):
        return questionnaire_questions(self.feedback_request)

    def get_form(self, data=None):
        questions, answers = self.questions_and_answers
        return QuestionnaireForm(data, questions=questions, answers=answers)

    def posted_form(self):
        return self.get_form(self.request.POST)

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            feedback_request=self.feedback_request,
            meeting=self.feedback_request.meeting,
            form=form or self.get_form(),
            **kwargs,
        )

    def call_service(self, form):
        feedback_answer_save(request=self.feedback_request, answers=form.answers())
        return _("Bedankt! Uw antwoorden zijn bewaard. U kunt ze hier nog wijzigen.")

    def get_success_url(self):
        return self.request.path


class ReportQuotesView(TrajectoryMixin, TemplateView):
    """The coach ticks the lines (what participants learned, what they will try) the evaluation
    report quotes, without names. Staff and participants see the trajectory but may not choose
    (403); anyone else 404."""

    permission_required = "sessions.choose_report_quotes"
    visible_permission = "sessions.view_trajectory"
    template_name = "sessions/feedback/quotes.html"

    @cached_property
    def lines(self):
        return quotable_lines(self.trajectory)

    def get_context_data(self, form=None, **kwargs):
        form = form or QuotesForm(lines=self.lines)
        return super().get_context_data(
            form=form, lines=self.lines, max_quotes=MAX_QUOTES_PER_LEVEL, **kwargs
        )

    def post(self, request, pk):
        form = QuotesForm(request.POST, lines=self.lines)
        if form.is_valid():
            try:
                count = feedback_quotes_save(
                    trajectory=self.trajectory, answer_ids=form.cleaned_data["quoted"]
                )
            except ValidationError as error:  # too many of one level
                apply_service_errors(form, error)
            else:
                messages.success(
                    request, _("%(count)d citaten gekozen voor het verslag.") % {"count": count}
                )
                return redirect(reverse("sessions:trajectory_report", kwargs={"pk": pk}))
        return self.render_to_response(self.get_context_data(form=form))


class CallFeedbackView(CallOverviewMixin, TemplateView):
    """The answers after every meeting of a call: staff see all trajectories, a coach their
    own (and the joint events over their participants)."""

    template_name = "sessions/feedback/call.html"

    def get_context_data(self, **kwargs):
        trajectories = (
            trajectories_for_user(self.request.user)
            .filter(dossier__call=self.call)
            .select_related(None)
            .select_related("dossier")
            .prefetch_related(None)
        )
        figures = call_feedback(trajectories, call=self.call)
        return super().get_context_data(
            call=self.call,
            trajectory_rows=[
                (row.trajectory, [_with_chart(meeting_row) for meeting_row in row.meetings])
                for row in figures.trajectories
            ],
            joint_rows=[_with_chart(meeting_row) for meeting_row in figures.joint_events],
            **kwargs,
        )


def _with_chart(row):
    return row, feedback_chart(row.feedback, dom_id=f"feedback-{row.meeting.pk}")
