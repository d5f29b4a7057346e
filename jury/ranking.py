"""The jury's ranking: pure rules over plain values, each in exactly one place.

Definitions (documented here once, used by the ranking page, its exports and the tests):

- A juror's **review total** for a dossier is Σ value × weight over the call's criteria. A
  submitted review that lacks a value for a criterion is not counted (the dossier then misses a
  review).
- A dossier's **weighted total** is the mean of its review totals over the jurors who submitted
  one. Arithmetic is exact (fractions), so equal totals are really equal; totals are rounded only
  for display (`display`).
- A dossier is **complete** when it has at least one assigned juror and as many counted reviews
  as assigned jurors. Incomplete dossiers are listed with the flag "onvolledig" and get no rank.
- **Spread** per criterion is max − min of the jurors' values; the jurors **disagree** on a
  criterion when the spread is at least half the scale, (scale_max − scale_min) / 2.
- **Ranks** are competition ranks over complete dossiers, highest total first: equal totals
  share a rank and the next rank skips (1, 2, 2, 4).
- **Normalised total** (z-scores per juror): each juror's review totals are standardised over all
  the dossiers they reviewed, z = (total − juror's mean) / juror's standard deviation (population).
  A juror with a single review or with identical totals everywhere shows no preference between
  dossiers: their z is 0 (neutral) and they are listed in `Ranking.neutral_jurors`. A dossier's
  normalised total is the mean of its jurors' z; complete dossiers are ranked on it the same way.
"""

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

# Normalised totals are floats (square roots): equal up to this many decimals counts as a tie.
NORMALISED_TIE_DECIMALS = 9


@dataclass(frozen=True)
class Criterion:
    id: int
    title: str
    weight: Decimal
    scale_min: int
    scale_max: int

    @property
    def disagreement_threshold(self) -> Fraction:
        return Fraction(self.scale_max - self.scale_min, 2)


@dataclass(frozen=True)
class ReviewInput:
    """One juror's submitted scores for a dossier: {criterion id: value}."""

    juror_id: int
    scores: Mapping[int, int]


@dataclass(frozen=True)
class DossierInput:
    id: int
    reference: str
    title: str
    assigned: int  # jurors assigned without a conflict of interest
    reviews: tuple[ReviewInput, ...] = ()


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    values: tuple[int, ...]
    mean: Fraction | None
    spread: int | None
    disagreement: bool


@dataclass
class DossierResult:
    dossier: DossierInput
    criteria: list[CriterionResult]
    review_totals: dict[int, Fraction]  # juror id → that juror's weighted total
    total: Fraction | None
    review_count: int
    complete: bool
    rank: int | None = None
    normalised_total: float | None = None
    normalised_rank: int | None = None

    @property
    def missing_reviews(self) -> int:
        return max(self.dossier.assigned - self.review_count, 0)

    @property
    def disagreement(self) -> bool:
        return any(result.disagreement for result in self.criteria)

    @property
    def disagreeing_criteria(self) -> list[Criterion]:
        return [result.criterion for result in self.criteria if result.disagreement]


@dataclass
class Ranking:
    criteria: tuple[Criterion, ...]
    rows: list[DossierResult]  # ranked first (by rank), then the incomplete ones
    neutral_jurors: frozenset[int] = field(default_factory=frozenset)

    @property
    def max_total(self) -> Fraction:
        """The highest weighted total the scales allow."""
        return sum((Fraction(c.weight) * c.scale_max for c in self.criteria), Fraction(0))

    @property
    def min_total(self) -> Fraction:
        return sum((Fraction(c.weight) * c.scale_min for c in self.criteria), Fraction(0))

    @property
    def ranked(self) -> list[DossierResult]:
        return [row for row in self.rows if row.complete]

    @property
    def incomplete(self) -> list[DossierResult]:
        return [row for row in self.rows if not row.complete]


def display(value: Fraction | float | None, places: int = 2) -> Decimal | None:
    """A total or mean rounded for people (half up), None stays None."""
    if value is None:
        return None
    exponent = Decimal(1).scaleb(-places)
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        exact = Decimal(repr(value))
    return exact.quantize(exponent, rounding=ROUND_HALF_UP)


