"""Reads for the ranking and the deliberation: everything a call's ranking needs, in a fixed
number of queries whatever the number of dossiers and jurors."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from applications.enums import DossierStatus
from applications.models import Dossier, School
from jury.balance import Balance, SchoolInfo, selection_balance
from jury.deliberation import ranking_cache
from jury.enums import Outcome, ReviewStatus
from jury.models import Assignment, Decision, Jury, PublishedFigures, Review, Score
from jury.ranking import (
    DEFAULT_SORT,
    SORT_KEYS,
    Criterion,
    DossierInput,
    DossierResult,
    Ranking,
    ReviewInput,
    display,
    provisional_reserve,
    provisional_selection,
    rank,
    sort_rows,
)

User = get_user_model()


@dataclass(frozen=True)
class JurorProgress:
    juror: object  # a User
    submitted: int
    expected: int

    @property
    def done(self) -> bool:
        return self.submitted >= self.expected


@dataclass(frozen=True)
class DecisionSummary:
    """What the ranking and its exports show of a dossier's decision (no model instance: a
    call's thousand decisions are read as plain values)."""

    outcome: str
    reserve_rank: int | None
    motivation: str

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label)

    @property
    def is_selected(self) -> bool:
        return self.outcome == Outcome.SELECTED

    @property
    def is_reserve(self) -> bool:
        return self.outcome == Outcome.RESERVE


@dataclass
class RankingData:
    jury: Jury
    criteria: list  # the call's SelectionCriterion rows, in order
    decisions: dict[int, DecisionSummary]  # by dossier pk, for the dossiers decided so far
    ranking: Ranking
    progress: list[JurorProgress]

    @property
    def call(self):
        return self.jury.call

    @property
    def selected_count(self) -> int:
        return sum(1 for d in self.decisions.values() if d.is_selected)

    @property
    def submitted_count(self) -> int:
        return sum(p.submitted for p in self.progress)

    @property
    def expected_count(self) -> int:
        return sum(p.expected for p in self.progress)

    @cached_property
    def provisional_ids(self) -> list[int]:
        """The provisional selection: see ranking.provisional_selection."""
        selected = {pk for pk, d in self.decisions.items() if d.is_selected}
        return provisional_selection(
            self.ranking,
            selected_ids=selected if self.decisions else None,
            target=self.call.plgs_to_select,
        )

    @cached_property
    def provisional_id_set(self) -> frozenset[int]:
        return frozenset(self.provisional_ids)

    @cached_property
    def reserve_id_set(self) -> frozenset[int]:
        return frozenset(self.reserve_ids)

    @cached_property
    def selection_and_reserve_ids(self) -> frozenset[int]:
        return self.provisional_id_set | self.reserve_id_set

    @cached_property
    def reserve_ids(self) -> list[int]:
        """The provisional reserve list: see ranking.provisional_reserve."""
        reserves = sorted((d.reserve_rank, pk) for pk, d in self.decisions.items() if d.is_reserve)
        return provisional_reserve(
            self.ranking,
            reserve_ids=[pk for _rank, pk in reserves] if self.decisions else None,
            selection_ids=self.provisional_ids,
            count=self.call.reserves_to_select,
        )


