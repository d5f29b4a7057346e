"""One builder per kind of export: it writes the export's file into `out` and returns its name.

A builder gets the export's validated params, a binary file to write to (a temporary file, so a
ZIP of a hundred PDFs never sits in memory) and `progress(done, total)`, called with the total
known up front and again after each step. Documents are rendered in the active language (the
task runs under the requester's). Errors a user can act on are raised as `ExportError`.
"""

import re
import shutil
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

from django.db.models.fields.files import FieldFile
from django.utils.text import slugify
from django.utils.translation import gettext as _

Progress = Callable[[int, int], None]


class ExportError(Exception):
    """A failure with a reason the requester understands (Dutch, through gettext)."""


@dataclass(frozen=True)
class Entry:
    """One file in a ZIP: bytes rendered on demand, or a stored file copied in chunks."""

    name: str
    render: Callable[[], bytes] | None = None
    file: FieldFile | None = None


def ascii_name(text: str, fallback: str) -> str:
    """`text` as a file-name part with only ASCII letters, digits and dashes."""
    return slugify(text) or fallback


def ascii_filename(name: str, fallback: str) -> str:
    """An uploaded file's name made ASCII-safe, keeping its extension."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    extension = slugify(extension)[:10]
    return ascii_name(stem, fallback) + (f".{extension}" if extension else "")


def safe_filename(name: str, fallback: str) -> str:
    """A generated file name kept as it is, but reduced to ASCII letters, digits, . _ and -."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text)).strip("-.")
    return cleaned[:150] or fallback


def write_zip(out: BinaryIO, steps: list[list[Entry]], progress: Progress) -> None:
    """Write each step's entries into a deflated ZIP, reporting progress per step."""
    total = len(steps)
    progress(0, total)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, entries in enumerate(steps, start=1):
            for entry in entries:
                if entry.file is not None:
                    with entry.file.open("rb") as source, archive.open(entry.name, "w") as target:
                        shutil.copyfileobj(source, target, length=1024 * 1024)
                else:
                    archive.writestr(entry.name, entry.render())
            progress(done, total)


def _call(params: dict):
    from plgportal.calls.models import Call

    return Call.objects.get(pk=params["call"])


def _reference(dossier) -> str:
    return ascii_name(dossier.reference or "", f"dossier-{dossier.pk}").upper()


def submitted_dossiers(call):
    """The call's dossiers past the draft stage, with everything their PDF shows."""
    from applications.enums import DossierStatus
    from applications.selectors import dossiers_full

    return (
        dossiers_full().filter(call=call).exclude(status=DossierStatus.DRAFT).order_by("reference")
    )


def _dossier_entries(dossier) -> list[Entry]:
    from applications.documents import dossier_pdf

    ref = _reference(dossier)
    entries = [Entry(f"{ref}/{ref}-dossier.pdf", render=lambda: dossier_pdf(dossier))]
    for school in dossier.schools.all():
        if letter := school.letter_or_none:
            school_name = ascii_name(school.name, f"school-{school.pk}")
            entries.append(
                Entry(f"{ref}/{ref}-intentieverklaring-{school_name}.pdf", file=letter.file)
            )
    return entries


def build_call_dossiers(params: dict, out: BinaryIO, progress: Progress) -> str:
    """Every submitted dossier of the call as PDF, with its letters of intent, one folder each."""
    call = _call(params)
    write_zip(out, [_dossier_entries(d) for d in submitted_dossiers(call)], progress)
    return f"dossiers-{call.slug}.zip"


def call_trajectories(call):
    from sessions.models import Trajectory

    return (
        Trajectory.objects.filter(dossier__call=call)
        .select_related("dossier", "report")
        .order_by("dossier__reference", "pk")
    )


def _report_or_none(trajectory):
    from sessions.models import EvaluationReport

    try:
        return trajectory.report
    except EvaluationReport.DoesNotExist:
        return None


def _missing_list(trajectories: Iterable) -> bytes:
    lines = [_("Trajecten zonder evaluatieverslag:"), ""]
    lines += [
        f"{t.dossier.reference or t.dossier.pk} – {t.dossier.working_title}" for t in trajectories
    ]
    return ("\n".join(lines) + "\n").encode()


