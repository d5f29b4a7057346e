"""Staff's ranking of a call's dossiers, the drill-down per dossier, the deliberation's
decisions and the exports. Anyone else: 403, or the login page."""

from functools import cached_property

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView, View

from applications.enums import DossierStatus
from applications.models import Dossier
from jury.balance import selection_balance
from jury.deliberation.forms import JuryDecisionForm
from jury.deliberation.selectors import (
    RankingData,
    dossier_reviews,
    published_criteria,
    published_figures,
    ranking_data,
    ranking_rows,
)
from jury.deliberation.services import decision_record
from jury.exports import (
    PDF_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    export_filename,
    export_pdf,
    export_xlsx,
)
from jury.models import DecisionChange, Jury, ReviewStatusChange
from jury.ranking import DEFAULT_SORT, SORT_KEYS
from plgportal.charts import Series, grouped_bars, histogram
from plgportal.downloads import file_response
from plgportal.permissions import PermissionRequiredMixin
from plgportal.service_forms import ServiceFormMixin

# The ranking table's sortable columns, in the order of the table (keys of ranking.SORT_KEYS).
SORT_COLUMNS = (
    ("rang", gettext_lazy("Rang")),
    ("genormaliseerd", gettext_lazy("Genormaliseerd")),
    ("dossier", gettext_lazy("Dossier")),
    ("titel", gettext_lazy("Werktitel")),
    ("totaal", gettext_lazy("Totaal")),
    ("beoordelingen", gettext_lazy("Beoordelingen")),
    ("onenigheid", gettext_lazy("Onenigheid")),
)
EXPORT_FORMATS = {
    "pdf": (export_pdf, PDF_CONTENT_TYPE),
    "xlsx": (export_xlsx, XLSX_CONTENT_TYPE),
}


def selection_warning(data: RankingData) -> str:
    """Once staff started deciding: a warning when the number selected is not the call's
    target. It never blocks a decision."""
    selected, target = data.selected_count, data.call.plgs_to_select
    if not data.decisions or selected == target:
        return ""
    return ngettext(
        "Er is %(selected)d dossier geselecteerd; de oproep selecteert er %(target)d.",
        "Er zijn %(selected)d dossiers geselecteerd; de oproep selecteert er %(target)d.",
        selected,
    ) % {"selected": selected, "target": target}


class JuryRankingMixin(PermissionRequiredMixin):
    """The jury of the call in the URL (kwarg `slug`); staff only."""

    permission_required = "jury.manage"

    @cached_property
    def jury(self) -> Jury:
        return get_object_or_404(
            Jury.objects.select_related("call"), call__slug=self.kwargs["slug"]
        )

    @cached_property
    def data(self) -> RankingData:
        return ranking_data(self.jury)


class RankingView(JuryRankingMixin, TemplateView):
    template_name = "jury/ranking/ranking.html"

    def get_context_data(self, **kwargs):
        data = self.data
        sort = self.request.GET.get("sorteer")
        sort = sort if sort in SORT_KEYS else DEFAULT_SORT
        ranking = data.ranking
        jurors = {progress.juror.pk: progress.juror for progress in data.progress}
        # Once published, the table shows the figures as they went out, not the live ranking.
        published = published_figures(self.jury) if self.jury.is_published else []
        return super().get_context_data(
            published=published,
            published_criteria=published_criteria(published),
            jury=self.jury,
            call=data.call,
            data=data,
            criteria=data.criteria,
            rows=ranking_rows(data, sort),
            sort=sort,
            sort_columns=SORT_COLUMNS,
            can_decide=self.request.user.has_perm("jury.decide", self.jury),
            warning=selection_warning(data),
            neutral_jurors=[jurors[pk] for pk in sorted(ranking.neutral_jurors) if pk in jurors],
            balance=selection_balance(data.schools[pk] for pk in data.provisional_ids),
            histogram=histogram(
                dom_id="verdeling-totalen",
                title=_("Verdeling van de gewogen totalen"),
                values=[float(row.total) for row in ranking.ranked],
                low=float(ranking.min_total),
                high=float(ranking.max_total),
            ),
            **kwargs,
        )


