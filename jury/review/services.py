"""A juror's writes: declaring a conflict of interest and scoring a dossier; staff reopening a
submitted review. Every status change of a review goes through review_set_status.

Errors about one criterion are keyed by `score_field(criterion_id)` or
`motivation_field(criterion_id)`, the names the scoring form uses, so each message lands next to
its field.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jury.enums import JuryPhase, ReviewStatus
from jury.models import Assignment, Review, ReviewStatusChange, Score
from plgportal.accounts.rules import is_foundation_staff
from plgportal.history import ensure_move_allowed

# A juror submits a draft; staff may reopen a submitted review so its juror can change it.
REVIEW_MOVES = {
    ReviewStatus.DRAFT: {ReviewStatus.SUBMITTED},
    ReviewStatus.SUBMITTED: {ReviewStatus.DRAFT},
}


def score_field(criterion_id: int) -> str:
    return f"score_{criterion_id}"


def motivation_field(criterion_id: int) -> str:
    return f"motivation_{criterion_id}"


def _ensure_scoring_open(assignment: Assignment) -> None:
    if assignment.jury.phase != JuryPhase.SCORING:
        raise ValidationError(_("De beoordeling is niet open: u kunt nu niets wijzigen."))


def _ensure_own(assignment: Assignment, by) -> None:
    if assignment.juror_id != by.pk:
        raise PermissionDenied


def _lock_own_while_scoring(assignment: Assignment, by) -> Assignment:
    """The juror's own assignment, its row locked, with its jury and call; refused unless it is
    `by`'s (PermissionDenied) and scoring is open (ValidationError)."""
    locked = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("jury__call")
        .get(pk=assignment.pk)
    )
    _ensure_own(locked, by)
    _ensure_scoring_open(locked)
    return locked


def _submitted_review(assignment: Assignment) -> Review | None:
    return Review.objects.filter(assignment=assignment, status=ReviewStatus.SUBMITTED).first()


@transaction.atomic
def conflict_declare(*, assignment: Assignment, has_conflict: bool, note: str, by) -> Assignment:
    """The juror declares whether they have a conflict of interest with the dossier.

    "No conflict" opens the dossier to the juror. "Conflict" (a note saying why is required)
    takes the dossier away from them for good and deletes their draft review, if any, so it can
    never weigh in the ranking. Allowed only while scoring is open; "no conflict" may become
    "conflict" until the juror's review is submitted.

    Side effects: has_conflict, conflict_note, conflict_declared_at, conflict_recorded_by on the
    assignment; on a conflict, the draft review and its scores are deleted.
    """
    locked = _lock_own_while_scoring(assignment, by)
    if locked.has_conflict is True:
        raise ValidationError(_("U hebt voor dit dossier al een belangenconflict verklaard."))
    if _submitted_review(locked):
        raise ValidationError(
            _("Uw beoordeling van dit dossier is ingediend: de verklaring kan niet meer wijzigen.")
        )
    note = note.strip()
    if has_conflict and not note:
        raise ValidationError(
            {"note": _("Beschrijf kort het belangenconflict (bv. uw band met een van de scholen).")}
        )
    locked.has_conflict = has_conflict
    locked.conflict_note = note
    locked.conflict_declared_at = timezone.now()
    locked.conflict_recorded_by = by
    locked.save(
        update_fields=[
            "has_conflict",
            "conflict_note",
            "conflict_declared_at",
            "conflict_recorded_by",
        ]
    )
    if has_conflict:
        Review.objects.filter(assignment=locked).delete()
    return locked


def _score_errors(criteria, scores: dict, *, submit: bool) -> dict[str, str]:
    errors = {}
    for criterion in criteria:
        value, motivation = scores.get(criterion.pk, (None, ""))
        if value is not None and not criterion.scale_min <= value <= criterion.scale_max:
            errors[score_field(criterion.pk)] = _("Kies een score van %(min)d tot %(max)d.") % {
                "min": criterion.scale_min,
                "max": criterion.scale_max,
            }
        elif submit and value is None:
            errors[score_field(criterion.pk)] = _("Kies een score om in te dienen.")
        if submit and not motivation.strip():
            errors[motivation_field(criterion.pk)] = _("Motiveer uw score om in te dienen.")
    return errors


