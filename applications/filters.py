"""Filtering, searching and sorting the dossiers of one call for staff: the list page (one page
of rows at a time) and its exports (every row) share this.

Everything runs in the database: "eligible or not" reads the checklist outcome stored with each
dossier (`applications.checklist`), so no dossier is evaluated to list it. The number of
queries does not depend on the number of dossiers.
"""

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext_lazy as _

from applications.enums import DossierStatus
from applications.models import Dossier, School
from plgportal.calls.enums import EducationLevel
from plgportal.calls.models import Call
from plgportal.layout import filter_form_helper

OWN_THEME = "eigen"
ELIGIBLE_YES, ELIGIBLE_NO = "ja", "nee"
# The query parameters the filters read: exports carry exactly these over from the list.
FILTER_PARAMS = ("zoek", "status", "niveau", "thema", "ontvankelijk")
SORT_PARAM = "sorteer"
PAGE_PARAM = "pagina"
PAGE_SIZE = 50
DESCENDING = "-"

# The columns the list sorts by: query value -> the order, ascending (descending reverses each).
STATUS_ORDER = Case(
    *(When(status=status, then=Value(index)) for index, status in enumerate(DossierStatus)),
    output_field=IntegerField(),
)
SORTS = {
    "nummer": (F("reference"),),
    "titel": (Lower("working_title"),),
    "status": (STATUS_ORDER,),
    "ingediend": (F("submitted_at"),),
    "scholen": (F("school_count"),),
    # In order first, then by how many criteria are not.
    "checklist": (F("checklist_ok").desc(), F("checklist_failing")),
}
DEFAULT_ORDER = (F("reference").asc(nulls_last=True), "pk")
# What the list shows of a dossier (and of its contact person): nothing else is fetched.
LIST_FIELDS = (
    "reference",
    "working_title",
    "status",
    "submitted_at",
    "checklist_ok",
    "checklist_failing",
    "created_by__full_name",
    "created_by__email",
)


def _ordered(expression, descending: bool):
    if hasattr(expression, "descending"):  # already an OrderBy: reverse it when asked
        return expression.copy().reverse_ordering() if descending else expression
    return expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)


def school_count() -> Subquery:
    schools = School.objects.filter(dossier=OuterRef("pk")).order_by().values("dossier")
    return Coalesce(Subquery(schools.annotate(n=Count("pk")).values("n")), 0)