class RankingDossierView(JuryRankingMixin, TemplateView):
    """One dossier's scores and motivations per juror, and the decision form."""

    template_name = "jury/ranking/dossier.html"

    @cached_property
    def dossier(self) -> Dossier:
        return get_object_or_404(
            Dossier.objects.select_related("call", "jury_decision__decided_by"),
            pk=self.kwargs["pk"],
            call=self.jury.call,
            status=DossierStatus.ADMISSIBLE,
        )

    def get_context_data(self, decision_form=None, **kwargs):
        dossier = self.dossier
        row = next(row for row in ranking_rows(self.data) if row.dossier.pk == dossier.pk)
        reviews = dossier_reviews(self.jury, dossier)
        criteria = self.data.criteria
        submitted = [review for review in reviews if review.review]
        chart = grouped_bars(
            dom_id=f"scores-{dossier.pk}",
            title=_("Scores per criterium en jurylid voor %(dossier)s") % {"dossier": dossier},
            categories=[criterion.title for criterion in criteria],
            series=[
                Series(
                    review.assignment.juror.get_full_name(),
                    [_value(review.scores.get(criterion.pk)) for criterion in criteria],
                )
                for review in submitted
            ],
            low=0,  # bars start at zero, so the lowest score still shows as a bar
            high=max((c.scale_max for c in criteria), default=1),
        )
        return super().get_context_data(
            jury=self.jury,
            call=self.jury.call,
            dossier=dossier,
            row=row,
            criteria_rows=[
                {
                    "criterion": criterion,
                    "cell": cell,
                    "scores": [review.scores.get(criterion.pk) for review in submitted],
                }
                for criterion, cell in zip(criteria, row.cells, strict=True)
            ],
            reviews=reviews,
            submitted=submitted,
            chart=chart,
            can_decide=self.request.user.has_perm("jury.decide", self.jury),
            decision_form=decision_form or JuryDecisionForm(dossier=dossier, decision=row.decision),
            warning=selection_warning(self.data),
            decision_history=DecisionChange.objects.filter(dossier=dossier).select_related(
                "changed_by"
            ),
            review_history=ReviewStatusChange.objects.filter(dossier=dossier).select_related(
                "changed_by", "juror"
            ),
            **kwargs,
        )


def _value(score):
    return score.value if score is not None and score.value is not None else None


class DecisionView(ServiceFormMixin, RankingDossierView):
    """POST the decision on a dossier: back to the ranking on success, otherwise the dossier's
    page again with the errors next to the fields and everything typed."""

    http_method_names = ["post"]
    form_context_name = "decision_form"

    def post(self, request, slug, pk):
        if not request.user.has_perm("jury.decide", self.jury):
            messages.error(request, _("Beslissen kan alleen tijdens de deliberatie van de jury."))
            return redirect("jury:ranking_dossier", slug=slug, pk=self.dossier.pk)
        return super().post(request, slug, pk)

    def get_form(self):
        return JuryDecisionForm(self.request.POST, dossier=self.dossier)

    def call_service(self, form):
        return decision_record(
            dossier=self.dossier,
            outcome=form.cleaned_data["outcome"],
            reserve_rank=form.cleaned_data["reserve_rank"],
            motivation=form.cleaned_data["motivation"],
            by=self.request.user,
        )

    def service_succeeded(self, form, decision):
        messages.success(
            self.request,
            _("Beslissing voor %(dossier)s bewaard: %(outcome)s.")
            % {"dossier": self.dossier, "outcome": decision.get_outcome_display()},
        )
        if warning := selection_warning(ranking_data(self.jury)):
            messages.warning(self.request, warning)
        url = reverse("jury:ranking", kwargs={"slug": self.kwargs["slug"]})
        return redirect(f"{url}#dossier-{self.dossier.pk}")


class RankingExportView(JuryRankingMixin, View):
    """`?formaat=pdf` (the default) or `xlsx`."""

    http_method_names = ["get"]

    def get(self, request, slug):
        fmt = request.GET.get("formaat") or "pdf"
        if fmt not in EXPORT_FORMATS:
            return HttpResponseBadRequest(_("Onbekend formaat: kies pdf of xlsx."))
        build, content_type = EXPORT_FORMATS[fmt]
        return file_response(
            build(self.data), filename=export_filename(self.data, fmt), content_type=content_type
        )
