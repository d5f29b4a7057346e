"""Reads for the ranking and the deliberation: everything a call's ranking needs, in a fixed
number of queries whatever the number of dossiers and jurors."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, F, Prefetch, QuerySet

from applications.enums import DossierStatus
from applications.models import Dossier, School
from jury.balance import SchoolInfo
from jury.enums import Outcome, ReviewStatus
from jury.models import Assignment, Jury, PublishedFigures, Review
from jury.ranking import (
    DEFAULT_SORT,
    Criterion,
    DossierInput,
    DossierResult,
    Ranking,
    ReviewInput,
    display,
    provisional_selection,
    rank,
    sort_rows,
)


@dataclass(frozen=True)
class JurorProgress:
    juror: object  # a User
    submitted: int
    expected: int

    @property
    def done(self) -> bool:
        return self.submitted >= self.expected


@dataclass
class RankingData:
    jury: Jury
    criteria: list  # the call's SelectionCriterion rows, in order
    dossiers: dict[int, Dossier]  # admissible dossiers by pk, decision selected
    schools: dict[int, tuple[SchoolInfo, ...]]  # by dossier pk
    ranking: Ranking
    progress: list[JurorProgress]

    @property
    def call(self):
        return self.jury.call

    @cached_property
    def decisions(self) -> dict:
        """Dossier pk → its Decision, for the dossiers decided so far."""
        return {
            pk: dossier.jury_decision
            for pk, dossier in self.dossiers.items()
            if _decision_or_none(dossier) is not None
        }

    @property
    def selected_count(self) -> int:
        return sum(1 for d in self.decisions.values() if d.outcome == Outcome.SELECTED)

    @property
    def submitted_count(self) -> int:
        return sum(p.submitted for p in self.progress)

    @property
    def expected_count(self) -> int:
        return sum(p.expected for p in self.progress)

    @cached_property
    def provisional_ids(self) -> list[int]:
        """The provisional selection: see ranking.provisional_selection."""
        selected = {pk for pk, d in self.decisions.items() if d.outcome == Outcome.SELECTED}
        return provisional_selection(
            self.ranking,
            selected_ids=selected if self.decisions else None,
            target=self.call.plgs_to_select,
        )


def _decision_or_none(dossier: Dossier):
    try:
        return dossier.jury_decision
    except Dossier.jury_decision.RelatedObjectDoesNotExist:
        return None


def _criterion(row) -> Criterion:
    return Criterion(row.pk, row.title, row.weight, row.scale_min, row.scale_max)


def admissible_dossiers_with_decisions(call) -> QuerySet[Dossier]:
    """The call's admissible dossiers with their decision and schools (delegates counted)."""
    return (
        Dossier.objects.filter(call=call, status=DossierStatus.ADMISSIBLE)
        .select_related("jury_decision__decided_by")
        .prefetch_related(
            Prefetch(
                "schools",
                queryset=School.objects.annotate(delegate_count=Count("delegates")).order_by(
                    "position", "pk"
                ),
            )
        )
        .order_by("reference", "pk")
    )


def jury_assignments(jury: Jury) -> QuerySet[Assignment]:
    """The jury's assignments on admissible dossiers, with juror, review and scores."""
    return (
        Assignment.objects.filter(jury=jury, dossier__status=DossierStatus.ADMISSIBLE)
        .select_related("juror", "review")
        .prefetch_related("review__scores")
        .order_by("juror__full_name", "juror__pk", "dossier__reference")
    )


def submitted_review(assignment: Assignment) -> Review | None:
    """The assignment's review when submitted (review prefetched), else None."""
    try:
        review = assignment.review
    except Review.DoesNotExist:
        return None
    return review if review.status == ReviewStatus.SUBMITTED else None


