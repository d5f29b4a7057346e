"""Every submitted dossier of a call as one ZIP of PDFs (a background export). The dossier
list as a spreadsheet is `applications.datasets` (the export centre's "dossiers" table, which
the staff list's own export filters)."""

from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from applications.documents.pdf import dossier_pdf
from applications.enums import DossierStatus
from applications.models import Dossier
from applications.selectors import dossiers_full
from plgportal.calls.models import Call
from plgportal.exports.builders import Entry, Progress, ascii_name, reference_name, write_zip
from plgportal.exports.enums import ExportKind
from plgportal.exports.params import call_to_export, exported_call
from plgportal.exports.registry import ExportBuilder


def submitted_dossiers(call: Call) -> QuerySet[Dossier]:
    """The call's dossiers past the draft stage, with everything their PDF shows."""
    return (
        dossiers_full().filter(call=call).exclude(status=DossierStatus.DRAFT).order_by("reference")
    )


def _dossier_entries(dossier: Dossier) -> list[Entry]:
    ref = reference_name(dossier)
    entries = [Entry(f"{ref}/{ref}-dossier.pdf", render=lambda: dossier_pdf(dossier))]
    for school in dossier.schools.all():
        if letter := school.letter_or_none:
            school_name = ascii_name(school.name, f"school-{school.pk}")
            entries.append(
                Entry(f"{ref}/{ref}-intentieverklaring-{school_name}.pdf", file=letter.file)
            )
    return entries


def _validate_call_dossiers(params: dict) -> tuple[dict, str]:
    call = call_to_export(params)
    if not submitted_dossiers(call).exists():
        raise ValidationError(_("Deze oproep heeft nog geen ingediende dossiers."))
    return {"call": call.pk}, _("Alle dossiers – %(call)s") % {"call": call.title}


def build_call_dossiers(params: dict, out: BinaryIO, progress: Progress) -> str:
    """Every submitted dossier of the call as PDF, with its letters of intent, one folder each."""
    call = exported_call(params)
    write_zip(out, [_dossier_entries(d) for d in submitted_dossiers(call)], progress)
    return f"dossiers-{call.slug}.zip"


# The call's dossiers as one ZIP, started from the call's export centre (registered in apps.py).
CALL_DOSSIERS_EXPORT = ExportBuilder(
    kind=ExportKind.CALL_DOSSIERS,
    validate=_validate_call_dossiers,
    build=build_call_dossiers,
    count=lambda call: submitted_dossiers(call).count(),
)
