"""The XLSX and CSV writers (plgportal/spreadsheets/tables.py): no database."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import translation
from django.utils.translation import gettext_lazy

from plgportal.spreadsheets.tables import Table, table_from_columns, write_csv, write_xlsx
from tests.spreadsheets.helpers import csv_rows, xlsx_rows, xlsx_sheet

BRUSSELS = ZoneInfo("Europe/Brussels")
SUMMER_UTC = datetime(2025, 6, 30, 22, 15, 30, 123, tzinfo=ZoneInfo("UTC"))  # 1 July in Brussels


def table(*rows, headers=("Naam", "Aantal", "Gewicht", "Datum", "Tijdstip")):
    return Table(title="Scholen: [test]", headers=list(headers), rows=list(rows))


def test_write_xlsx_has_a_bold_frozen_filtered_header_and_wide_columns():
    sheet = xlsx_sheet(write_xlsx(table(["Sint-Jozefscollege Hasselt", 3, None, None, None])))

    assert [cell.value for cell in sheet[1]] == ["Naam", "Aantal", "Gewicht", "Datum", "Tijdstip"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E2"
    assert sheet.column_dimensions["A"].width == len("Sint-Jozefscollege Hasselt") + 2
    assert sheet.column_dimensions["B"].width == len("Aantal") + 2
    assert sheet.title == "Scholen   test"  # characters Excel refuses in sheet names replaced


def test_write_xlsx_keeps_numbers_and_dates_and_writes_brussels_time():
    rows = xlsx_rows(write_xlsx(table(["Één", 3, Decimal("1.50"), date(2025, 9, 22), SUMMER_UTC])))

    assert rows[1] == ["Één", 3, 1.5, datetime(2025, 9, 22), datetime(2025, 7, 1, 0, 15, 30)]


def test_write_xlsx_formats_dates_as_excel_dates():
    sheet = xlsx_sheet(write_xlsx(table(["x", 1, 1, date(2025, 9, 22), SUMMER_UTC])))

    assert sheet["D2"].is_date and sheet["D2"].number_format == "DD/MM/YYYY"
    assert sheet["E2"].is_date and sheet["E2"].number_format == "DD/MM/YYYY HH:MM"


def test_write_xlsx_keeps_formulas_as_text_and_drops_control_characters():
    sheet = xlsx_sheet(write_xlsx(table(['=HYPERLINK("http://x")', 1, 1, None, "a\x0bb"])))

    assert sheet["A2"].value == '=HYPERLINK("http://x")'
    assert sheet["A2"].data_type == "s"
    assert sheet["E2"].value == "ab"


def test_write_csv_is_excel_friendly_utf8_with_semicolons():
    content = write_csv(
        table(["Brasschaat; Één", 3, Decimal("1.50"), date(2025, 9, 22), SUMMER_UTC])
    )

    assert content.startswith("\ufeff".encode())
    assert b"\r\n" in content
    assert csv_rows(content) == [
        ["Naam", "Aantal", "Gewicht", "Datum", "Tijdstip"],
        ["Brasschaat; Één", "3", "1,50", "22/09/2025", "01/07/2025 00:15"],
    ]


def test_write_csv_neutralises_formula_injection():
    rows = [[start + "cmd"] for start in ("=", "+", "-", "@", "\t", "\r")] + [[-5], [None]]

    _header, *values = csv_rows(write_csv(Table("t", ["Tekst"], rows)))

    assert values == [
        ["'=cmd"],
        ["'+cmd"],
        ["'-cmd"],
        ["'@cmd"],
        ["'\tcmd"],
        ["'\rcmd"],
        ["-5"],  # a number stays a number
        [""],
    ]


def test_headers_are_rendered_in_the_active_language_when_written():
    columns = [(gettext_lazy("Status"), str)]
    lazy_table = table_from_columns("Dossiers", columns, ["a"])

    with translation.override("fr-be"):
        french = csv_rows(write_csv(lazy_table))[0]
    dutch = xlsx_rows(write_xlsx(lazy_table))[0]

    assert dutch == ["Status"]
    assert french == ["Statut"]
