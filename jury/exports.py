"""The ranking as XLSX and PDF. Both take their columns from one table (`ranking_table`), so
they never disagree with each other."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from jury.selectors_ranking import RankingData, RankingRow, ranking_rows
from plgportal.pdf import render_pdf

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_CONTENT_TYPE = "application/pdf"
MAX_COLUMN_WIDTH = 60


def _flags(row: RankingRow) -> str:
    flags = []
    if not row.result.complete:
        flags.append(_("onvolledig"))
    for criterion in row.result.disagreeing_criteria:
        flags.append(_("onenigheid: %(criterion)s") % {"criterion": criterion.title})
    return "; ".join(flags)


def _decision(row: RankingRow) -> str:
    if row.decision is None:
        return ""
    return row.decision.get_outcome_display()


def ranking_table(data: RankingData) -> tuple[list[str], list[list]]:
    """Headers and one row of values per dossier, in ranking order."""
    headers = [
        _("Rang"),
        _("Rang genormaliseerd"),
        _("Dossiernummer"),
        _("Werktitel"),
        _("Gewogen totaal"),
        _("Genormaliseerd totaal"),
        *[_("Gemiddelde %(criterion)s") % {"criterion": c.title} for c in data.criteria],
        _("Beoordelingen"),
        _("Toegewezen"),
        _("Signalen"),
        _("Voorlopige selectie"),
        _("Beslissing"),
        _("Plaats reservelijst"),
        _("Motivering beslissing"),
    ]
    values = [
        [
            row.result.rank,
            row.result.normalised_rank,
            row.dossier.reference or "",
            row.dossier.working_title,
            row.total,
            row.normalised_total,
            *[cell.mean for cell in row.cells],
            row.result.review_count,
            row.result.dossier.assigned,
            _flags(row),
            _("ja") if row.provisional else _("nee"),
            _decision(row),
            row.decision.reserve_rank if row.decision else None,
            row.decision.motivation if row.decision else "",
        ]
        for row in ranking_rows(data)
    ]
    return headers, values


def export_xlsx(data: RankingData) -> bytes:
    """One sheet: a bold, frozen header row with a filter; numbers stay numbers."""
    headers, values = ranking_table(data)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Rangschikking")
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in values:
        sheet.append(row)
    widths = [len(header) for header in headers]
    for cells in sheet.iter_rows(min_row=2):
        for index, cell in enumerate(cells):
            if cell.data_type == "f":  # text that looks like a formula stays text
                cell.data_type = "s"
            widths[index] = max(widths[index], len(str(cell.value or "")))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_COLUMN_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_pdf(data: RankingData) -> bytes:
    return render_pdf(
        "pdf/ranking.html",
        {
            "document_title": _("Rangschikking van de jury"),
            "call_title": data.call.title,
            "generated_at": timezone.localtime(),
            "data": data,
            "criteria": data.criteria,
            "rows": ranking_rows(data),
        },
    )


def export_filename(data: RankingData, fmt: str) -> str:
    return f"rangschikking-{data.call.slug}-{timezone.localdate():%Y%m%d}.{fmt}"
