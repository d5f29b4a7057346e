"""The foundation staff's side of dossiers: the list per call with its exports, one dossier with
everything, and the admissibility decision or reopening. Anyone else: 403, or the login page."""

from abc import ABCMeta, abstractmethod
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View

from applications.datasets import dossier_table
from applications.eligibility import evaluate
from applications.enums import DossierStatus
from applications.filters import (
    FILTER_PARAMS,
    PAGE_PARAM,
    SORT_PARAM,
    DossierFilter,
    DossierListRow,
    dossier_page,
    sort_headers,
    status_counts,
)
from applications.models import Dossier, DossierStatusChange
from applications.selectors import dossier_for_staff_page, eligibility_facts
from applications.services import dossier_set_status
from applications.staff.forms import AdmissibilityDecisionForm, ReopenForm
from plgportal.calls.models import Call
from plgportal.downloads import file_response
from plgportal.permissions import PermissionRequiredMixin
from plgportal.service_forms import ServiceFormMixin
from plgportal.spreadsheets.tables import CONTENT_TYPES, WRITERS


def pk_url_format(name: str) -> str:
    """`name`'s URL for any `pk` as a format string: one reverse() for a page of rows."""
    marker = "987654321"
    return reverse(name, args=[marker]).replace(marker, "{}")


@dataclass(frozen=True)
class ListRow:
    """One row of the staff list, what the template writes already worked out: its labels,
    link and date are the same for every row but the values, so the row loop only prints."""

    dossier: Dossier
    school_count: int
    levels: str
    url: str
    badge: str
    status_label: str
    failing: str  # "3 criteria niet in orde", or "" when the checklist is in order
    submitted: str


def list_rows(rows: list[DossierListRow]) -> list[ListRow]:
    url = pk_url_format("applications:staff_dossier_detail")
    labels = {status: str(label) for status, label in DossierStatus.choices}
    rows_out = []
    for row in rows:
        dossier = row.dossier
        failing = dossier.checklist_failing
        rows_out.append(
            ListRow(
                dossier=dossier,
                school_count=row.school_count,
                levels=", ".join(row.levels) or "–",
                url=url.format(dossier.pk),
                badge=DossierStatus(dossier.status).badge_tone,
                status_label=labels.get(dossier.status, dossier.status),
                failing=""
                if dossier.checklist_ok
                else ngettext(
                    "%(counter)s criterium niet in orde",
                    "%(counter)s criteria niet in orde",
                    failing,
                )
                % {"counter": failing},
                # The list's own format: the same in every language.
                submitted=f"{timezone.localtime(dossier.submitted_at):%d-%m-%Y %H:%M}"
                if dossier.submitted_at
                else "–",
            )
        )
    return rows_out


class StaffCallMixin(PermissionRequiredMixin):
    """The dossiers of one call (URL kwarg `slug`), filtered and sorted by the query string."""

    permission_required = "applications.list_dossiers"

    @cached_property
    def call(self):
        return get_object_or_404(Call, slug=self.kwargs["slug"])

    @cached_property
    def filterset(self):
        return DossierFilter(self.request.GET or None, call=self.call)

    def filter_query(self) -> dict[str, str]:
        return {key: self.request.GET[key] for key in FILTER_PARAMS if self.request.GET.get(key)}

    def list_query(self) -> dict[str, str]:
        """The filters and the sort: what page links and exports carry over."""
        sort = self.filterset.sort_value
        return self.filter_query() | ({SORT_PARAM: sort} if sort else {})


class DossierListView(StaffCallMixin, TemplateView):
    template_name = "applications/staff/list.html"

    def get_context_data(self, **kwargs):
        query = self.list_query()
        page = dossier_page(self.filterset, self.request.GET.get(PAGE_PARAM))
        return super().get_context_data(
            call=self.call,
            filter=self.filterset,
            page=page,
            rows=list_rows(page.object_list),
            page_links=[
                # The elided range's "…" is no page: it gets no link.
                (number, urlencode(query | {PAGE_PARAM: number}) if isinstance(number, int) else "")
                for number in page.paginator.get_elided_page_range(page.number, on_ends=1)
            ],
            sort=sort_headers(self.filter_query(), self.filterset.sort_value),
            counts=status_counts(self.call),
            filtered=bool(self.filter_query()),
            export_query={fmt: urlencode(query | {"formaat": fmt}) for fmt in ("csv", "xlsx")},
            **kwargs,
        )


