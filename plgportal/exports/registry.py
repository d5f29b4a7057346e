"""The kinds of export and who builds them: the app that owns the data, registered from its
`AppConfig.ready()` (`register_export`). The export framework (start, build, retry, the export
centre) knows none of them by name."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from plgportal.calls.models import Call
from plgportal.exports.builders import Progress
from plgportal.exports.enums import ExportKind
from plgportal.registry import Registry


@dataclass(frozen=True)
class ExportBuilder:
    kind: ExportKind
    # The requested params -> (the params to store, the export's title in the active language);
    # a ValidationError (Dutch) refuses the export.
    validate: Callable[[dict], tuple[dict, str]]
    # (stored params, binary file, progress) -> the file's name: see plgportal.exports.builders.
    build: Callable[[dict, BinaryIO, Progress], str]
    # Only for a bulk export of a whole call, offered in the call's export centre: how many
    # dossiers or trajectories it covers (nothing to export at 0).
    count: Callable[[Call], int] | None = None


EXPORT_BUILDERS: Registry[str, ExportBuilder] = Registry("export builder")


def register_export(builder: ExportBuilder) -> None:
    EXPORT_BUILDERS.register(builder.kind, builder)


def call_exports() -> list[ExportBuilder]:
    """The bulk exports of a whole call, in registration order."""
    return [builder for builder in EXPORT_BUILDERS.values() if builder.count is not None]