@transaction.atomic
def review_save(
    *,
    assignment: Assignment,
    scores: dict[int, tuple[int | None, str]],
    overall_comment: str,
    submit: bool,
    by,
) -> Review:
    """Save the juror's review of a dossier as a draft (anything may be missing), or submit it
    (every criterion of the call needs a score on its scale and a written motivation).

    Refused (ValidationError) outside the scoring phase, before "no conflict" was declared, once
    submitted, for scores outside a criterion's scale or criteria of another call; the juror's
    own assignment only (PermissionDenied otherwise).

    Side effects: the Review (created on first save), one Score per criterion with a value or
    motivation, the overall comment; on submit, what review_set_status does.
    """
    locked = _lock_own_while_scoring(assignment, by)
    if locked.has_conflict is not False:
        raise ValidationError(_("Verklaar eerst dat u geen belangenconflict hebt."))
    criteria = list(locked.jury.call.criteria.all())
    unknown = set(scores) - {criterion.pk for criterion in criteria}
    if unknown:
        raise ValidationError(_("Deze criteria horen niet bij de oproep van het dossier."))
    review, _created = Review.objects.select_for_update().get_or_create(assignment=locked)
    if review.status == ReviewStatus.SUBMITTED:
        raise ValidationError(_("Deze beoordeling is al ingediend en kan niet meer wijzigen."))
    errors = _score_errors(criteria, scores, submit=submit)
    if errors:
        raise ValidationError(errors)
    existing = {score.criterion_id: score for score in review.scores.all()}
    for criterion in criteria:
        value, motivation = scores.get(criterion.pk, (None, ""))
        motivation = motivation.strip()
        score = existing.get(criterion.pk)
        if score is None and value is None and not motivation:
            continue
        if score is None:
            Score.objects.create(
                review=review, criterion=criterion, value=value, motivation=motivation
            )
        elif (score.value, score.motivation) != (value, motivation):
            score.value, score.motivation = value, motivation
            score.save(update_fields=["value", "motivation"])
    review.overall_comment = overall_comment.strip()
    review.save(update_fields=["overall_comment", "updated_at"])
    if submit:
        review = review_set_status(review=review, status=ReviewStatus.SUBMITTED, by=by)
    return review


@transaction.atomic
def review_reopen(*, review: Review, by, reason: str = "") -> Review:
    """Staff reopen a submitted review so its juror can change it (while scoring is open).

    Refused once the results are published (ValidationError) and for anyone but staff
    (PermissionDenied).

    Side effects: what review_set_status does for the move back to draft.
    """
    if not is_foundation_staff(by):
        raise PermissionDenied
    locked = (
        Review.objects.select_for_update(of=("self",))
        .select_related("assignment__jury")
        .get(pk=review.pk)
    )
    if locked.status != ReviewStatus.SUBMITTED:
        raise ValidationError(_("Deze beoordeling is niet ingediend: er is niets te heropenen."))
    if locked.assignment.jury.phase == JuryPhase.PUBLISHED:
        raise ValidationError(_("De resultaten zijn gepubliceerd: beoordelingen liggen vast."))
    return review_set_status(review=locked, status=ReviewStatus.DRAFT, by=by, reason=reason)


@transaction.atomic
def review_set_status(*, review: Review, status: ReviewStatus, by, reason: str = "") -> Review:
    """The one way a review changes status, along REVIEW_MOVES (ValidationError otherwise).
    Who may make the move, and in which jury phase, its callers check: review_save (the juror,
    while scoring is open) and review_reopen (staff, until the results are published).

    Side effects: the status; submitted_at (set on submit, cleared when reopened); a
    ReviewStatusChange row for the review's dossier and juror (old, new, who, when, why), which
    outlives the review. Nothing is mailed.
    """
    locked = (
        Review.objects.select_for_update(of=("self",))
        .select_related("assignment")
        .get(pk=review.pk)
    )
    old = ReviewStatus(locked.status)
    ensure_move_allowed(
        REVIEW_MOVES,
        old=old,
        new=status,
        message=_("Een beoordeling met status “%(old)s” kan niet naar “%(new)s”."),
    )
    locked.status = status
    locked.submitted_at = timezone.now() if status == ReviewStatus.SUBMITTED else None
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    ReviewStatusChange.objects.create(
        dossier_id=locked.assignment.dossier_id,
        juror_id=locked.assignment.juror_id,
        old_status=old,
        new_status=status,
        changed_by=by,
        reason=reason.strip(),
    )
    return locked
