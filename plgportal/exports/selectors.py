"""Reads for the export pages, each in a fixed number of queries."""

from dataclasses import dataclass

import rules
from django.db.models import QuerySet

from plgportal.exports.enums import ExportKind
from plgportal.exports.models import Export
from plgportal.exports.registry import call_exports
from plgportal.spreadsheets.registry import DATASETS


def exports_for_user(user) -> QuerySet[Export]:
    """Staff see every export, anyone else their own; newest first."""
    queryset = Export.objects.select_related("requested_by").order_by("-created_at", "-pk")
    if rules.has_perm("exports.view_all_exports", user):
        return queryset
    return queryset.filter(requested_by=user)


def exports_of_call(call, limit: int = 10) -> list[Export]:
    """The latest bulk exports and spreadsheets of a call."""
    return list(
        Export.objects.filter(params__call=call.pk)
        .select_related("requested_by")
        .order_by("-created_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class BulkExport:
    kind: ExportKind
    count: int  # dossiers or trajectories it covers

    @property
    def covers_dossiers(self) -> bool:
        """Its count is of dossiers (otherwise of trajectories)."""
        return self.kind == ExportKind.CALL_DOSSIERS


def bulk_exports(call) -> list[BulkExport]:
    """The registered bulk exports of a whole call, with what each covers (one count query)."""
    return [BulkExport(ExportKind(builder.kind), builder.count(call)) for builder in call_exports()]


@dataclass(frozen=True)
class DatasetRow:
    name: str
    label: str
    count: int


def spreadsheet_datasets(call) -> list[DatasetRow]:
    """The call's spreadsheet datasets with their row counts (one count query each)."""
    return [
        DatasetRow(name=dataset.name, label=dataset.label, count=dataset.count(call))
        for dataset in DATASETS.values()
    ]
