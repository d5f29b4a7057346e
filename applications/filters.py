"""Filtering the dossiers of one call for staff: the list page and its exports share this.

Status, education level and theme filter in the database; "eligible or not" needs the
eligibility rules, which are pure Python over facts from `dossiers_full()`, so that filter runs
on the fetched dossiers. Either way the number of queries does not depend on the number of
dossiers.
"""

from dataclasses import dataclass
from functools import cached_property

import django_filters
from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _

from applications.eligibility import EligibilityReport, evaluate
from applications.enums import DossierStatus
from applications.models import Dossier, School
from applications.selectors import dossiers_full, eligibility_facts
from plgportal.calls.enums import EducationLevel
from plgportal.calls.models import Call
from plgportal.layout import filter_form_helper

OWN_THEME = "eigen"
ELIGIBLE_YES, ELIGIBLE_NO = "ja", "nee"
# The query parameters the filters read: exports carry exactly these over from the list.
FILTER_PARAMS = ("status", "niveau", "thema", "ontvankelijk")


@dataclass(frozen=True)
class DossierRow:
    """One dossier as the staff list and exports show it, with its eligibility report."""

    dossier: Dossier
    report: EligibilityReport

    @cached_property
    def schools(self) -> list[School]:
        return list(self.dossier.schools.all())

    @cached_property
    def levels(self) -> list[str]:
        codes = {code for school in self.schools for code in school.levels}
        return [str(level.label) for level in EducationLevel if level.value in codes]

    @cached_property
    def networks(self) -> list[str]:
        return list(dict.fromkeys(str(s.network_label) for s in self.schools if s.network_label))

    @property
    def delegate_count(self) -> int:
        return sum(len(school.delegates.all()) for school in self.schools)


class DossierFilter(django_filters.FilterSet):
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
    # Applied by `dossier_rows` after evaluation: the rules are not SQL.
    ontvankelijk = django_filters.ChoiceFilter(
        label=_("Volgens checklist"),
        empty_label=_("Ontvankelijk of niet"),
        choices=[(ELIGIBLE_YES, _("Ontvankelijk")), (ELIGIBLE_NO, _("Niet ontvankelijk"))],
        method="filter_nothing",
    )

    class Meta:
        model = Dossier
        fields = list(FILTER_PARAMS)

    def __init__(self, data=None, *, call: Call, **kwargs):
        queryset = (
            dossiers_full().filter(call=call).order_by(F("reference").asc(nulls_last=True), "pk")
        )
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["niveau"].extra["choices"] = [
            (code, label) for code, label in EducationLevel.choices if code in call.eligible_levels
        ]
        self.filters["thema"].extra["choices"] = [
            (str(theme.pk), theme.title) for theme in call.example_themes.all()
        ] + [(OWN_THEME, _("Eigen thema"))]
        self.form.helper = filter_form_helper(FILTER_PARAMS)

    def filter_level(self, queryset, name, value):
        # Levels are a JSON list; its text holds the quoted code, which no other code contains.
        return queryset.filter(schools__levels__icontains=f'"{value}"').distinct()

    def filter_theme(self, queryset, name, value):
        # The same choice as Dossier.theme_label: an own theme wins over an example theme.
        if value == OWN_THEME:
            return queryset.exclude(own_theme="")
        return queryset.filter(theme_id=value, own_theme="")

    def filter_nothing(self, queryset, name, value):
        return queryset


def dossier_rows(filterset: DossierFilter) -> list[DossierRow]:
    """The filtered dossiers with their eligibility, in a fixed number of queries."""
    rows = [
        DossierRow(dossier=dossier, report=evaluate(eligibility_facts(dossier)))
        for dossier in filterset.qs
    ]
    eligible = filterset.form.cleaned_data.get("ontvankelijk") if filterset.is_valid() else ""
    if eligible:
        wanted = eligible == ELIGIBLE_YES
        rows = [row for row in rows if row.report.is_eligible == wanted]
    return rows


def status_counts(call: Call) -> list[tuple[str, str, int]]:
    """(status, label, number of dossiers) for every status, over the whole call."""
    counts = dict(
        Dossier.objects.filter(call=call)
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    return [(status, label, counts.get(status, 0)) for status, label in DossierStatus.choices]
