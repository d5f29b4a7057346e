"""The tables staff can download for a call, in the order the export centre lists them.

A dataset's `name` is its part of the URL and of the file name (`plg-2024-dossiers.xlsx`);
`count(call)` tells whether the file is made at once or in the background (settings
EXPORT_SYNC_ROW_LIMIT); `build(call)` makes the table, in the active language.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from applications import datasets as applications_datasets
from jury import datasets as jury_datasets
from plgportal.calls.models import Call
from plgportal.spreadsheets.tables import WRITERS, Table
from sessions import datasets as sessions_datasets

FORMATS = tuple(WRITERS)  # "xlsx", "csv"


@dataclass(frozen=True)
class Dataset:
    name: str
    label: str
    count: Callable[[Call], int]
    build: Callable[[Call], Table]


DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in (
        Dataset(
            "dossiers",
            _("Dossiers"),
            applications_datasets.dossiers_count,
            applications_datasets.dossiers_table,
        ),
        Dataset(
            "scholen",
            _("Scholen"),
            applications_datasets.schools_count,
            applications_datasets.schools_table,
        ),
        Dataset(
            "afgevaardigden",
            _("Afgevaardigden"),
            applications_datasets.delegates_count,
            applications_datasets.delegates_table,
        ),
        Dataset("scores", _("Scores"), jury_datasets.scores_count, jury_datasets.scores_table),
        Dataset(
            "rangschikking",
            _("Rangschikking"),
            jury_datasets.ranking_count,
            jury_datasets.ranking_table_for_call,
        ),
        Dataset(
            "trajecten",
            _("Trajecten"),
            sessions_datasets.trajectories_count,
            sessions_datasets.trajectories_table_for_call,
        ),
        Dataset(
            "aanwezigheden",
            _("Aanwezigheden"),
            sessions_datasets.attendance_count,
            sessions_datasets.attendance_table,
        ),
        Dataset(
            "producten",
            _("Producten"),
            sessions_datasets.products_count,
            sessions_datasets.products_table,
        ),
    )
}


def build_file(*, call: Call, dataset: str, fmt: str) -> tuple[str, bytes]:
    """(file name, content) of one dataset of the call; KeyError for an unknown dataset or
    format."""
    write = WRITERS[fmt]
    table = DATASETS[dataset].build(call)
    return f"{call.slug}-{dataset}.{fmt}", write(table)
