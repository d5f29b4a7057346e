"""Staff's ranking of a call's dossiers, the drill-down per dossier, the deliberation's
decisions and the exports. Anyone else: 403, or the login page."""

from functools import cached_property
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView, View

from applications.enums import DossierStatus
from applications.models import Dossier
from jury.deliberation.forms import JuryDecisionForm
from jury.deliberation.selectors import (
    RANKING_PAGE_SIZE,
    RankingData,
    RankingQuery,
    decision_counts,
    dossier_reviews,
    published_criteria,
    published_figures,
    ranking_data,
    ranking_page,
    ranking_row,
    selection_balance_of,
)
from jury.deliberation.services import decision_record
from jury.exports import XLSX_CONTENT_TYPE, export_filename, export_xlsx
from jury.models import Decision, DecisionChange, Jury, ReviewStatusChange
from plgportal.charts import Series, grouped_bars, histogram
from plgportal.downloads import file_response
from plgportal.exports.enums import ExportKind
from plgportal.exports.views import StartExportMixin
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
# The ranking page's filters (keys of selectors.ROW_FILTERS), in the order of the page.
FILTER_CHOICES = (
    ("selectie", gettext_lazy("Selectie en reserves")),
    ("geselecteerd", gettext_lazy("Voorlopig geselecteerd")),
    ("reserve", gettext_lazy("Reserves")),
    ("onenigheid", gettext_lazy("Onenigheid")),
    ("onvolledig", gettext_lazy("Onvolledig")),
)


def selection_warning(*, decided: int, selected: int, target: int) -> str:
    """Once staff started deciding: a warning when the number selected is not the call's
    target. It never blocks a decision."""
    if not decided or selected == target:
        return ""
    return ngettext(
        "Er is %(selected)d dossier geselecteerd; de oproep selecteert er %(target)d.",
        "Er zijn %(selected)d dossiers geselecteerd; de oproep selecteert er %(target)d.",
        selected,
    ) % {"selected": selected, "target": target}


def data_warning(data: RankingData) -> str:
    return selection_warning(
        decided=len(data.decisions), selected=data.selected_count, target=data.call.plgs_to_select
    )


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
        return ranking_data(self.jury, cached=True)

    @cached_property
    def ranking_query(self) -> RankingQuery:
        """Sort, filter and page of the ranking page, kept on the way to a dossier and back."""
        return RankingQuery.from_params(self.request.GET)


class RankingView(JuryRankingMixin, TemplateView):
    """The ranking, 50 dossiers a page; totals, flags, counts, the histogram and the balance of
    the provisional selection are computed over the whole call."""

    template_name = "jury/ranking/ranking.html"

    def get_context_data(self, **kwargs):
        data = self.data
        ranking = data.ranking
        jurors = {progress.juror.pk: progress.juror for progress in data.progress}
        # Once published, the table shows the figures as they went out, not the live ranking.
        table = self.published_table() if self.jury.is_published else self.live_table()
        return super().get_context_data(
            jury=self.jury,
            call=data.call,
            data=data,
            criteria=data.criteria,
            sort_columns=SORT_COLUMNS,
            can_decide=self.request.user.has_perm("jury.decide", self.jury),
            warning=data_warning(data),
            neutral_jurors=[jurors[pk] for pk in sorted(ranking.neutral_jurors) if pk in jurors],
            balance=selection_balance_of(data.provisional_ids),
            histogram=histogram(
                dom_id="verdeling-totalen",
                title=_("Verdeling van de gewogen totalen"),
                values=[float(row.total) for row in ranking.ranked],
                low=float(ranking.min_total),
                high=float(ranking.max_total),
            ),
            **table,
            **kwargs,
        )

    def live_table(self) -> dict:
        page = ranking_page(self.data, self.ranking_query)
        return {
            "published": [],
            "page_obj": page.page,
            "rows": page.rows,
            "sort": page.query.sort,
            "show": page.query.show,
            "return_query": page.query.urlencode(),
            "filters": [(key, label, page.filter_counts[key]) for key, label in FILTER_CHOICES],
        }

    def published_table(self) -> dict:
        figures = Paginator(published_figures(self.jury), RANKING_PAGE_SIZE)
        page = figures.get_page(self.ranking_query.page)
        published = list(page.object_list)
        return {
            "published": published,
            "published_criteria": published_criteria(published),
            "page_obj": page,
            "return_query": urlencode({"pagina": page.number}) if page.number > 1 else "",
        }


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
        row = ranking_row(self.data, dossier.pk)
        decision = _decision_or_none(dossier)
        return_query = self.ranking_query.urlencode()
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
            decision=decision,
            return_query=return_query,
            decision_form=decision_form
            or JuryDecisionForm(dossier=dossier, decision=decision, return_query=return_query),
            warning=data_warning(self.data),
            decision_history=DecisionChange.objects.filter(dossier=dossier).select_related(
                "changed_by"
            ),
            review_history=ReviewStatusChange.objects.filter(dossier=dossier).select_related(
                "changed_by", "juror"
            ),
            **kwargs,
        )


def _decision_or_none(dossier: Dossier) -> Decision | None:
    try:
        return dossier.jury_decision
    except Decision.DoesNotExist:
        return None


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
        return JuryDecisionForm(
            self.request.POST, dossier=self.dossier, return_query=self.ranking_query.urlencode()
        )

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
        decided, selected = decision_counts(self.jury.call)
        target = self.jury.call.plgs_to_select
        if warning := selection_warning(decided=decided, selected=selected, target=target):
            messages.warning(self.request, warning)
        # Back to the page of the ranking the decision was taken from (sort, filter, page).
        url = reverse("jury:ranking", kwargs={"slug": self.kwargs["slug"]})
        query = self.ranking_query.urlencode()
        return redirect(f"{url}{'?' if query else ''}{query}#dossier-{self.dossier.pk}")


class RankingExportView(JuryRankingMixin, View):
    """The ranking as XLSX (`?formaat=xlsx`, the default): fast enough to build in the request.
    The PDF is built in the background (RankingPdfExportStartView)."""

    http_method_names = ["get"]

    def get(self, request, slug):
        if (request.GET.get("formaat") or "xlsx") != "xlsx":
            return HttpResponseBadRequest(_("Onbekend formaat: kies xlsx."))
        return file_response(
            export_xlsx(self.data),
            filename=export_filename(self.data, "xlsx"),
            content_type=XLSX_CONTENT_TYPE,
        )


class RankingPdfExportStartView(StartExportMixin, View):
    """POST: start building the ranking PDF (jury.exports) and follow it on its progress page;
    a thousand dossiers take too long to render inside a request."""

    def post(self, request, slug):
        jury = get_object_or_404(Jury.objects.select_related("call"), call__slug=slug)
        return self.start(
            kind=ExportKind.RANKING_PDF,
            params={"call": jury.call.pk},
            back=reverse("jury:ranking", kwargs={"slug": slug}),
        )
