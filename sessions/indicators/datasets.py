"""The schools' indicators of a whole call as one table for staff (plgportal.spreadsheets), for
the foundation's own analysis: one row per school of a trajectory, each indicator before and
after side by side, and the share of starters who stayed."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import School
from plgportal.calls.models import Call
from plgportal.spreadsheets.registry import Dataset
from plgportal.spreadsheets.tables import Table, local
from sessions.enums import IndicatorKind, IndicatorMoment
from sessions.indicators.figures import retention
from sessions.indicators.selectors import MOMENTS, definitions_of, values_by_record
from sessions.models import IndicatorRecord


def _schools(call: Call):
    return (
        School.objects.filter(dossier__call=call, dossier__trajectory__isnull=False)
        .select_related("dossier")
        .order_by("dossier__reference", "dossier__pk", "position", "pk")
    )


def _cell(kind: str, value) -> object:
    if kind == IndicatorKind.YES_NO and value is not None:
        return _("ja") if value else _("nee")
    return value


def _percent(values) -> int | None:
    stayed = retention(values)
    return stayed.percent if stayed else None


def indicators_count(call: Call) -> int:
    return _schools(call).count()


def indicators_table(call: Call) -> Table:
    """Dossier, school, when each moment was filled in, then every indicator of the call
    before and after (empty: not given), then the share of starters who stayed. Four queries."""
    schools = list(_schools(call))
    definitions = definitions_of(call.pk)
    values = values_by_record(school.pk for school in schools)
    filled = {
        (school_id, IndicatorMoment(moment)): at
        for school_id, moment, at in IndicatorRecord.objects.filter(school__in=schools).values_list(
            "school_id", "moment", "filled_in_at"
        )
    }
    filled_in, stayed = _("Ingevuld"), _("Behoud van starters (%)")
    headers = [
        _("Dossiernummer"),
        _("PLG"),
        _("School"),
        _("Instellingsnummer"),
        *(f"{filled_in} – {moment.label}" for moment in MOMENTS),
        *(f"{d.label} – {moment.label}" for d in definitions for moment in MOMENTS),
        *(f"{stayed} – {moment.label}" for moment in MOMENTS),
    ]
    rows = []
    for school in schools:
        by_moment = {moment: values.get((school.pk, moment)) for moment in MOMENTS}
        rows.append(
            [
                school.dossier.reference or "",
                school.dossier.working_title,
                school.name,
                school.institution_number,
                *(local(filled.get((school.pk, moment))) for moment in MOMENTS),
                *(
                    _cell(d.kind, (by_moment[moment] or {}).get(d.code))
                    for d in definitions
                    for moment in MOMENTS
                ),
                *(_percent(by_moment[moment]) for moment in MOMENTS),
            ]
        )
    return Table(title=_("Indicatoren"), headers=headers, rows=rows)


INDICATORS_DATASET = Dataset(
    "indicatoren", gettext_lazy("Indicatoren van de scholen"), indicators_count, indicators_table
)
