"""A call's dossiers, schools and delegates as tables for staff (plgportal.spreadsheets).

`DOSSIER_COLUMNS` is the one definition of a dossier's row: the staff list's export and the
call's "dossiers" table both use it. Every builder runs a fixed number of queries, whatever the
number of rows.
"""

from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.filters import DossierFilter, DossierRow, dossier_rows
from applications.models import Delegate, Dossier, School
from plgportal.calls.models import Call
from plgportal.geography import province_for_postcode
from plgportal.spreadsheets.registry import Dataset
from plgportal.spreadsheets.tables import Column, Table, local, table_from_columns

DOSSIER_ORDER = (F("dossier__reference").asc(nulls_last=True), "dossier__pk")


def yes_no(value: bool) -> str:
    return _("ja") if value else _("nee")


def _failing(row: DossierRow) -> str:
    return "; ".join(f"{check.label}: {' '.join(check.problems)}" for check in row.report.failing)


DOSSIER_COLUMNS: tuple[Column[DossierRow], ...] = (
    (gettext_lazy("Dossiernummer"), lambda r: r.dossier.reference or ""),
    (gettext_lazy("Werktitel"), lambda r: r.dossier.working_title),
    (gettext_lazy("Status"), lambda r: r.dossier.get_status_display()),
    (gettext_lazy("Contactpersoon"), lambda r: r.dossier.created_by.get_full_name()),
    (gettext_lazy("E-mail contactpersoon"), lambda r: r.dossier.created_by.email),
    (gettext_lazy("Functie contactpersoon"), lambda r: r.dossier.contact_function),
    (gettext_lazy("Telefoon contactpersoon"), lambda r: r.dossier.contact_phone),
    (gettext_lazy("Trekkende school"), lambda r: str(r.dossier.lead_school or "")),
    (gettext_lazy("Aantal scholen"), lambda r: len(r.schools)),
    (gettext_lazy("Scholen"), lambda r: "; ".join(school.name for school in r.schools)),
    (
        gettext_lazy("Instellingsnummers"),
        lambda r: "; ".join(school.institution_number for school in r.schools),
    ),
    (gettext_lazy("Onderwijsniveaus"), lambda r: "; ".join(r.levels)),
    (gettext_lazy("Onderwijsnetten"), lambda r: "; ".join(r.networks)),
    (gettext_lazy("Gemeenten"), lambda r: "; ".join(dict.fromkeys(s.city for s in r.schools))),
    (gettext_lazy("Aantal afgevaardigden"), lambda r: r.delegate_count),
    (gettext_lazy("Thema"), lambda r: r.dossier.theme_label),
    (gettext_lazy("Eigen thema"), lambda r: yes_no(r.dossier.own_theme)),
    (gettext_lazy("Ontvankelijk volgens checklist"), lambda r: yes_no(r.report.is_eligible)),
    (gettext_lazy("Aantal criteria niet in orde"), lambda r: len(r.report.failing)),
    (gettext_lazy("Criteria niet in orde"), _failing),
    (gettext_lazy("Ingediend op"), lambda r: local(r.dossier.submitted_at)),
    (gettext_lazy("Laatst gewijzigd"), lambda r: local(r.dossier.updated_at)),
    (gettext_lazy("Motivering ontvankelijkheid"), lambda r: r.dossier.admissibility_reason),
)


def dossier_table(rows: list[DossierRow], *, title: str) -> Table:
    return table_from_columns(title, DOSSIER_COLUMNS, rows)


def dossiers_count(call: Call) -> int:
    return Dossier.objects.filter(call=call).count()


def dossiers_table(call: Call) -> Table:
    """Every dossier of the call, drafts included, as on the unfiltered staff list."""
    return dossier_table(dossier_rows(DossierFilter(None, call=call)), title=_("Dossiers"))


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
