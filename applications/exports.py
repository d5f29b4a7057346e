"""The staff's (filtered) dossier list as a spreadsheet: CSV for Excel in Belgium or XLSX. The
columns are `applications.datasets.DOSSIER_COLUMNS`, the writers plgportal.spreadsheets'."""

from applications.datasets import dossier_table
from applications.filters import DossierRow
from plgportal.spreadsheets.tables import (  # noqa: F401 (the view's content types)
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    write_csv,
    write_xlsx,
)


def export_csv(rows: list[DossierRow]) -> bytes:
    return write_csv(dossier_table(rows, title=""))


def export_xlsx(rows: list[DossierRow], *, title: str) -> bytes:
    return write_xlsx(dossier_table(rows, title=title))
