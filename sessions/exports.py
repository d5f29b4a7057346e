"""A call's evaluation reports as one ZIP, and everything of one trajectory as another: background
exports of the export framework (plgportal.exports), registered in apps.py."""

from collections.abc import Iterable
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from applications.documents.pdf import dossier_pdf
from applications.selectors import dossiers_full
from plgportal.calls.models import Call
from plgportal.exports.builders import (
    Entry,
    Progress,
    archive_member_name,
    ascii_name,
    reference_name,
    write_zip,
)
from plgportal.exports.enums import ExportKind
from plgportal.exports.params import call_to_export, exported_call, pk_param
from plgportal.exports.registry import ExportBuilder
from sessions.documents import attendance_sheet_pdf, evaluation_report_pdf, trajectory_overview_pdf
from sessions.models import EvaluationReport, Preparation, Product, Trajectory


def call_trajectories(call: Call) -> QuerySet[Trajectory]:
    return (
        Trajectory.objects.filter(dossier__call=call)
        .select_related("dossier", "report")
        .order_by("dossier__reference", "pk")
    )


def _report_or_none(trajectory: Trajectory) -> EvaluationReport | None:
    try:
        return trajectory.report
    except EvaluationReport.DoesNotExist:
        return None


def _missing_list(trajectories: Iterable[Trajectory]) -> bytes:
    lines = [_("Trajecten zonder evaluatieverslag:"), ""]
    lines += [
        f"{t.dossier.reference or t.dossier.pk} – {t.dossier.working_title}" for t in trajectories
    ]
    return ("\n".join(lines) + "\n").encode()


def _validate_call_reports(params: dict) -> tuple[dict, str]:
    call = call_to_export(params)
    if not call_trajectories(call).exists():
        raise ValidationError(_("Deze oproep heeft nog geen trajecten."))
    return {"call": call.pk}, _("Alle evaluatieverslagen – %(call)s") % {"call": call.title}


def build_call_reports(params: dict, out: BinaryIO, progress: Progress) -> str:
    """The evaluation report of every trajectory of the call; those without one are listed in
    ontbrekend.txt."""
    call = exported_call(params)
    steps = []
    missing = []
    for trajectory in call_trajectories(call):
        report = _report_or_none(trajectory)
        if report is None:
            missing.append(trajectory)
            continue
        name = f"{reference_name(trajectory.dossier)}-evaluatieverslag.pdf"
        steps.append([Entry(name, render=lambda report=report: evaluation_report_pdf(report))])
    if missing:
        steps.append([Entry("ontbrekend.txt", render=lambda: _missing_list(missing))])
    write_zip(out, steps, progress)
    return f"evaluatieverslagen-{call.slug}.zip"


def _validate_trajectory_bundle(params: dict) -> tuple[dict, str]:
    pk = pk_param(params, "trajectory", missing=_("Deze export mist een geldig traject."))
    trajectory = Trajectory.objects.select_related("dossier").filter(pk=pk).first()
    if trajectory is None:
        raise ValidationError(_("Dit traject bestaat niet."))
    dossier = trajectory.dossier
    return {"trajectory": trajectory.pk}, _("Traject %(reference)s – alle documenten") % {
        "reference": dossier.reference or dossier.working_title
    }


def _file_steps(trajectory: Trajectory) -> list[list[Entry]]:
    """The stored files of a trajectory: product attachments, preparation source files."""
    steps = []
    products = Product.objects.filter(trajectory=trajectory).exclude(attachment="").order_by("pk")
    for product in products:
        original = product.attachment_name or product.attachment.name.rsplit("/", 1)[-1]
        name = f"producten/{product.pk}-{archive_member_name(original, 'bijlage')}"
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
            f"{archive_member_name(original, 'bron')}"
        )
        steps.append([Entry(name, file=preparation.source_file)])
    return steps


def build_trajectory_bundle(params: dict, out: BinaryIO, progress: Progress) -> str:
    """Everything of one trajectory: overview, report, attendance sheets of the dated meetings,
    product attachments, preparation source files and the dossier."""
    trajectory = Trajectory.objects.select_related("dossier", "report").get(pk=params["trajectory"])
    ref = reference_name(trajectory.dossier)
    steps = [[Entry(f"{ref}-overzicht.pdf", render=lambda: trajectory_overview_pdf(trajectory))]]
    if report := _report_or_none(trajectory):
        steps.append(
            [Entry(f"{ref}-evaluatieverslag.pdf", render=lambda: evaluation_report_pdf(report))]
        )
    for meeting in trajectory.meetings.filter(date__isnull=False).order_by("position", "pk"):
        name = f"aanwezigheid/{ref}-bijeenkomst-{meeting.position}-aanwezigheidslijst.pdf"
        steps.append([Entry(name, render=lambda meeting=meeting: attendance_sheet_pdf(meeting))])
    steps += _file_steps(trajectory)
    dossier = dossiers_full().get(pk=trajectory.dossier_id)
    steps.append([Entry(f"{ref}-dossier.pdf", render=lambda: dossier_pdf(dossier))])
    write_zip(out, steps, progress)
    return f"traject-{ref}.zip"


# Registered in apps.py: the reports of a call from its export centre, a trajectory's documents
# from the trajectory's page.
CALL_REPORTS_EXPORT = ExportBuilder(
    kind=ExportKind.CALL_REPORTS,
    validate=_validate_call_reports,
    build=build_call_reports,
    count=lambda call: call_trajectories(call).count(),
)
TRAJECTORY_BUNDLE_EXPORT = ExportBuilder(
    kind=ExportKind.TRAJECTORY_BUNDLE,
    validate=_validate_trajectory_bundle,
    build=build_trajectory_bundle,
)
