"""The ranking as XLSX and PDF. Both take their columns from one table (`ranking_table`), so
they never disagree with each other. The XLSX is built in the request; the PDF of a whole call
by the export worker (`RANKING_PDF_EXPORT`)."""

from collections.abc import Iterable
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jury.deliberation.selectors import RankingData, RankingRow, ranking_data, ranking_rows
from jury.enums import Outcome
from jury.models import Jury
from plgportal.exports.builders import Progress
from plgportal.exports.enums import ExportKind
from plgportal.exports.params import call_to_export, exported_call
from plgportal.exports.registry import ExportBuilder
from plgportal.pdf import render_pdf
from plgportal.spreadsheets.tables import XLSX_CONTENT_TYPE as XLSX_CONTENT_TYPE
from plgportal.spreadsheets.tables import Table, write_xlsx

PDF_CONTENT_TYPE = "application/pdf"
# Rows per <tbody> of the PDF's table: WeasyPrint's :nth-child (the zebra) counts the siblings
# before a row, so one body of a thousand rows costs a thousand times more than groups of this.
PDF_ROW_GROUP = 20


class _Labels:
    """The table's words, translated once per table rather than once per row (a thousand rows
    asked gettext five thousand times)."""

    def __init__(self, criteria: Iterable) -> None:
        self.yes, self.no = _("ja"), _("nee")
        self.incomplete = _("onvolledig")
        self.disagreement = {
            c.pk: _("onenigheid: %(criterion)s") % {"criterion": c.title} for c in criteria
        }
        self.outcomes = {outcome.value: str(outcome.label) for outcome in Outcome}

    def yes_no(self, value: bool) -> str:
        return self.yes if value else self.no

    def flags(self, row: RankingRow) -> str:
        flags = [] if row.result.complete else [self.incomplete]
        flags += [self.disagreement[c.id] for c in row.result.disagreeing_criteria]
        return "; ".join(flags)

    def decision(self, row: RankingRow) -> str:
        return "" if row.decision is None else self.outcomes[row.decision.outcome]


def ranking_headers(criteria: Iterable) -> list[str]:
    """The ranking table's headers for the call's criteria (SelectionCriterion rows)."""
    return [
        _("Rang"),
        _("Rang genormaliseerd"),
        _("Dossiernummer"),
        _("Werktitel"),
        _("Gewogen totaal"),
        _("Genormaliseerd totaal"),
        *[_("Gemiddelde %(criterion)s") % {"criterion": c.title} for c in criteria],
        _("Beoordelingen"),
        _("Toegewezen"),
        _("Signalen"),
        _("Volledig beoordeeld"),
        _("Onenigheid"),
        _("Voorlopige selectie"),
        _("Beslissing"),
        _("Plaats reservelijst"),
        _("Motivering beslissing"),
    ]


def ranking_table(data: RankingData) -> Table:
    """Headers and one row of values per dossier, in ranking order."""
    labels = _Labels(data.criteria)
    values = [
        [
            row.result.rank,
            row.result.normalised_rank,
            row.dossier.reference,
            row.dossier.title,
            row.total,
            row.normalised_total,
            *[cell.mean for cell in row.cells],
            row.result.review_count,
            row.result.dossier.assigned,
            labels.flags(row),
            labels.yes_no(row.result.complete),
            labels.yes_no(row.result.disagreement),
            labels.yes_no(row.provisional),
            labels.decision(row),
            row.decision.reserve_rank if row.decision else None,
            row.decision.motivation if row.decision else "",
        ]
        for row in ranking_rows(data)
    ]
    return Table(title=_("Rangschikking"), headers=ranking_headers(data.criteria), rows=values)


def export_xlsx(data: RankingData) -> bytes:
    """One sheet: a bold, frozen header row with a filter; numbers stay numbers."""
    return write_xlsx(ranking_table(data))


def export_pdf(data: RankingData) -> bytes:
    rows = ranking_rows(data)
    return render_pdf(
        "pdf/ranking.html",
        {
            "document_title": _("Rangschikking van de jury"),
            "call_title": data.call.title,
            "generated_at": timezone.localtime(),
            "data": data,
            "criteria": data.criteria,
            "row_groups": [rows[i : i + PDF_ROW_GROUP] for i in range(0, len(rows), PDF_ROW_GROUP)],
        },
    )


def export_filename(data: RankingData, fmt: str) -> str:
    return f"rangschikking-{data.call.slug}-{timezone.localdate():%Y%m%d}.{fmt}"


def _validate_ranking_pdf(params: dict) -> tuple[dict, str]:
    call = call_to_export(params)
    if not Jury.objects.filter(call=call).exists():
        raise ValidationError(_("Deze oproep heeft nog geen jury."))
    return {"call": call.pk}, _("Rangschikking van de jury – %(call)s") % {"call": call.title}


def build_ranking_pdf(params: dict, out: BinaryIO, progress: Progress) -> str:
    """The ranking PDF of the whole call, built by the export worker (a thousand dossiers take
    seconds to lay out)."""
    jury = Jury.objects.select_related("call").get(call=exported_call(params))
    progress(0, 1)
    data = ranking_data(jury)
    out.write(export_pdf(data))
    progress(1, 1)
    return export_filename(data, "pdf")


# Started from the ranking page (registered in apps.py).
RANKING_PDF_EXPORT = ExportBuilder(
    kind=ExportKind.RANKING_PDF, validate=_validate_ranking_pdf, build=build_ranking_pdf
)