class DossierExportView(StaffCallMixin, View):
    """`?formaat=csv` (the default) or `xlsx`, with the list's filters."""

    http_method_names = ["get"]

    def get(self, request, slug):
        fmt = request.GET.get("formaat") or "csv"
        if fmt not in WRITERS:
            return HttpResponseBadRequest(_("Onbekend formaat: kies csv of xlsx."))
        # The export centre's "dossiers" table (applications.datasets), filtered like the list.
        content = WRITERS[fmt](dossier_table(self.filterset.qs, title=self.call.slug))
        filename = f"dossiers-{self.call.slug}-{timezone.localdate():%Y%m%d}.{fmt}"
        return file_response(content, filename=filename, content_type=CONTENT_TYPES[fmt])


class StaffDossierDetailView(PermissionRequiredMixin, TemplateView):
    """Everything of one dossier, its checklist, its history and the staff's decisions."""

    permission_required = "applications.list_dossiers"
    template_name = "applications/staff/detail.html"

    @cached_property
    def dossier(self):
        return get_object_or_404(dossier_for_staff_page(), pk=self.kwargs["pk"])

    def get_context_data(self, decision_form=None, reopen_form=None, **kwargs):
        dossier = self.dossier
        schools = list(dossier.schools.all())
        by_pk = {school.pk: school for school in schools}
        answers = {answer.criterion_id: answer.text for answer in dossier.answers.all()}
        confirmed = {c.commitment_id: c for c in dossier.confirmations.all()}
        return super().get_context_data(
            dossier=dossier,
            status_badge=DossierStatus(dossier.status).badge_tone,
            report=evaluate(eligibility_facts(dossier)),
            schools=schools,
            delegates_expected=dossier.call.delegates_per_school(len(schools)),
            partners=[
                {"collaborator": c, "school": by_pk.get(c.school_id)}
                for c in dossier.collaborators.all()
                if c.is_partner
            ],
            answers=[
                {"criterion": criterion, "text": answers.get(criterion.pk, "")}
                for criterion in dossier.call.criteria.all()
            ],
            meetings=dossier.meetings.all(),
            commitments=[
                {"commitment": commitment, "confirmation": confirmed.get(commitment.pk)}
                for commitment in dossier.call.commitments.all()
            ],
            history=DossierStatusChange.objects.filter(dossier=dossier).select_related(
                "changed_by"
            ),
            decision_form=decision_form or AdmissibilityDecisionForm(dossier=dossier),
            reopen_form=reopen_form or ReopenForm(dossier=dossier),
            **kwargs,
        )


class DossierStatusFormView(ServiceFormMixin, StaffDossierDetailView, metaclass=ABCMeta):
    """POST a staff form about the dossier; on success back to its page, otherwise the page
    again with the form's errors and everything typed."""

    permission_required = "applications.decide_admissibility"
    http_method_names = ["post"]
    form_class: type

    def post(self, request, *args, **kwargs):
        if refusal := self.refusal():
            messages.error(request, refusal)
            return redirect("applications:staff_dossier_detail", pk=self.dossier.pk)
        return super().post(request, *args, **kwargs)

    def get_form(self):
        return self.form_class(self.request.POST, dossier=self.dossier)

    def call_service(self, form):
        self.change_status(form.cleaned_data)
        return self.success_message()

    def get_success_url(self):
        return reverse("applications:staff_dossier_detail", args=[self.dossier.pk])

    @abstractmethod
    def refusal(self) -> str:
        """Why this action does not apply to the dossier in its current status, or ""."""
        ...

    @abstractmethod
    def change_status(self, data): ...

    @abstractmethod
    def success_message(self) -> str: ...


class DossierDecideView(DossierStatusFormView):
    form_class = AdmissibilityDecisionForm
    form_context_name = "decision_form"

    def refusal(self):
        if rules.has_perm("applications.decide_on_dossier", self.request.user, self.dossier):
            return ""
        return _(
            "Dit dossier is nog niet ingediend: beslissen over de ontvankelijkheid kan pas na "
            "indiening."
        )

    def change_status(self, data):
        self.new_status = DossierStatus(data["decision"])
        dossier_set_status(
            dossier=self.dossier,
            status=self.new_status,
            by=self.request.user,
            reason=data["reason"],
        )

    def success_message(self):
        return _("Het dossier is als “%(status)s” geregistreerd.") % {
            "status": self.new_status.label
        }


class DossierReopenView(DossierStatusFormView):
    form_class = ReopenForm
    form_context_name = "reopen_form"

    def refusal(self):
        if not self.dossier.is_draft:
            return ""
        return _("Dit dossier is al een concept: de aanvragers kunnen het bewerken.")

    def change_status(self, data):
        dossier_set_status(
            dossier=self.dossier,
            status=DossierStatus.DRAFT,
            by=self.request.user,
            reason=data["reason"],
        )

    def success_message(self):
        return _("Het dossier is heropend: de aanvragers kunnen het opnieuw bewerken en indienen.")