def build_call_reports(params: dict, out: BinaryIO, progress: Progress) -> str:
    """The evaluation report of every trajectory of the call; those without one are listed in
    ontbrekend.txt."""
    from sessions.documents import evaluation_report_pdf

    call = _call(params)
    trajectories = list(call_trajectories(call))
    steps = []
    missing = []
    for trajectory in trajectories:
        report = _report_or_none(trajectory)
        if report is None:
            missing.append(trajectory)
            continue
        name = f"{_reference(trajectory.dossier)}-evaluatieverslag.pdf"
        steps.append([Entry(name, render=lambda report=report: evaluation_report_pdf(report))])
    if missing:
        steps.append([Entry("ontbrekend.txt", render=lambda: _missing_list(missing))])
    write_zip(out, steps, progress)
    return f"evaluatieverslagen-{call.slug}.zip"


def build_trajectory_bundle(params: dict, out: BinaryIO, progress: Progress) -> str:
    """Everything of one trajectory: overview, report, attendance sheets of the dated meetings,
    product attachments, preparation source files and the dossier."""
    from applications.documents import dossier_pdf
    from applications.selectors import dossiers_full
    from sessions.documents import (
        attendance_sheet_pdf,
        evaluation_report_pdf,
        trajectory_overview_pdf,
    )
    from sessions.models import Preparation, Product, Trajectory

    trajectory = Trajectory.objects.select_related("dossier", "report").get(pk=params["trajectory"])
    ref = _reference(trajectory.dossier)
    steps = [[Entry(f"{ref}-overzicht.pdf", render=lambda: trajectory_overview_pdf(trajectory))]]
    if report := _report_or_none(trajectory):
        steps.append(
            [Entry(f"{ref}-evaluatieverslag.pdf", render=lambda: evaluation_report_pdf(report))]
        )
    for meeting in trajectory.meetings.filter(date__isnull=False).order_by("position", "pk"):
        name = f"aanwezigheid/{ref}-bijeenkomst-{meeting.position}-aanwezigheidslijst.pdf"
        steps.append([Entry(name, render=lambda meeting=meeting: attendance_sheet_pdf(meeting))])
    products = Product.objects.filter(trajectory=trajectory).exclude(attachment="").order_by("pk")
    for product in products:
        original = product.attachment_name or product.attachment.name.rsplit("/", 1)[-1]
        name = f"producten/{product.pk}-{ascii_filename(original, 'bijlage')}"
        steps.append([Entry(name, file=product.attachment)])
    preparations = (
        Preparation.objects.filter(meeting__trajectory=trajectory)
        .exclude(source_file="")
        .select_related("meeting", "school")
        .order_by("meeting__position", "school__position", "pk")
    )
    for preparation in preparations:
        original = preparation.source_file_name or preparation.source_file.name.rsplit("/", 1)[-1]
        school = ascii_name(preparation.school.name, f"school-{preparation.school_id}")
        name = (
            f"voorbereidingen/bijeenkomst-{preparation.meeting.position}-{school}-"
            f"{ascii_filename(original, 'bron')}"
        )
        steps.append([Entry(name, file=preparation.source_file)])
    dossier = dossiers_full().get(pk=trajectory.dossier_id)
    steps.append([Entry(f"{ref}-dossier.pdf", render=lambda: dossier_pdf(dossier))])
    write_zip(out, steps, progress)
    return f"traject-{ref}.zip"


def build_spreadsheet(params: dict, out: BinaryIO, progress: Progress) -> str:
    """One dataset of the call as XLSX or CSV (plgportal.spreadsheets)."""
    from plgportal.spreadsheets.registry import build_file

    progress(0, 1)
    filename, content = build_file(
        call=_call(params), dataset=params["dataset"], fmt=params["format"]
    )
    out.write(content)
    progress(1, 1)
    return filename


BUILDERS: dict[str, Callable[[dict, BinaryIO, Progress], str]] = {
    "call_dossiers": build_call_dossiers,
    "call_reports": build_call_reports,
    "trajectory_bundle": build_trajectory_bundle,
    "spreadsheet": build_spreadsheet,
}