def ranking_data(jury: Jury) -> RankingData:
    """The ranking of the jury's call in six queries (criteria, dossiers with decisions,
    schools with delegate counts, members, assignments with jurors and reviews, scores),
    whatever the number of dossiers and jurors."""
    call = jury.call
    criteria_rows = list(call.criteria.all())
    dossiers = {dossier.pk: dossier for dossier in admissible_dossiers_with_decisions(call)}
    assigned: dict[int, int] = dict.fromkeys(dossiers, 0)
    reviews: dict[int, list[ReviewInput]] = {pk: [] for pk in dossiers}
    progress: dict[int, list] = {member.pk: [member, 0, 0] for member in jury.members.all()}
    for assignment in jury_assignments(jury):
        if not assignment.is_active:
            continue
        entry = progress.setdefault(assignment.juror_id, [assignment.juror, 0, 0])
        entry[2] += 1
        assigned[assignment.dossier_id] += 1
        if review := submitted_review(assignment):
            entry[1] += 1
            reviews[assignment.dossier_id].append(
                ReviewInput(
                    juror_id=assignment.juror_id,
                    scores={s.criterion_id: s.value for s in review.scores.all()},
                )
            )
    inputs = [
        DossierInput(
            id=pk,
            reference=dossier.reference or "",
            title=dossier.working_title,
            assigned=assigned[pk],
            reviews=tuple(reviews[pk]),
        )
        for pk, dossier in dossiers.items()
    ]
    return RankingData(
        jury=jury,
        criteria=criteria_rows,
        dossiers=dossiers,
        schools={
            pk: tuple(
                SchoolInfo(
                    institution_number=school.institution_number,
                    levels=tuple(school.levels),
                    network=school.network,
                    postcode=school.postcode,
                    delegate_count=school.delegate_count,
                )
                for school in dossier.schools.all()
            )
            for pk, dossier in dossiers.items()
        },
        ranking=rank([_criterion(row) for row in criteria_rows], inputs),
        progress=sorted(
            (JurorProgress(*entry) for entry in progress.values()),
            key=lambda p: (p.juror.get_full_name().casefold(), p.juror.pk),
        ),
    )


@dataclass(frozen=True)
class JurorReview:
    """One juror's review of a dossier on the drill-down page."""

    assignment: Assignment
    review: Review | None  # submitted only
    scores: dict  # criterion pk → Score


def dossier_reviews(jury: Jury, dossier: Dossier) -> list[JurorReview]:
    """Every juror assigned to the dossier (conflicts left out) with their submitted scores."""
    rows = []
    for assignment in jury_assignments(jury).filter(dossier=dossier):
        if not assignment.is_active:
            continue
        review = submitted_review(assignment)
        scores = {s.criterion_id: s for s in review.scores.all()} if review else {}
        rows.append(JurorReview(assignment, review, scores))
    return rows


@dataclass(frozen=True)
class CriterionCell:
    mean: Decimal | None
    spread: int | None
    disagreement: bool


@dataclass(frozen=True)
class RankingRow:
    """One dossier of the ranking, with what the page and the exports show of it."""

    result: DossierResult
    dossier: Dossier
    decision: object | None  # Decision
    provisional: bool  # in the provisional selection

    @property
    def total(self) -> Decimal | None:
        return display(self.result.total)

    @property
    def normalised_total(self) -> Decimal | None:
        return display(self.result.normalised_total)

    @property
    def cells(self) -> list[CriterionCell]:
        return [
            CriterionCell(display(c.mean), c.spread, c.disagreement) for c in self.result.criteria
        ]


def ranking_rows(data: RankingData, sort: str = DEFAULT_SORT) -> list[RankingRow]:
    """The ranking's rows in the order of a sortable column (ranking.SORT_KEYS)."""
    provisional = set(data.provisional_ids)
    return [
        RankingRow(
            result=result,
            dossier=data.dossiers[result.dossier.id],
            decision=data.decisions.get(result.dossier.id),
            provisional=result.dossier.id in provisional,
        )
        for result in sort_rows(data.ranking.rows, sort)
    ]


def published_figures(jury: Jury) -> list[PublishedFigures]:
    """The figures as published, best rank first; [] before publication. Once published, staff
    see these stored figures, not the live ranking: a decision or score changed afterwards must
    not change what was published."""
    return list(
        jury.published_figures.select_related("dossier").order_by(
            F("rank").asc(nulls_last=True), "dossier__reference", "pk"
        )
    )


def published_criteria(figures: list[PublishedFigures]) -> list[dict]:
    """The criteria (title, weight, ...) as published: those of the first dossier with any."""
    return next((item.criteria for item in figures if item.criteria), [])