def review_total(review: ReviewInput, criteria: Sequence[Criterion]) -> Fraction | None:
    """Σ value × weight, or None when the review lacks a value for one of the criteria."""
    if any(review.scores.get(c.id) is None for c in criteria):
        return None
    return sum((Fraction(c.weight) * review.scores[c.id] for c in criteria), Fraction(0))


def competition_ranks(keys: Sequence) -> list[int]:
    """Ranks for keys already sorted best first: equal keys share a rank (1, 2, 2, 4)."""
    ranks: list[int] = []
    for position, key in enumerate(keys, start=1):
        ranks.append(ranks[-1] if ranks and key == keys[position - 2] else position)
    return ranks


def scaled_weights(criteria: Sequence[Criterion]) -> tuple[int, tuple[int, ...]]:
    """A common denominator of the weights and each weight times it: review totals become sums
    of integers (exact, and far cheaper than adding fractions a thousand dossiers over)."""
    weights = [Fraction(c.weight) for c in criteria]
    denominator = math.lcm(*(w.denominator for w in weights))
    return denominator, tuple(int(w * denominator) for w in weights)


def _criterion_result(criterion: Criterion, values: tuple[int, ...]) -> CriterionResult:
    if not values:
        return CriterionResult(criterion, values, None, None, False)
    spread = max(values) - min(values)
    return CriterionResult(
        criterion=criterion,
        values=values,
        mean=Fraction(sum(values), len(values)),
        spread=spread,
        disagreement=2 * spread >= criterion.scale_max - criterion.scale_min,
    )


def _dossier_result(
    dossier: DossierInput,
    criteria: Sequence[Criterion],
    scaled: dict[int, int],
    weights: tuple[int, tuple[int, ...]],
) -> DossierResult:
    """`scaled` receives {juror id: review total × denominator} of the counted reviews."""
    denominator, integer_weights = weights
    counted = []
    for review in dossier.reviews:
        values = [review.scores.get(c.id) for c in criteria]
        if None in values:
            continue
        counted.append(values)
        scaled[review.juror_id] = sum(v * w for v, w in zip(values, integer_weights, strict=True))
    columns = list(zip(*counted, strict=True)) if counted else [()] * len(criteria)
    count = len(scaled)
    return DossierResult(
        dossier=dossier,
        criteria=[
            _criterion_result(c, column) for c, column in zip(criteria, columns, strict=True)
        ],
        review_totals={juror: Fraction(t, denominator) for juror, t in scaled.items()},
        total=Fraction(sum(scaled.values()), denominator * count) if count else None,
        review_count=count,
        complete=dossier.assigned > 0 and count >= dossier.assigned,
    )


def juror_z_scores(
    scaled: Mapping[int, Mapping[int, int]],
) -> tuple[dict[tuple[int, int], float], set]:
    """{(juror id, dossier id): z} from {dossier id: {juror id: review total × a common
    denominator}}, and the neutral jurors' ids.

    With n totals t, S = Σt and Q = Σt²: z = (t − S/n) / √((Q − S²/n) / n) = (n·t − S) /
    √(n·Q − S²), integers up to the last division: the denominator drops out, nothing is rounded
    early.
    """
    by_juror: dict[int, dict[int, int]] = defaultdict(dict)
    for dossier_id, totals in scaled.items():
        for juror_id, total in totals.items():
            by_juror[juror_id][dossier_id] = total
    z_scores: dict[tuple[int, int], float] = {}
    neutral: set[int] = set()
    for juror_id, totals in by_juror.items():
        n, s = len(totals), sum(totals.values())
        spread = n * sum(t * t for t in totals.values()) - s * s
        if n < 2 or spread == 0:
            neutral.add(juror_id)
        deviation = math.sqrt(spread)
        for dossier_id, total in totals.items():
            z_scores[(juror_id, dossier_id)] = (
                0.0 if juror_id in neutral else (n * total - s) / deviation
            )
    return z_scores, neutral


