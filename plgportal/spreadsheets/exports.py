"""A dataset too large to download at once, built as a background export (plgportal.exports;
registered by plgportal.exports.apps)."""

from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from plgportal.exports.builders import Progress
from plgportal.exports.enums import ExportKind
from plgportal.exports.params import call_to_export, exported_call
from plgportal.exports.registry import ExportBuilder
from plgportal.spreadsheets.registry import DATASETS, FORMATS, build_file


def _validate_spreadsheet(params: dict) -> tuple[dict, str]:
    call = call_to_export(params)
    dataset = DATASETS.get(params.get("dataset"))
    if dataset is None:
        raise ValidationError(_("Deze gegevensset bestaat niet."))
    fmt = params.get("format")
    if fmt not in FORMATS:
        raise ValidationError(_("Kies xlsx of csv als formaat."))
    title = _("%(dataset)s (%(format)s) – %(call)s") % {
        "dataset": dataset.label,
        "format": fmt.upper(),
        "call": call.title,
    }
    return {"call": call.pk, "dataset": dataset.name, "format": fmt}, title


def build_spreadsheet(params: dict, out: BinaryIO, progress: Progress) -> str:
    """One dataset of the call as XLSX or CSV."""
    progress(0, 1)
    filename, content = build_file(
        call=exported_call(params), dataset=params["dataset"], fmt=params["format"]
    )
    out.write(content)
    progress(1, 1)
    return filename


SPREADSHEET_EXPORT = ExportBuilder(
    kind=ExportKind.SPREADSHEET, validate=_validate_spreadsheet, build=build_spreadsheet
)
