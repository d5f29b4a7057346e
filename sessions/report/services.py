"""Writes to a trajectory's products (saved, removed) and its evaluation report."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plgportal.accounts.rules import is_foundation_staff
from plgportal.history import ensure_move_allowed
from plgportal.uploads import CheckedFile
from sessions.enums import ReportStatus, TrajectoryChangeAction
from sessions.guards import REPORT_TEXT_FIELDS, product_removal_refusal, report_missing_parts
from sessions.models import (
    EvaluationReport,
    Product,
    ReportStatusChange,
    Trajectory,
    TrajectoryChange,
)
from sessions.rules import is_report_writer

REPORT_PART_MISSING = gettext_lazy("Vul dit deel in voor u het verslag indient.")

# The report's allowed moves: its writers submit it (again, after changes were asked); staff
# approve it or ask for changes. Approved is final.
REPORT_MOVES = {
    ReportStatus.DRAFT: {ReportStatus.SUBMITTED},
    ReportStatus.CHANGES_REQUESTED: {ReportStatus.SUBMITTED},
    ReportStatus.SUBMITTED: {ReportStatus.APPROVED, ReportStatus.CHANGES_REQUESTED},
    ReportStatus.APPROVED: set(),
}
# Who makes a move is decided by where it goes: staff decide, the writers (coach and
# participants) submit.
STAFF_DECISIONS = {ReportStatus.APPROVED, ReportStatus.CHANGES_REQUESTED}


def product_removal_check(product: Product) -> str | None:
    """Why this product cannot be removed (sessions.guards.product_removal_refusal), or None."""
    status = (
        EvaluationReport.objects.filter(trajectory_id=product.trajectory_id)
        .values_list("status", flat=True)
        .first()
    )
    return product_removal_refusal(status)


@transaction.atomic
def product_remove(*, product: Product, by) -> None:
    """Remove a product while the evaluation report is not submitted or approved;
    ValidationError with the reason otherwise.

    Side effects: the product's and the report's rows are locked (a submission waits for the
    removal, or the removal sees the submission); the product is deleted; a TrajectoryChange
    (PRODUCT_REMOVED, its title, `by`) records it; its attachment file is deleted from storage
    once the transaction commits.
    """
    product = Product.objects.select_for_update().get(pk=product.pk)
    EvaluationReport.objects.select_for_update().filter(trajectory_id=product.trajectory_id).first()
    refusal = product_removal_check(product)
    if refusal:
        raise ValidationError(refusal)
    attachment = product.attachment
    product.delete()
    TrajectoryChange.objects.create(
        trajectory_id=product.trajectory_id,
        action=TrajectoryChangeAction.PRODUCT_REMOVED,
        subject=product.title,
        changed_by=by,
    )
    if attachment:
        storage, name = attachment.storage, attachment.name
        transaction.on_commit(lambda: storage.delete(name))


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
    if not report.is_editable:
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


def _lock_report(report: EvaluationReport) -> EvaluationReport:
    """The trajectory's report fetched again with its row locked, or `report` itself while it
    was never saved."""
    if report.pk is None:
        # No report row to lock yet: lock the trajectory, so two first saves queue.
        Trajectory.objects.select_for_update().get(pk=report.trajectory_id)
    locked = (
        EvaluationReport.objects.select_for_update()
        .select_related("trajectory")
        .filter(trajectory_id=report.trajectory_id)
        .first()
    )
    return locked or report


@transaction.atomic
def report_set_status(
    *, report: EvaluationReport, status: ReportStatus, by, reason: str = ""
) -> EvaluationReport:
    """The only way a report changes status, along REPORT_MOVES (ValidationError otherwise);
    the move is checked against the report as stored, its row locked. A user not allowed the
    move raises PermissionDenied.

    Side effects: status; submitted_at (on submit) or decided_at (on approve or changes asked);
    staff_comments (on a decision: `reason`, required when asking for changes); a
    ReportStatusChange history row (old, new, who, when, reason); the report is created if it
    was never saved. Nothing is mailed. Submitting a report with required parts empty
    (sessions.guards.report_missing_parts) is refused with a ValidationError naming each part.
    """
    locked = _lock_report(report)
    old = ReportStatus(locked.status)
    ensure_move_allowed(
        REPORT_MOVES, old=old, new=status, message=_("Van “%(old)s” naar “%(new)s” kan niet.")
    )
    by_staff = status in STAFF_DECISIONS
    allowed = is_foundation_staff(by) if by_staff else is_report_writer(by, locked.trajectory)
    if not allowed:
        raise PermissionDenied
    reason = reason.strip()
    if status == ReportStatus.CHANGES_REQUESTED and not reason:
        # Keyed by the decision form's field, where the comments are typed.
        raise ValidationError({"comments": _("Zeg welke aanpassingen u vraagt.")})
    if status == ReportStatus.SUBMITTED:
        missing = report_missing_parts({name: getattr(locked, name) for name in REPORT_TEXT_FIELDS})
        if missing:
            raise ValidationError({name: REPORT_PART_MISSING for name in missing})
    now = timezone.now()
    locked.status = status
    fields = ["status"]
    if by_staff:
        locked.decided_at = now
        locked.staff_comments = reason
        fields += ["decided_at", "staff_comments"]
    else:
        locked.submitted_at = now
        fields.append("submitted_at")
    if locked.pk is None:
        locked.save()
    else:
        locked.save(update_fields=fields)
    ReportStatusChange.objects.create(
        report=locked, old_status=old, new_status=status, changed_by=by, reason=reason
    )
    return locked
