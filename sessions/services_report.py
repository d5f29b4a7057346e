"""Writes to a trajectory's products and its evaluation report."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plgportal.accounts.rules import is_foundation_staff
from plgportal.uploads import CheckedFile
from sessions.enums import ReportStatus
from sessions.models import EvaluationReport, Product, ReportStatusChange, Trajectory
from sessions.rules import is_trajectory_coach, is_trajectory_participant

REPORT_TEXT_FIELDS = (
    "reactions",
    "learning",
    "organisation",
    "practice",
    "effects",
    "retention_link",
    "anchoring",
    "recommendations",
)
EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED)

WRITERS = "writers"  # the trajectory's coach and participants
STAFF = "staff"
# (from, to) -> who may make the move.
REPORT_MOVES = {
    (ReportStatus.DRAFT, ReportStatus.SUBMITTED): WRITERS,
    (ReportStatus.CHANGES_REQUESTED, ReportStatus.SUBMITTED): WRITERS,
    (ReportStatus.SUBMITTED, ReportStatus.APPROVED): STAFF,
    (ReportStatus.SUBMITTED, ReportStatus.CHANGES_REQUESTED): STAFF,
}


def is_report_writer(user, trajectory) -> bool:
    """The report is written together by the participants and the coach (staff only decide)."""
    return is_trajectory_coach(user, trajectory) or is_trajectory_participant(user, trajectory)


def report_is_editable(report: EvaluationReport) -> bool:
    return report.status in EDITABLE_STATUSES


def report_for(trajectory: Trajectory) -> EvaluationReport:
    """The trajectory's report, or an unsaved empty draft (saved on the first write)."""
    try:
        return trajectory.report
    except EvaluationReport.DoesNotExist:
        return EvaluationReport(trajectory=trajectory)


@transaction.atomic
def product_save(
    *,
    trajectory: Trajectory,
    product: Product | None = None,
    title: str,
    description: str = "",
    school=None,
    stage: str,
    test_findings: str = "",
    attachment: CheckedFile | None = None,
) -> Product:
    """Side effects: the product (new, or the given one of this trajectory) is saved; a given
    attachment (inspected by the form) is stored under a generated name with the extension of
    its content, and replaces the previous one."""
    if product is None:
        product = Product(trajectory=trajectory)
    elif product.trajectory_id != trajectory.pk:
        raise ValidationError(_("Dit product hoort niet bij dit traject."))
    if school is not None and school.dossier_id != trajectory.dossier_id:
        raise ValidationError({"school": _("Kies een school van dit traject.")})
    product.title = title
    product.description = description
    product.school = school
    product.stage = stage
    product.test_findings = test_findings
    if attachment is not None:
        product.attachment = attachment.as_content_file("bijlage")
        product.attachment_name = attachment.name
    product.full_clean()
    product.save()
    return product


@transaction.atomic
def report_save(*, report: EvaluationReport, by, **texts: str) -> EvaluationReport:
    """Side effects: the report's texts are saved (the report is created on its first save).
    Only its coach and participants write it, and only as a draft or when changes were asked."""
    if not is_report_writer(by, report.trajectory):
        raise PermissionDenied
    if not report_is_editable(report):
        raise ValidationError(_("Een ingediend of goedgekeurd verslag kan niet meer wijzigen."))
    unknown = set(texts) - set(REPORT_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown report fields: {sorted(unknown)}")
    for name, value in texts.items():
        setattr(report, name, value)
    report.full_clean(exclude=["trajectory"] if report.pk is None else None)
    if report.pk is None:
        report.save()
    else:
        report.save(update_fields=list(texts))
    return report


@transaction.atomic
def report_set_status(
    *, report: EvaluationReport, status: str, by, comments: str = ""
) -> EvaluationReport:
    """The only way a report changes status, along REPORT_MOVES.

    Side effects: status; submitted_at (on submit) or decided_at (on approve or changes asked);
    staff_comments (on a decision: the comments given, required when asking for changes); a
    ReportStatusChange history row (old, new, who, when, comments).
    Refused moves raise ValidationError; a user not allowed the move raises PermissionDenied.
    """
    move = (report.status, status)
    who = REPORT_MOVES.get(move)
    if who is None:
        raise ValidationError(
            _("Van “%(old)s” naar “%(new)s” kan niet.")
            % {"old": ReportStatus(report.status).label, "new": ReportStatus(status).label}
        )
    if who == WRITERS and not is_report_writer(by, report.trajectory):
        raise PermissionDenied
    if who == STAFF and not is_foundation_staff(by):
        raise PermissionDenied
    comments = comments.strip()
    if status == ReportStatus.CHANGES_REQUESTED and not comments:
        raise ValidationError({"comments": _("Zeg welke aanpassingen u vraagt.")})
    now = timezone.now()
    old_status = report.status
    report.status = status
    fields = ["status"]
    if who == WRITERS:
        report.submitted_at = now
        fields.append("submitted_at")
    else:
        report.decided_at = now
        report.staff_comments = comments
        fields += ["decided_at", "staff_comments"]
    if report.pk is None:
        report.save()
    else:
        report.save(update_fields=fields)
    ReportStatusChange.objects.create(
        report=report, old_status=old_status, new_status=status, changed_by=by, comments=comments
    )
    return report