def _assign_ranks(rows: list[DossierResult], key: Callable, attribute: str) -> None:
    ordered = sorted((row for row in rows if row.complete), key=key, reverse=True)
    for row, rank in zip(ordered, competition_ranks([key(row) for row in ordered]), strict=True):
        setattr(row, attribute, rank)


def rank(criteria: Sequence[Criterion], dossiers: Iterable[DossierInput]) -> Ranking:
    """The ranking of the dossiers: raw and normalised totals and ranks, flags per dossier."""
    criteria = tuple(criteria)
    weights = scaled_weights(criteria)
    scaled: dict[int, dict[int, int]] = {}
    rows = [
        _dossier_result(dossier, criteria, scaled.setdefault(dossier.id, {}), weights)
        for dossier in dossiers
    ]
    z_scores, neutral = juror_z_scores(scaled)
    for row in rows:
        zs = [z_scores[(juror_id, row.dossier.id)] for juror_id in row.review_totals]
        row.normalised_total = sum(zs) / len(zs) if zs else None
    _assign_ranks(rows, key=lambda row: row.total, attribute="rank")
    _assign_ranks(
        rows,
        key=lambda row: round(row.normalised_total, NORMALISED_TIE_DECIMALS),
        attribute="normalised_rank",
    )
    return Ranking(
        criteria=criteria, rows=sort_rows(rows, DEFAULT_SORT), neutral_jurors=frozenset(neutral)
    )


def provisional_selection(
    ranking: Ranking, *, selected_ids: set[int] | None, target: int
) -> list[int]:
    """The dossiers (ids, in ranking order) a selection would hold now: those decided
    "selected" once staff started deciding (`selected_ids` not None), otherwise the top
    `target` of the raw ranking; a tie at the boundary keeps every tied dossier."""
    if selected_ids is not None:
        return [row.dossier.id for row in ranking.rows if row.dossier.id in selected_ids]
    return [row.dossier.id for row in ranking.ranked if row.rank <= target]


def provisional_reserve(
    ranking: Ranking,
    *,
    reserve_ids: list[int] | None,
    selection_ids: Iterable[int],
    count: int | None,
) -> list[int]:
    """The reserve list (ids, in reserve order) a selection would hold now: the dossiers decided
    "reserve" (`reserve_ids`, already by reserve rank) once staff started deciding; before, the
    next `count` ranked dossiers after the provisional selection, a tie at the boundary keeping
    every tied dossier (none when the call fixes no number of reserves)."""
    if reserve_ids is not None:
        return list(reserve_ids)
    if not count:
        return []
    selected = set(selection_ids)
    candidates = [row for row in ranking.ranked if row.dossier.id not in selected]
    if len(candidates) <= count:
        return [row.dossier.id for row in candidates]
    boundary = candidates[count - 1].rank
    return [row.dossier.id for row in candidates if row.rank <= boundary]


def _missing_last(value, *, descending: bool):
    """Sort key putting None after every value, whichever way the column is sorted."""
    if value is None:
        return (1, 0)
    return (0, -value if descending else value)


# The ranking table's sortable columns (query parameter `sorteer`): key → (sort key, descending).
SORT_KEYS: dict[str, Callable[[DossierResult], tuple]] = {
    "rang": lambda r: (_missing_last(r.rank, descending=False), r.dossier.reference),
    "genormaliseerd": lambda r: (
        _missing_last(r.normalised_rank, descending=False),
        r.dossier.reference,
    ),
    "totaal": lambda r: (_missing_last(r.total, descending=True), r.dossier.reference),
    "dossier": lambda r: (r.dossier.reference, r.dossier.id),
    "titel": lambda r: (r.dossier.title.casefold(), r.dossier.reference),
    "beoordelingen": lambda r: (r.review_count - r.dossier.assigned, r.dossier.reference),
    "onenigheid": lambda r: (-len(r.disagreeing_criteria), r.dossier.reference),
}
DEFAULT_SORT = "rang"


def sort_rows(rows: Iterable[DossierResult], sort: str) -> list[DossierResult]:
    """Rows in the order of a `SORT_KEYS` column; an unknown column sorts by rank."""
    return sorted(rows, key=SORT_KEYS.get(sort, SORT_KEYS[DEFAULT_SORT]))
