"""The tables staff can download for a call, in the order the export centre lists them.

Each app registers its tables from its `AppConfig.ready()` (`register_dataset`), so they are
listed app by app in the order of INSTALLED_APPS. A dataset's `name` is its part of the URL and
of the file name (`plg-2024-dossiers.xlsx`); `count(call)` tells whether the file is made at once
or in the background (settings EXPORT_SYNC_ROW_LIMIT); `build(call)` makes the table, in the
active language.
"""

from collections.abc import Callable
from dataclasses import dataclass

from plgportal.calls.models import Call
from plgportal.registry import Registry
from plgportal.spreadsheets.tables import WRITERS, Table

FORMATS = tuple(WRITERS)  # "xlsx", "csv"


@dataclass(frozen=True)
class Dataset:
    name: str
    label: str
    count: Callable[[Call], int]
    build: Callable[[Call], Table]


DATASETS: Registry[str, Dataset] = Registry("spreadsheet dataset")


def register_dataset(dataset: Dataset) -> None:
    DATASETS.register(dataset.name, dataset)


def build_file(*, call: Call, dataset: str, fmt: str) -> tuple[str, bytes]:
    """(file name, content) of one dataset of the call; KeyError for an unknown dataset or
    format."""
    write = WRITERS[fmt]
    table = DATASETS[dataset].build(call)
    return f"{call.slug}-{dataset}.{fmt}", write(table)
