"""One table, two file formats: XLSX for Excel, CSV for anything else.

A `Table` holds plain values: text, numbers, dates, datetimes (aware or not) and None. Headers
may be lazy translations: they are rendered when the file is written, in the active language.
Both writers keep applicants' text from becoming a formula in the spreadsheet.
"""

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
XLSX_DATE_FORMAT = "DD/MM/YYYY"
XLSX_DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
MAX_COLUMN_WIDTH = 60
SHEET_TITLE_MAX = 31  # Excel's limit on sheet names
SHEET_TITLE_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})
# A cell starting with one of these is a formula to a spreadsheet: never from applicants' text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]


T = TypeVar("T")
Column = tuple[str, Callable[[T], object]]  # (header, value of an item)


def table_from_columns(title: str, columns: Sequence[Column], items: Iterable[T]) -> Table:
    """A table with one row per item: each column is (header, value of an item)."""
    return Table(
        title=title,
        headers=[header for header, _value in columns],
        rows=[[value(item) for _header, value in columns] for item in items],
    )


def local(moment: datetime | None) -> datetime | None:
    """Spreadsheets know no time zones: the Brussels wall-clock time, to the second."""
    if moment is None:
        return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(tzinfo=None, microsecond=0)


def _cell(value):
    """A value as openpyxl should store it."""
    if isinstance(value, datetime):
        return local(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters openpyxl refuses
    if value is None or isinstance(value, int | float | Decimal | date):
        return value
    return str(value)  # lazy translations and other objects: their text


def write_xlsx(table: Table) -> bytes:
    """One sheet: a bold, frozen header row with a filter, columns as wide as their content,
    numbers as numbers, dates as Excel dates."""
    workbook = Workbook()
    sheet = workbook.active
    title = str(table.title).translate(SHEET_TITLE_FORBIDDEN).strip()
    sheet.title = title[:SHEET_TITLE_MAX] or "Sheet"
    headers = [str(header) for header in table.headers]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(header) for header in headers]
    for row_number, row in enumerate(table.rows, start=2):
        values = [_cell(value) for value in row]
        sheet.append(values)
        # sheet[n] and sheet.max_row scan every cell written so far: by position instead, or a
        # thousand rows take seconds.
        cells = (sheet.cell(row=row_number, column=c) for c in range(1, len(values) + 1))
        for index, cell in enumerate(cells):
            if isinstance(cell.value, datetime):
                cell.number_format, length = XLSX_DATETIME_FORMAT, 16
            elif isinstance(cell.value, date):
                cell.number_format, length = XLSX_DATE_FORMAT, 10
            else:
                if cell.data_type == "f":  # text that looks like a formula stays text
                    cell.data_type = "s"
                length = max((len(line) for line in str(cell.value or "").splitlines()), default=0)
            widths[index] = max(widths[index], length)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_COLUMN_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(value) -> str:
    """A value as text for Excel in Belgium: dd/mm/yyyy dates, decimal commas, no formulas."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local(value).strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(table: Table) -> bytes:
    """UTF-8 with a byte order mark and ';' between fields: what Excel in Belgium opens."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(header) for header in table.headers])
    for row in table.rows:
        writer.writerow([csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


WRITERS: dict[str, Callable[[Table], bytes]] = {"xlsx": write_xlsx, "csv": write_csv}
