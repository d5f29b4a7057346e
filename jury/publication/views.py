"""Staff publish a call's results; staff reopen a submitted review. Anyone else: 403, or the
login page."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View

from jury.deliberation.selectors import published_figures
from jury.feedback import feedback_draft
from jury.models import Decision, Jury, Review
from jury.publication.forms import DecisionFeedbackForm, PublishForm
from jury.publication.services import (
    PublicationOverview,
    decision_feedback_edit,
    decision_feedback_preview,
    feedback_by_dossier,
    publication_overview,
    results_publish,
)
from jury.review.services import review_reopen
from plgportal.permissions import PermissionRequiredMixin
from plgportal.service_forms import ServiceFormMixin


class PublishView(ServiceFormMixin, PermissionRequiredMixin, TemplateView):
    """What will be sent and what still blocks it; POST (confirmed) publishes."""

    permission_required = "jury.manage"
    template_name = "jury/publication/publish.html"

    @cached_property
    def jury(self) -> Jury:
        return get_object_or_404(
            Jury.objects.select_related("call"), call__slug=self.kwargs["slug"]
        )

    @cached_property
    def overview(self) -> PublicationOverview:
        return publication_overview(self.jury)

    def get_form(self, data=None) -> PublishForm:
        return PublishForm(
            data,
            action=reverse("jury:publish", kwargs={"slug": self.kwargs["slug"]}),
            counts_match=self.jury.is_published or self.overview.count_check.matches,
        )

    def get_context_data(self, form=None, **kwargs):
        overview = self.overview
        return super().get_context_data(
            jury=self.jury,
            call=self.jury.call,
            overview=overview,
            published_figures=published_figures(self.jury) if self.jury.is_published else [],
            blockers=overview.blockers(timezone.now()),
            published=self.jury.is_published,
            form=form or self.get_form(),
            **kwargs,
        )

    def posted_form(self):
        return self.get_form(self.request.POST)

    def call_service(self, form):
        queued = results_publish(
            jury=self.jury, by=self.request.user, count_exception=form.exception_motivation
        )
        return ngettext(
            "De resultaten zijn gepubliceerd: %(count)d e-mail staat klaar.",
            "De resultaten zijn gepubliceerd: %(count)d e-mails staan klaar.",
            queued,
        ) % {"count": queued}

    def get_success_url(self):
        return reverse("jury:publish", kwargs={"slug": self.kwargs["slug"]})


class DecisionFeedbackView(ServiceFormMixin, PermissionRequiredMixin, TemplateView):
    """Staff preview what the applicant of one decided dossier will receive and edit its
    feedback text (pre-filled from the jurors' remarks until first saved); once the results
    are published the page only shows what was sent."""

    permission_required = "jury.manage"
    template_name = "jury/publication/feedback.html"

    @cached_property
    def jury(self) -> Jury:
        return get_object_or_404(
            Jury.objects.select_related("call"), call__slug=self.kwargs["slug"]
        )

    @cached_property
    def decision(self) -> Decision:
        return get_object_or_404(
            Decision.objects.select_related("dossier"),
            dossier_id=self.kwargs["pk"],
            dossier__call_id=self.jury.call_id,
        )

    def get_form(self, data=None) -> DecisionFeedbackForm:
        decision = self.decision
        if decision.feedback_edited_at is None:
            remarks = feedback_by_dossier(self.jury, [decision.dossier_id])
            initial = feedback_draft(remarks.get(decision.dossier_id))
        else:
            initial = decision.feedback
        return DecisionFeedbackForm(data, initial={"feedback": initial}, action=self.request.path)

    def get_context_data(self, form=None, **kwargs):
        decision = self.decision
        decision.dossier.call = self.jury.call
        return super().get_context_data(
            jury=self.jury,
            call=self.jury.call,
            dossier=decision.dossier,
            decision=decision,
            result=decision_feedback_preview(decision, self.jury),
            published=self.jury.is_published,
            form=form or self.get_form(),
            **kwargs,
        )

    def posted_form(self):
        return self.get_form(self.request.POST)

    def call_service(self, form):
        decision_feedback_edit(
            decision=self.decision, feedback=form.cleaned_data["feedback"], by=self.request.user
        )
        return _("De feedback voor %(reference)s is bewaard.") % {
            "reference": self.decision.dossier.reference
        }

    def get_success_url(self):
        return self.request.path


class ReviewReopenView(PermissionRequiredMixin, View):
    """POST: staff reopen a juror's submitted review (scoring or deliberation phase), back to
    the dossier's scores with a message."""

    permission_required = "jury.manage"
    http_method_names = ["post"]

    @cached_property
    def review(self) -> Review:
        return get_object_or_404(
            Review.objects.select_related("assignment__jury__call", "assignment__juror"),
            pk=self.kwargs["pk"],
        )

    def post(self, request, pk):
        review = self.review
        jury = review.assignment.jury
        if not request.user.has_perm("jury.reopen_review", jury):
            messages.error(
                request,
                _("Heropenen kan alleen terwijl de beoordeling of de deliberatie loopt."),
            )
        elif not review.is_submitted:
            messages.error(request, _("Deze beoordeling is niet ingediend."))
        else:
            try:
                review_reopen(review=review, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("De beoordeling van %(juror)s is heropend.")
                    % {"juror": review.assignment.juror.get_full_name()},
                )
        return redirect(
            "jury:ranking_dossier", slug=jury.call.slug, pk=review.assignment.dossier_id
        )
