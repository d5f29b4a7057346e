"""Reads for the jury that span tables, each in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from jury.enums import ReviewStatus
from jury.models import Assignment, Jury, Review, Score


def assignments_of_juror(user) -> QuerySet[Assignment]:
    """The juror's assignments (conflicts included) with jury, call, dossier, review and scores."""
    return (
        Assignment.objects.filter(juror=user)
        .select_related("jury__call", "dossier", "review")
        .prefetch_related("review__scores")
        .order_by("jury__call__deadline", "dossier__reference", "pk")
    )


def review_status(assignment: Assignment) -> str | None:
    """The review's status, or None when the juror has not started (review prefetched)."""
    try:
        return assignment.review.status
    except Review.DoesNotExist:
        return None


@dataclass(frozen=True)
class AssignmentRow:
    assignment: Assignment
    status: str | None  # ReviewStatus, or None: not started

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED

    @property
    def is_draft(self) -> bool:
        return self.status == ReviewStatus.DRAFT


@dataclass
class JuryOverview:
    """One jury on a juror's dashboard: the dossiers they may see and their progress."""

    jury: Jury
    rows: list[AssignmentRow] = field(default_factory=list)  # conflicts left out
    conflict_count: int = 0

    @property
    def submitted_count(self) -> int:
        return sum(1 for row in self.rows if row.status == ReviewStatus.SUBMITTED)

    @property
    def draft_count(self) -> int:
        """Reviews saved as a draft but not yet submitted: they do not count as scored."""
        return sum(1 for row in self.rows if row.is_draft)

    @property
    def deadline_passed(self) -> bool:
        deadline = self.jury.scoring_deadline
        return deadline is not None and deadline <= timezone.now()


def juror_dashboard(user) -> list[JuryOverview]:
    """Each jury the juror is a member of or has assignments in, with those assignments; a
    dossier with a declared conflict only counts. Three queries, whatever the numbers."""
    juries = (
        Jury.objects.filter(Q(members=user) | Q(assignments__juror=user))
        .distinct()
        .select_related("call")
        .order_by("-call__deadline", "pk")
    )
    overviews = {jury.pk: JuryOverview(jury) for jury in juries}
    for assignment in assignments_of_juror(user):
        overview = overviews[assignment.jury_id]
        if assignment.has_conflict:
            overview.conflict_count += 1
        else:
            overview.rows.append(AssignmentRow(assignment, review_status(assignment)))
    return list(overviews.values())


def drafts_to_submit(assignment: Assignment) -> int:
    """How many of the juror's reviews in this assignment's jury are still a draft (dossiers
    with a declared conflict left out)."""
    return Review.objects.filter(
        assignment__jury_id=assignment.jury_id,
        assignment__juror_id=assignment.juror_id,
        assignment__has_conflict=False,
        status=ReviewStatus.DRAFT,
    ).count()


def next_unscored_assignment(assignment: Assignment) -> Assignment | None:
    """The juror's next dossier in this jury (by reference, wrapping around) that has no
    submitted review and no declared conflict, other than this one; None when all are done."""
    candidates = list(
        Assignment.objects.filter(jury_id=assignment.jury_id, juror_id=assignment.juror_id)
        .exclude(pk=assignment.pk)
        .exclude(has_conflict=True)
        .exclude(review__status=ReviewStatus.SUBMITTED)
        .select_related("dossier")
        .order_by("dossier__reference", "pk")
    )
    current = (assignment.dossier.reference or "", assignment.pk)
    after = [c for c in candidates if (c.dossier.reference or "", c.pk) > current]
    return (after or candidates or [None])[0]


def other_reviews(assignment: Assignment) -> QuerySet[Review]:
    """The other jurors' submitted reviews of the same dossier, with their scores in call
    order. Only for those who may see them (jury.view_all_scores): the view checks."""
    return (
        Review.objects.filter(
            assignment__dossier_id=assignment.dossier_id,
            assignment__jury_id=assignment.jury_id,
            status=ReviewStatus.SUBMITTED,
        )
        .exclude(assignment=assignment)
        .exclude(assignment__has_conflict=True)
        .select_related("assignment__juror")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.select_related("criterion").order_by(
                    "criterion__position", "criterion__pk"
                ),
            )
        )
        .order_by("assignment__juror__full_name", "pk")
    )
