"""Reads for the jury that span tables, each in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from applications.models import Dossier, PlannedMeeting, School
from jury.enums import ReviewStatus
from jury.models import Assignment, Jury, Review, Score
from jury.rules import LINK_DECLARE, LINK_SCORE, assignment_link

# The juror's home shows per jury its progress and the next dossiers to score; the whole list
# is paginated on its own page (jury:my_dossiers), so neither grows with the call.
NEXT_TO_SCORE = 10

ACTIVE = Q(has_conflict=False) | Q(has_conflict__isnull=True)  # a conflict takes it away
SUBMITTED = Q(review__status=ReviewStatus.SUBMITTED)
DRAFT = Q(review__status=ReviewStatus.DRAFT)
NOT_SUBMITTED = Q(review__isnull=True) | DRAFT


@dataclass(frozen=True)
class AssignmentRow:
    """A line of a juror's list: the assignment (from with_review_status) and its link."""

    assignment: Assignment
    link: str | None  # jury.rules.assignment_link

    @property
    def status(self) -> str | None:
        return self.assignment.review_status  # None: not started

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED

    @property
    def is_draft(self) -> bool:
        return self.status == ReviewStatus.DRAFT

    @property
    def declares(self) -> bool:
        return self.link == LINK_DECLARE

    @property
    def scores(self) -> bool:
        return self.link == LINK_SCORE


@dataclass
class JuryProgress:
    """One jury on a juror's home: counts over all their dossiers, and the next few to score."""

    jury: Jury
    submitted_count: int = 0
    draft_count: int = 0  # saved as a draft but not yet submitted: not scored
    not_started_count: int = 0
    conflict_count: int = 0
    next_rows: list[AssignmentRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        """The dossiers the juror scores here (a declared conflict left out)."""
        return self.submitted_count + self.draft_count + self.not_started_count

    @property
    def to_score_count(self) -> int:
        return self.draft_count + self.not_started_count

    @property
    def deadline_passed(self) -> bool:
        deadline = self.jury.scoring_deadline
        return deadline is not None and deadline <= timezone.now()


def assignment_list(user, assignments) -> list[AssignmentRow]:
    """Rows for assignments of one juror fetched with with_review_status (jury attached)."""
    return [
        AssignmentRow(
            assignment,
            assignment_link(
                user, assignment, submitted=assignment.review_status == ReviewStatus.SUBMITTED
            ),
        )
        for assignment in assignments
    ]


def juror_juries(user) -> QuerySet[Jury]:
    """The juries the juror is a member of or has assignments in, newest call first."""
    # Subqueries rather than joins: a join through a thousand assignments needs a DISTINCT.
    return (
        Jury.objects.filter(
            Q(pk__in=Jury.members.through.objects.filter(user=user).values("jury_id"))
            | Q(pk__in=Assignment.objects.filter(juror=user).values("jury_id"))
        )
        .select_related("call")
        .order_by("-call__deadline", "pk")
    )


def with_review_status(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Assignments with only what a list of them shows and the rules ask: reference, title,
    the declaration and `review_status` (None: not started), in reference order."""
    return (
        assignments.select_related("dossier")
        .only(
            "pk",
            "jury_id",
            "juror_id",
            "has_conflict",
            "dossier__reference",
            "dossier__working_title",
        )
        .annotate(review_status=F("review__status"))
        .order_by("dossier__reference", "pk")
    )


# The status filter of the juror's list: what the juror still has to do, or one review status.
STATUS_FILTERS = {
    "todo": NOT_SUBMITTED,
    "draft": DRAFT,
    "submitted": SUBMITTED,
}


def assignment_rows(user, jury: Jury, *, status: str = "", search: str = "") -> QuerySet:
    """The juror's dossiers in this jury (conflicts left out), filtered by `status` (a key of
    STATUS_FILTERS, or "" for all) and by `search` in the reference or the working title."""
    assignments = Assignment.objects.filter(ACTIVE, juror=user, jury=jury)
    if status in STATUS_FILTERS:
        assignments = assignments.filter(STATUS_FILTERS[status])
    if search:
        assignments = assignments.filter(
            Q(dossier__reference__icontains=search) | Q(dossier__working_title__icontains=search)
        )
    return with_review_status(assignments)


def juror_dashboard(user) -> list[JuryProgress]:
    """Each jury of the juror with its progress (counted by the database) and the first
    NEXT_TO_SCORE dossiers not yet submitted. Three queries, whatever the numbers."""
    progress = {jury.pk: JuryProgress(jury) for jury in juror_juries(user)}
    counts = (
        Assignment.objects.filter(juror=user)
        .values("jury_id")
        .annotate(
            submitted=Count("pk", filter=ACTIVE & SUBMITTED),
            draft=Count("pk", filter=ACTIVE & DRAFT),
            not_started=Count("pk", filter=ACTIVE & Q(review__isnull=True)),
            conflicts=Count("pk", filter=Q(has_conflict=True)),
        )
        .order_by()
    )
    for row in counts:
        jury_progress = progress[row["jury_id"]]
        jury_progress.submitted_count = row["submitted"]
        jury_progress.draft_count = row["draft"]
        jury_progress.not_started_count = row["not_started"]
        jury_progress.conflict_count = row["conflicts"]
    next_ones = (
        with_review_status(Assignment.objects.filter(ACTIVE & NOT_SUBMITTED, juror=user))
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("jury_id")],
                order_by=[F("dossier__reference").asc(), F("pk").asc()],
            )
        )
        .filter(position__lte=NEXT_TO_SCORE)
        .order_by("jury_id", "position")
    )
    for assignment in next_ones:
        jury_progress = progress[assignment.jury_id]
        assignment.jury = jury_progress.jury  # one Jury object per jury, for the permissions
        jury_progress.next_rows.extend(assignment_list(user, [assignment]))
    return list(progress.values())


def dossier_for_review(dossier_id: int) -> Dossier:
    """A dossier with what its juror reads beside the scoring form (jury/review/_dossier.html):
    schools with letters and delegates, the planning, the answers and the call's criteria.
    Not applications' dossiers_full(): a juror's page has no use for the eligibility facts
    (confirmations, collaborators, quotas, commitments, themes)."""
    return (
        Dossier.objects.select_related("call", "theme", "lead_school")
        .prefetch_related(
            Prefetch(
                "schools",
                queryset=School.objects.select_related("letter").prefetch_related("delegates"),
            ),
            Prefetch("meetings", queryset=PlannedMeeting.objects.select_related("host_school")),
            "answers",
            "call__criteria",
        )
        .get(pk=dossier_id)
    )


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
    candidates = (
        Assignment.objects.filter(jury_id=assignment.jury_id, juror_id=assignment.juror_id)
        .exclude(pk=assignment.pk)
        .exclude(has_conflict=True)
        .exclude(review__status=ReviewStatus.SUBMITTED)
        .select_related("dossier")
        .order_by("dossier__reference", "pk")
    )
    # Two bounded reads rather than the whole list: a juror may have a thousand dossiers.
    reference = assignment.dossier.reference or ""
    after = candidates.filter(
        Q(dossier__reference__gt=reference) | Q(dossier__reference=reference, pk__gt=assignment.pk)
    ).first()
    return after or candidates.first()


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
