"""The export pages' reads (plgportal/exports/selectors.py)."""

import pytest

from plgportal.exports.enums import ExportKind
from plgportal.exports.selectors import BulkExport


@pytest.mark.parametrize(
    ("kind", "expected"),
    [(ExportKind.CALL_DOSSIERS, True), (ExportKind.CALL_REPORTS, False)],
)
def test_bulk_export_covers_dossiers_only_for_the_dossier_bundle(kind, expected):
    assert BulkExport(kind=kind, count=3).covers_dossiers is expected