class DossierFilter(django_filters.FilterSet):
    zoek = django_filters.CharFilter(
        label=_("Zoeken"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Nummer, titel, school, contactpersoon"),
            }
        ),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=DossierStatus.choices, empty_label=_("Alle statussen")
    )
    niveau = django_filters.ChoiceFilter(
        label=_("Onderwijsniveau"),
        empty_label=_("Alle niveaus"),
        method="filter_level",
    )
    thema = django_filters.ChoiceFilter(
        label=_("Thema"), empty_label=_("Alle thema's"), method="filter_theme"
    )
    ontvankelijk = django_filters.ChoiceFilter(
        label=_("Volgens checklist"),
        empty_label=_("Ontvankelijk of niet"),
        choices=[(ELIGIBLE_YES, _("Ontvankelijk")), (ELIGIBLE_NO, _("Niet ontvankelijk"))],
        method="filter_eligible",
    )
    # Set by the column headers' links; a hidden field, so filtering keeps the order.
    sorteer = django_filters.ChoiceFilter(
        choices=[(f"{way}{key}", key) for key in SORTS for way in ("", DESCENDING)],
        method="sort",
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Dossier
        fields = [*FILTER_PARAMS, SORT_PARAM]

    def __init__(self, data=None, *, call: Call, **kwargs):
        queryset = Dossier.objects.filter(call=call).order_by(*DEFAULT_ORDER)
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["niveau"].extra["choices"] = [
            (code, label) for code, label in EducationLevel.choices if code in call.eligible_levels
        ]
        self.filters["thema"].extra["choices"] = [
            (str(theme.pk), theme.title) for theme in call.example_themes.all()
        ] + [(OWN_THEME, _("Eigen thema"))]
        self.form.helper = filter_form_helper(FILTER_PARAMS)
        self.form.helper.layout.append(SORT_PARAM)

    def filter_search(self, queryset, name, value):
        """Reference, working title, a school's name, the contact person's name or address."""
        text = value.strip()
        if not text:
            return queryset
        school = School.objects.filter(dossier=OuterRef("pk"), name__icontains=text)
        return queryset.filter(
            Q(reference__icontains=text)
            | Q(working_title__icontains=text)
            | Q(created_by__full_name__icontains=text)
            | Q(created_by__email__icontains=text)
            | Exists(school)
        )

    def filter_level(self, queryset, name, value):
        # Levels are a JSON list; its text holds the quoted code, which no other code contains.
        school = School.objects.filter(dossier=OuterRef("pk"), levels__icontains=f'"{value}"')
        return queryset.filter(Exists(school))

    def filter_theme(self, queryset, name, value):
        # The same choice as Dossier.theme_label: an own theme wins over an example theme.
        if value == OWN_THEME:
            return queryset.exclude(own_theme="")
        return queryset.filter(theme_id=value, own_theme="")

    def filter_eligible(self, queryset, name, value):
        return queryset.filter(checklist_ok=value == ELIGIBLE_YES)

    def sort(self, queryset, name, value):
        descending = value.startswith(DESCENDING)
        key = value.removeprefix(DESCENDING)
        if key == "scholen":
            queryset = queryset.annotate(school_count=school_count())
        order = [_ordered(expression, descending) for expression in SORTS[key]]
        return queryset.order_by(*order, *DEFAULT_ORDER)

    @property
    def sort_value(self) -> str:
        """The sort in effect ("" for the default: by reference)."""
        if not self.is_bound:
            return ""
        self.form.is_valid()  # cleaned_data keeps the valid fields beside a wrong one
        return self.form.cleaned_data.get(SORT_PARAM) or ""


@dataclass(frozen=True)
class DossierListRow:
    """One row of the staff list: the dossier (only `LIST_FIELDS`) and its schools' summary."""

    dossier: Dossier
    school_count: int
    levels: list[str]  # labels, in the enum's order


def dossier_page(filterset: DossierFilter, number) -> Page:
    """Page `number` (anything: a wrong one gives the nearest page) of the filtered dossiers,
    as `DossierListRow`s: a count, the page's dossiers and their schools' levels."""
    queryset = filterset.qs.select_related("created_by").only(*LIST_FIELDS)
    page = Paginator(queryset, PAGE_SIZE).get_page(number)
    dossiers = list(page.object_list)
    levels, counts = defaultdict(set), defaultdict(int)
    schools = School.objects.filter(dossier__in=[d.pk for d in dossiers]).values_list(
        "dossier_id", "levels"
    )
    for dossier_id, codes in schools:
        counts[dossier_id] += 1
        levels[dossier_id].update(codes)
    labels = [(level, str(level.label)) for level in EducationLevel]  # translated once a page
    page.object_list = [
        DossierListRow(
            dossier=dossier,
            school_count=counts[dossier.pk],
            levels=[label for level, label in labels if level in levels[dossier.pk]],
        )
        for dossier in dossiers
    ]
    return page


@dataclass(frozen=True)
class SortHeader:
    """A sortable column header: the link that sorts by it, and its aria-sort when in effect."""

    query: str
    aria_sort: str  # "ascending", "descending" or "" (not sorted by this column)


def sort_headers(query: dict[str, str], current: str) -> dict[str, SortHeader]:
    """For each sortable column: the query string (the filters kept, back to page 1) that sorts
    by it, ascending, or descending when it is the ascending sort now."""
    current = current or "nummer"
    headers = {}
    for key in SORTS:
        if current == key:
            aria, wanted = "ascending", f"{DESCENDING}{key}"
        elif current == f"{DESCENDING}{key}":
            aria, wanted = "descending", key
        else:
            aria, wanted = "", key
        headers[key] = SortHeader(query=urlencode(query | {SORT_PARAM: wanted}), aria_sort=aria)
    return headers


def status_counts(call: Call) -> list[tuple[str, str, int]]:
    """(status, label, number of dossiers) for every status, over the whole call."""
    counts = dict(
        Dossier.objects.filter(call=call)
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    return [(status, label, counts.get(status, 0)) for status, label in DossierStatus.choices]
