"""Reading back what the spreadsheet writers wrote, as a user's Excel would."""

import csv
import io

from openpyxl import load_workbook


def xlsx_sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def xlsx_rows(content: bytes) -> list[list]:
    return [list(row) for row in xlsx_sheet(content).iter_rows(values_only=True)]


def csv_rows(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def as_dicts(rows: list[list]) -> list[dict]:
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]
