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

from jury.models import Jury, Review
from jury.publication.forms import PublishForm
from jury.publication.services import publication_overview, results_publish
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

    def get_form(self, data=None) -> PublishForm:
        return PublishForm(
            data, action=reverse("jury:publish", kwargs={"slug": self.kwargs["slug"]})
        )

    def get_context_data(self, form=None, **kwargs):
        overview = publication_overview(self.jury)
        return super().get_context_data(
            jury=self.jury,
            call=self.jury.call,
            overview=overview,
            blockers=overview.blockers(timezone.now()),
            published=self.jury.is_published,
            form=form or self.get_form(),
            **kwargs,
        )

    def posted_form(self):
        return self.get_form(self.request.POST)

    def call_service(self, form):
        queued = results_publish(jury=self.jury, by=self.request.user)
        return ngettext(
            "De resultaten zijn gepubliceerd: %(count)d e-mail staat klaar.",
            "De resultaten zijn gepubliceerd: %(count)d e-mails staan klaar.",
            queued,
        ) % {"count": queued}

    def get_success_url(self):
        return reverse("jury:publish", kwargs={"slug": self.kwargs["slug"]})


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