def jury_assignments(jury: Jury) -> QuerySet[Assignment]:
    """The jury's assignments on admissible dossiers, with juror, review and scores."""
    return (
        Assignment.objects.filter(**_admissible(jury))
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


def _criterion(row) -> Criterion:
    return Criterion(row.pk, row.title, row.weight, row.scale_min, row.scale_max)


def _admissible(jury: Jury) -> dict:
    """Filters on a model with an `assignment` path to the jury's admissible dossiers."""
    return {"jury": jury, "dossier__status": DossierStatus.ADMISSIBLE}


def _dossier_values(call) -> list[tuple]:
    """(pk, reference, working title, outcome, reserve rank, motivation) of each admissible
    dossier; the decision's fields None when undecided."""
    return list(
        Dossier.objects.filter(call=call, status=DossierStatus.ADMISSIBLE)
        .order_by("reference", "pk")
        .values_list(
            "pk",
            "reference",
            "working_title",
            "jury_decision__outcome",
            "jury_decision__reserve_rank",
            "jury_decision__motivation",
        )
    )


def _jurors(jury: Jury) -> list:
    """The jury's members and anyone assigned a dossier (a former member keeps their work),
    each with `is_member`."""
    members = Jury.members.through.objects.filter(jury=jury)
    assigned = Assignment.objects.filter(jury=jury).values("juror_id")
    return list(
        User.objects.filter(Q(pk__in=members.values("user_id")) | Q(pk__in=assigned)).annotate(
            is_member=Exists(members.filter(user_id=OuterRef("pk")))
        )
    )


def _submitted_scores(jury: Jury) -> list[tuple]:
    """(dossier pk, juror pk, criterion pk, value) of every score of a submitted review by a
    juror without a conflict of interest, on an admissible dossier."""
    return list(
        Score.objects.filter(
            review__status=ReviewStatus.SUBMITTED,
            review__assignment__jury=jury,
            review__assignment__dossier__status=DossierStatus.ADMISSIBLE,
        )
        .exclude(review__assignment__has_conflict=True)
        .values_list(
            "review__assignment__dossier_id",
            "review__assignment__juror_id",
            "criterion_id",
            "value",
        )
    )


def _ranked(
    jury: Jury, criteria: list[Criterion], dossiers: list[tuple]
) -> tuple[Ranking, dict[int, tuple[int, int]]]:
    """The ranking of the dossiers and, per juror with assignments, (submitted, expected)
    reviews: what the jury's assignments, reviews and scores give, read in two queries."""
    counts: dict[int, list[int]] = {}
    assigned: dict[int, int] = {row[0]: 0 for row in dossiers}
    assignments = Assignment.objects.filter(**_admissible(jury)).exclude(has_conflict=True)
    assignments = assignments.order_by()  # the model's ordering would join users and sort
    for juror_id, dossier_id, status in assignments.values_list(
        "juror_id", "dossier_id", "review__status"
    ):
        entry = counts.setdefault(juror_id, [0, 0])
        entry[1] += 1
        assigned[dossier_id] += 1
        if status == ReviewStatus.SUBMITTED:
            entry[0] += 1
    scores: dict[int, dict[int, dict[int, int | None]]] = {pk: {} for pk in assigned}
    for dossier_id, juror_id, criterion_id, value in _submitted_scores(jury):
        scores[dossier_id].setdefault(juror_id, {})[criterion_id] = value
    inputs = [
        DossierInput(
            id=pk,
            reference=reference or "",
            title=title,
            assigned=assigned[pk],
            reviews=tuple(ReviewInput(j, values) for j, values in scores[pk].items()),
        )
        for pk, reference, title, *_decision in dossiers
    ]
    return rank(criteria, inputs), {pk: (s, e) for pk, (s, e) in counts.items()}


def ranking_data(jury: Jury, *, cached: bool = False) -> RankingData:
    """The ranking of the jury's call in five queries (criteria, dossiers with their decision,
    jurors, assignments, scores), whatever the number of dossiers and jurors. Rows are read as
    plain values: building a model instance per assignment and score cost a second at a
    thousand dossiers.

    `cached`: the ranking and the jurors' progress come from the cache while their inputs are
    unchanged (ranking_cache: one aggregate query instead of the assignments and the scores,
    and no ranking to compute). The pages use it; publication reads everything afresh."""
    call = jury.call
    criteria_rows = list(call.criteria.all())
    criteria = [_criterion(row) for row in criteria_rows]
    dossiers = _dossier_values(call)
    jurors = {user.pk: user for user in _jurors(jury)}
    if cached:
        key = ranking_cache.fingerprint(
            jury, criteria=criteria, dossiers=[row[:3] for row in dossiers]
        )
        ranking, counts = ranking_cache.cached_for(
            jury, key, lambda: _ranked(jury, criteria, dossiers)
        )
    else:
        ranking, counts = _ranked(jury, criteria, dossiers)
    progress = {pk: (user, 0, 0) for pk, user in jurors.items() if user.is_member}
    for juror_id, (submitted, expected) in counts.items():
        if juror_id in jurors:  # else taken off the jury since: nothing to show
            progress[juror_id] = (jurors[juror_id], submitted, expected)
    return RankingData(
        jury=jury,
        criteria=criteria_rows,
        decisions={
            pk: DecisionSummary(outcome, reserve_rank, motivation)
            for pk, _ref, _title, outcome, reserve_rank, motivation in dossiers
            if outcome is not None
        },
        ranking=ranking,
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
    decision: DecisionSummary | None
    provisional: bool  # in the provisional selection
    reserve: bool = False  # on the provisional reserve list

    @property
    def dossier(self) -> DossierInput:
        return self.result.dossier

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


def _rows(data: RankingData, results) -> list[RankingRow]:
    provisional, reserve = set(data.provisional_ids), set(data.reserve_ids)
    return [
        RankingRow(
            result=result,
            decision=data.decisions.get(result.dossier.id),
            provisional=result.dossier.id in provisional,
            reserve=result.dossier.id in reserve,
        )
        for result in results
    ]


def ranking_rows(data: RankingData, sort: str = DEFAULT_SORT) -> list[RankingRow]:
    """Every row of the ranking in the order of a sortable column (ranking.SORT_KEYS)."""
    return _rows(data, sort_rows(data.ranking.rows, sort))


def ranking_row(data: RankingData, dossier_id: int) -> RankingRow | None:
    """One dossier's row of the ranking (None for a dossier not in it)."""
    results = [result for result in data.ranking.rows if result.dossier.id == dossier_id]
    return next(iter(_rows(data, results)), None)


# The ranking page's filters (query parameter `toon`): key → does a dossier's result match?
# Each is computed over the whole call, like the totals and the flags.
ROW_FILTERS: dict[str, Callable[[RankingData, DossierResult], bool]] = {
    "selectie": lambda data, r: r.dossier.id in data.selection_and_reserve_ids,
    "geselecteerd": lambda data, r: r.dossier.id in data.provisional_id_set,
    "reserve": lambda data, r: r.dossier.id in data.reserve_id_set,
    "onenigheid": lambda data, r: r.disagreement,
    "onvolledig": lambda data, r: not r.complete,
}
RANKING_PAGE_SIZE = 50


@dataclass(frozen=True)
class RankingQuery:
    """What the ranking page shows: sort column, filter and page number, from its query string
    (unknown values fall back to the defaults). It travels to a dossier's page and back, so a
    decision returns to the page it was taken from."""

    sort: str = DEFAULT_SORT
    show: str = ""  # a ROW_FILTERS key; "" for every dossier
    page: int = 1

    @classmethod
    def from_params(cls, params) -> "RankingQuery":
        sort, show = params.get("sorteer"), params.get("toon")
        try:
            page = max(int(params.get("pagina", 1)), 1)
        except ValueError:
            page = 1
        return cls(
            sort=sort if sort in SORT_KEYS else DEFAULT_SORT,
            show=show if show in ROW_FILTERS else "",
            page=page,
        )

    def urlencode(self) -> str:
        """The query string without its defaults ("" for the first page of everything)."""
        params = {"sorteer": self.sort, "toon": self.show, "pagina": self.page}
        defaults = {"sorteer": DEFAULT_SORT, "toon": "", "pagina": 1}
        return urlencode({k: v for k, v in params.items() if v != defaults[k]})


@dataclass(frozen=True)
class RankingPage:
    page: Page  # of DossierResult
    rows: list[RankingRow]  # the page's rows
    query: RankingQuery  # with the page number actually shown
    filter_counts: dict[str, int]  # ROW_FILTERS key → number of dossiers of the whole call


def ranking_page(data: RankingData, query: RankingQuery) -> RankingPage:
    """One page of the ranking, sorted and filtered over the whole call; only the page's rows
    are built for display."""
    results = sort_rows(data.ranking.rows, query.sort)
    counts = {key: sum(1 for r in results if keep(data, r)) for key, keep in ROW_FILTERS.items()}
    if query.show:
        results = [r for r in results if ROW_FILTERS[query.show](data, r)]
    page = Paginator(results, RANKING_PAGE_SIZE).get_page(query.page)
    return RankingPage(
        page=page,
        rows=_rows(data, page.object_list),
        query=replace(query, page=page.number),
        filter_counts=counts,
    )


def selection_balance_of(dossier_ids: list[int]) -> Balance:
    """How the given dossiers' schools spread (jury.balance), in one query of plain values."""
    schools: dict[int, list[SchoolInfo]] = {pk: [] for pk in dossier_ids}
    rows = (
        School.objects.filter(dossier_id__in=dossier_ids)
        .annotate(delegate_count=Count("delegates"))
        .order_by("dossier_id", "position", "pk")
        .values_list(
            "dossier_id", "institution_number", "levels", "network", "postcode", "delegate_count"
        )
    )
    for dossier_id, number, levels, network, postcode, delegates in rows:
        schools[dossier_id].append(SchoolInfo(number, tuple(levels), network, postcode, delegates))
    return selection_balance(schools.values())


def decision_counts(call) -> tuple[int, int]:
    """(decided, selected) among the call's admissible dossiers, counted by the database."""
    decisions = Decision.objects.filter(
        dossier__call=call, dossier__status=DossierStatus.ADMISSIBLE
    )
    counts = decisions.aggregate(
        decided=Count("pk"), selected=Count("pk", filter=Q(outcome=Outcome.SELECTED))
    )
    return counts["decided"], counts["selected"]


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
