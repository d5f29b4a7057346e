"""The staff's dossier list as a spreadsheet: one row per dossier, CSV for Excel in Belgium or
XLSX. Both formats share one column table, so they never disagree."""

import csv
import io
from collections.abc import Callable
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from applications.filters import DossierRow

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
MAX_COLUMN_WIDTH = 60
# A cell starting with one of these is a formula to a spreadsheet: never from applicants' text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _local(moment: datetime | None) -> datetime | None:
    # Spreadsheets know no time zones: write the Brussels wall-clock time.
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0) if moment else None


def _eligible(row: DossierRow) -> str:
    return _("ja") if row.report.is_eligible else _("nee")


def _failing(row: DossierRow) -> str:
    return "; ".join(f"{check.label}: {' '.join(check.problems)}" for check in row.report.failing)


COLUMNS: tuple[tuple[str, Callable[[DossierRow], object]], ...] = (
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
    (gettext_lazy("Eigen thema"), lambda r: _("ja") if r.dossier.own_theme else _("nee")),
    (gettext_lazy("Ontvankelijk volgens checklist"), _eligible),
    (gettext_lazy("Aantal criteria niet in orde"), lambda r: len(r.report.failing)),
    (gettext_lazy("Criteria niet in orde"), _failing),
    (gettext_lazy("Ingediend op"), lambda r: _local(r.dossier.submitted_at)),
    (gettext_lazy("Laatst gewijzigd"), lambda r: _local(r.dossier.updated_at)),
    (gettext_lazy("Motivering ontvankelijkheid"), lambda r: r.dossier.admissibility_reason),
)


def export_headers() -> list[str]:
    return [str(header) for header, _value in COLUMNS]


def export_values(row: DossierRow) -> list:
    return [value(row) for _header, value in COLUMNS]


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_csv(rows: list[DossierRow]) -> bytes:
    """UTF-8 with a byte order mark and ';' between fields: what Excel in Belgium opens."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(export_headers())
    for row in rows:
        writer.writerow([_csv_text(value) for value in export_values(row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(rows: list[DossierRow], *, title: str) -> bytes:
    """One sheet: a bold, frozen header row with a filter, columns as wide as their content."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit on sheet names
    sheet.append(export_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(export_values(row))
    widths = [len(header) for header in export_headers()]
    for cells in sheet.iter_rows(min_row=2):
        for index, cell in enumerate(cells):
            if isinstance(cell.value, datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
                length = 16
            else:
                if cell.data_type == "f":  # text that looks like a formula stays text
                    cell.data_type = "s"
                length = len(str(cell.value or ""))
            widths[index] = max(widths[index], length)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_COLUMN_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
