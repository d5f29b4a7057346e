"""A call's dossiers, schools and delegates as tables for staff (plgportal.spreadsheets).

`DOSSIER_COLUMNS` is the one definition of a dossier's row: the staff list's export and the
call's "dossiers" table both use it. Every builder runs a fixed number of queries, whatever the
number of rows, and fetches plain values: a thousand dossiers make a thousand dicts, not their
whole object graphs. The checklist columns read the outcome stored with each dossier.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.checklist import problems_in_language
from applications.enums import DossierStatus
from applications.filters import DossierFilter
from applications.models import Delegate, Dossier, School
from plgportal.calls.enums import EducationLevel, EducationNetwork
from plgportal.calls.models import Call
from plgportal.calls.texts import localized
from plgportal.geography import province_for_postcode
from plgportal.spreadsheets.registry import Dataset
from plgportal.spreadsheets.tables import Column, Table, local, table_from_columns

DOSSIER_ORDER = (F("dossier__reference").asc(nulls_last=True), "dossier__pk")


def yes_no(value: bool) -> str:
    return _("ja") if value else _("nee")


@dataclass(frozen=True)
class Labels:
    """The words a table repeats on every row, translated once per table: a thousand rows
    would otherwise look up the same few translations tens of thousands of times."""

    yes: str
    no: str
    statuses: dict[str, str]
    levels: dict[str, str]  # in the enum's order
    networks: dict[str, str]

    @classmethod
    def translated(cls) -> "Labels":
        return cls(
            yes=yes_no(True),
            no=yes_no(False),
            statuses={code: str(label) for code, label in DossierStatus.choices},
            levels={code: str(label) for code, label in EducationLevel.choices},
            networks={code: str(label) for code, label in EducationNetwork.choices},
        )


# What a dossier's row reads from the dossier and its contact person (`values()` keys).
DOSSIER_VALUES = (
    "pk",
    "reference",
    "working_title",
    "status",
    "created_by__full_name",
    "created_by__email",
    "contact_function",
    "contact_phone",
    "lead_school__name",
    "theme_title",
    "own_theme",
    "checklist_ok",
    "checklist_failing",
    "checklist_problems",
    "submitted_at",
    "updated_at",
    "admissibility_reason",
)
SCHOOL_VALUES = ("dossier_id", "name", "institution_number", "levels", "network", "city")


@dataclass
class DossierExportRow:
    """One dossier as plain values (`DOSSIER_VALUES`), with its schools (`SCHOOL_VALUES`, in
    their order) and its number of delegates."""

    values: dict
    labels: Labels
    schools: list[dict] = field(default_factory=list)
    delegate_count: int = 0

    def __getitem__(self, key):
        return self.values[key]

    def yes_no(self, key: str) -> str:
        return self.labels.yes if self[key] else self.labels.no

    @property
    def status_label(self) -> str:  # as Dossier.get_status_display
        return self.labels.statuses.get(self["status"], self["status"])

    @property
    def contact_name(self) -> str:  # as User.get_full_name
        return self["created_by__full_name"] or self["created_by__email"]

    @property
    def theme_label(self) -> str:  # as Dossier.theme_label
        return self["own_theme"] or self["theme_title"] or ""

    @property
    def levels(self) -> list[str]:
        codes = {code for school in self.schools for code in school["levels"]}
        return [label for code, label in self.labels.levels.items() if code in codes]

    @property
    def networks(self) -> list[str]:
        labels = (self.labels.networks.get(school["network"], "") for school in self.schools)
        return list(dict.fromkeys(label for label in labels if label))

    def joined(self, key: str, *, unique=False) -> str:
        texts = [school[key] for school in self.schools]
        return "; ".join(dict.fromkeys(texts) if unique else texts)


def dossier_export_rows(dossiers: QuerySet[Dossier]) -> list[DossierExportRow]:
    """The rows of these dossiers, in their order: three queries."""
    labels = Labels.translated()
    rows = {
        values["pk"]: DossierExportRow(values, labels)
        for values in dossiers.annotate(theme_title=localized("theme__title")).values(
            *DOSSIER_VALUES
        )
    }
    selected = dossiers.order_by().values("pk")
    schools = School.objects.filter(dossier__in=selected).order_by("dossier_id", "position", "pk")
    for school in schools.values(*SCHOOL_VALUES):
        rows[school["dossier_id"]].schools.append(school)
    delegates = (
        Delegate.objects.filter(school__dossier__in=selected)
        .order_by()
        .values_list("school__dossier_id")
        .annotate(count=Count("pk"))
    )
    for dossier_id, count in delegates:
        rows[dossier_id].delegate_count = count
    return list(rows.values())


DOSSIER_COLUMNS: tuple[Column[DossierExportRow], ...] = (
    (gettext_lazy("Dossiernummer"), lambda r: r["reference"] or ""),
    (gettext_lazy("Werktitel"), lambda r: r["working_title"]),
    (gettext_lazy("Status"), lambda r: r.status_label),
    (gettext_lazy("Contactpersoon"), lambda r: r.contact_name),
    (gettext_lazy("E-mail contactpersoon"), lambda r: r["created_by__email"]),
    (gettext_lazy("Functie contactpersoon"), lambda r: r["contact_function"]),
    (gettext_lazy("Telefoon contactpersoon"), lambda r: r["contact_phone"]),
    (gettext_lazy("Trekkende school"), lambda r: r["lead_school__name"] or ""),
    (gettext_lazy("Aantal scholen"), lambda r: len(r.schools)),
    (gettext_lazy("Scholen"), lambda r: r.joined("name")),
    (gettext_lazy("Instellingsnummers"), lambda r: r.joined("institution_number")),
    (gettext_lazy("Onderwijsniveaus"), lambda r: "; ".join(r.levels)),
    (gettext_lazy("Onderwijsnetten"), lambda r: "; ".join(r.networks)),
    (gettext_lazy("Gemeenten"), lambda r: r.joined("city", unique=True)),
    (gettext_lazy("Aantal afgevaardigden"), lambda r: r.delegate_count),
    (gettext_lazy("Thema"), lambda r: r.theme_label),
    (gettext_lazy("Eigen thema"), lambda r: r.yes_no("own_theme")),
    (gettext_lazy("Ontvankelijk volgens checklist"), lambda r: r.yes_no("checklist_ok")),
    (gettext_lazy("Aantal criteria niet in orde"), lambda r: r["checklist_failing"]),
    (
        gettext_lazy("Criteria niet in orde"),
        lambda r: problems_in_language(r["checklist_problems"]),
    ),
    (gettext_lazy("Ingediend op"), lambda r: local(r["submitted_at"])),
    (gettext_lazy("Laatst gewijzigd"), lambda r: local(r["updated_at"])),
    (gettext_lazy("Motivering ontvankelijkheid"), lambda r: r["admissibility_reason"]),
)


def dossier_table(dossiers: QuerySet[Dossier], *, title: str) -> Table:
    return table_from_columns(title, DOSSIER_COLUMNS, dossier_export_rows(dossiers))


def dossiers_count(call: Call) -> int:
    return Dossier.objects.filter(call=call).count()


def dossiers_table(call: Call) -> Table:
    """Every dossier of the call, drafts included, as on the unfiltered staff list."""
    return dossier_table(DossierFilter(None, call=call).qs, title=_("Dossiers"))


def _schools(call: Call) -> QuerySet[School]:
    return (
        School.objects.filter(dossier__call=call)
        .select_related("dossier__lead_school", "letter")
        .annotate(delegate_count=Count("delegates"))
        .order_by(*DOSSIER_ORDER, "position", "pk")
    )


SCHOOL_COLUMNS: tuple[Column[School], ...] = (
    (gettext_lazy("Dossiernummer"), lambda s: s.dossier.reference or ""),
    (gettext_lazy("Werktitel"), lambda s: s.dossier.working_title),
    (gettext_lazy("Status dossier"), lambda s: s.dossier.get_status_display()),
    (gettext_lazy("School"), lambda s: s.name),
    (gettext_lazy("Instellingsnummer"), lambda s: s.institution_number),
    (gettext_lazy("Trekkende school"), lambda s: yes_no(s.dossier.lead_school_id == s.pk)),
    (gettext_lazy("Onderwijsnet"), lambda s: s.network_label),
    (gettext_lazy("Onderwijsniveaus"), lambda s: "; ".join(map(str, s.level_labels))),
    (gettext_lazy("Straat en nummer"), lambda s: s.street),
    (gettext_lazy("Postcode"), lambda s: s.postcode),
    (gettext_lazy("Gemeente"), lambda s: s.city),
    (gettext_lazy("Provincie"), lambda s: province_for_postcode(s.postcode)),
    (gettext_lazy("Erkend en gesubsidieerd"), lambda s: yes_no(s.recognised)),
    (gettext_lazy("Aantal afgevaardigden"), lambda s: s.delegate_count),
    (gettext_lazy("Letter of intent"), lambda s: yes_no(s.letter_or_none is not None)),
    (
        gettext_lazy("Letter of intent ondertekend door"),
        lambda s: s.letter_or_none.signer_name if s.letter_or_none else "",
    ),
    (
        gettext_lazy("Functie ondertekenaar"),
        lambda s: s.letter_or_none.signer_function if s.letter_or_none else "",
    ),
)


def schools_count(call: Call) -> int:
    return School.objects.filter(dossier__call=call).count()


def schools_table(call: Call) -> Table:
    """Every school of every dossier of the call, in dossier order."""
    return table_from_columns(_("Scholen"), SCHOOL_COLUMNS, _schools(call))


DELEGATE_COLUMNS: tuple[Column[Delegate], ...] = (
    (gettext_lazy("Dossiernummer"), lambda d: d.school.dossier.reference or ""),
    (gettext_lazy("Werktitel"), lambda d: d.school.dossier.working_title),
    (gettext_lazy("School"), lambda d: d.school.name),
    (gettext_lazy("Instellingsnummer"), lambda d: d.school.institution_number),
    (gettext_lazy("Naam"), lambda d: d.full_name),
    (gettext_lazy("Functie"), lambda d: d.get_function_display()),
    (gettext_lazy("E-mailadres"), lambda d: d.email),
)


def delegates_count(call: Call) -> int:
    return Delegate.objects.filter(school__dossier__call=call).count()


def delegates_table(call: Call) -> Table:
    """Every delegate of every school of the call's dossiers."""
    delegates = (
        Delegate.objects.filter(school__dossier__call=call)
        .select_related("school__dossier")
        .order_by(
            F("school__dossier__reference").asc(nulls_last=True),
            "school__dossier__pk",
            "school__position",
            "school__pk",
            "pk",
        )
    )
    return table_from_columns(_("Afgevaardigden"), DELEGATE_COLUMNS, delegates)


# The call's tables this app adds to the export centre (registered in apps.py).
CALL_DATASETS = (
    Dataset("dossiers", gettext_lazy("Dossiers"), dossiers_count, dossiers_table),
    Dataset("scholen", gettext_lazy("Scholen"), schools_count, schools_table),
    Dataset("afgevaardigden", gettext_lazy("Afgevaardigden"), delegates_count, delegates_table),
)
