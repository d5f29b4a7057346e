"""The datasets staff can download and their files (plgportal/spreadsheets/registry.py)."""

import pytest

from plgportal.spreadsheets.registry import DATASETS, build_file
from tests.factories import CallFactory, DossierFactory
from tests.spreadsheets.helpers import csv_rows, xlsx_rows


def test_datasets_are_listed_in_order_with_dutch_labels():
    assert list(DATASETS) == [
        "dossiers",
        "scholen",
        "afgevaardigden",
        "scores",
        "rangschikking",
        "trajecten",
        "aanwezigheden",
        "producten",
        "indicatoren",
    ]
    labels = [str(dataset.label) for dataset in DATASETS.values()]
    assert labels[:3] == ["Dossiers", "Scholen", "Afgevaardigden"]
    assert all(name == dataset.name for name, dataset in DATASETS.items())


@pytest.mark.parametrize("name", list(DATASETS))
def test_build_file_names_the_file_after_call_and_dataset(db, name):
    call = CallFactory(slug="plg-2024")
    DossierFactory(call=call)

    xlsx_name, xlsx = build_file(call=call, dataset=name, fmt="xlsx")
    csv_name, csv = build_file(call=call, dataset=name, fmt="csv")

    assert (xlsx_name, csv_name) == (f"plg-2024-{name}.xlsx", f"plg-2024-{name}.csv")
    assert xlsx_rows(xlsx)[0] == csv_rows(csv)[0]  # the same headers in both formats
    assert len(csv_rows(csv)) == 1 + DATASETS[name].count(call)


@pytest.mark.parametrize(("dataset", "fmt"), [("onbekend", "csv"), ("dossiers", "pdf")])
def test_build_file_refuses_unknown_dataset_or_format(db, dataset, fmt):
    with pytest.raises(KeyError):
        build_file(call=CallFactory(), dataset=dataset, fmt=fmt)
