"""The ranking rules on hand-computed cases (jury/ranking.py): no database."""

from decimal import Decimal
from fractions import Fraction
from functools import partial

import pytest

from jury.ranking import (
    Criterion,
    DossierInput,
    ReviewInput,
    competition_ranks,
    display,
    provisional_reserve,
    provisional_selection,
    rank,
    sort_rows,
)

THEME = Criterion(id=1, title="Thema", weight=Decimal("2"), scale_min=1, scale_max=5)
ANCHORING = Criterion(id=2, title="Verankering", weight=Decimal("1"), scale_min=1, scale_max=5)
SINGLE = Criterion(id=9, title="Alles", weight=Decimal("1"), scale_min=1, scale_max=10)


def dossier(pk, *reviews, assigned=None):
    """reviews: (juror id, {criterion id: value}) pairs; assigned defaults to their number."""
    return DossierInput(
        id=pk,
        reference=f"PLG-{pk:03d}",
        title=f"PLG {pk}",
        assigned=len(reviews) if assigned is None else assigned,
        reviews=tuple(ReviewInput(juror, scores) for juror, scores in reviews),
    )


def by_id(ranking):
    return {row.dossier.id: row for row in ranking.rows}


def test_rank_weighted_total_is_mean_of_juror_totals_with_unequal_weights():
    # X: juror 1 → 2×5 + 1×1 = 11, juror 2 → 2×3 + 1×3 = 9: total 10.
    # Y: juror 1 → 2×4 + 4 = 12, juror 2 → 2×4 + 2 = 10: total 11.
    ranking = rank(
        [THEME, ANCHORING],
        [
            dossier(1, (1, {1: 5, 2: 1}), (2, {1: 3, 2: 3})),
            dossier(2, (1, {1: 4, 2: 4}), (2, {1: 4, 2: 2})),
        ],
    )
    rows = by_id(ranking)
    assert rows[1].total == 10
    assert rows[2].total == 11
    assert rows[1].review_totals == {1: 11, 2: 9}
    assert [c.mean for c in rows[1].criteria] == [4, 2]
    assert [c.mean for c in rows[2].criteria] == [4, 3]
    assert (rows[2].rank, rows[1].rank) == (1, 2)
    assert [row.dossier.id for row in ranking.rows] == [2, 1]
    assert ranking.max_total == 15
    assert ranking.min_total == 3


def test_rank_total_is_exact_and_rounded_only_for_display():
    # Totals 3, 4 and 4 over three jurors: 11/3, shown as 3.67.
    ranking = rank([SINGLE], [dossier(1, (1, {9: 3}), (2, {9: 4}), (3, {9: 4}))])
    assert ranking.rows[0].total == Fraction(11, 3)
    assert display(ranking.rows[0].total) == Decimal("3.67")


def test_rank_equal_totals_share_a_rank_and_the_next_rank_skips():
    ranking = rank(
        [SINGLE],
        [
            dossier(1, (1, {9: 8})),
            dossier(2, (1, {9: 6}), (2, {9: 8})),  # mean 7
            dossier(3, (1, {9: 7})),
            dossier(4, (1, {9: 5})),
        ],
    )
    assert {pk: row.rank for pk, row in by_id(ranking).items()} == {1: 1, 2: 2, 3: 2, 4: 4}


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ([], []),
        ([9], [1]),
        ([9, 9, 9], [1, 1, 1]),
        ([9, 8, 8, 7], [1, 2, 2, 4]),
        ([9, 9, 8, 7, 7], [1, 1, 3, 4, 4]),
    ],
)
def test_competition_ranks_ties(keys, expected):
    assert competition_ranks(keys) == expected


def test_rank_missing_review_is_flagged_and_not_ranked():
    ranking = rank(
        [SINGLE],
        [
            dossier(1, (1, {9: 10}), assigned=2),  # the best score, but one review is missing
            dossier(2, (1, {9: 5}), (2, {9: 5})),
            dossier(3, assigned=0),  # nobody assigned: nothing to rank on
        ],
    )
    rows = by_id(ranking)
    assert (rows[1].complete, rows[1].rank, rows[1].missing_reviews) == (False, None, 1)
    assert rows[1].total == 10  # still shown, beside the flag
    assert rows[1].normalised_rank is None
    assert (rows[2].complete, rows[2].rank) == (True, 1)
    assert (rows[3].complete, rows[3].rank, rows[3].total) == (False, None, None)
    assert [row.dossier.id for row in ranking.ranked] == [2]
    assert [row.dossier.id for row in ranking.rows] == [2, 1, 3]


def test_rank_review_without_every_criterion_is_not_counted():
    ranking = rank([THEME, ANCHORING], [dossier(1, (1, {1: 5}), assigned=1)])
    row = ranking.rows[0]
    assert (row.review_count, row.complete, row.total) == (0, False, None)


@pytest.mark.parametrize(
    ("scale_max", "values", "disagreement"),
    [
        (5, (2, 4), True),  # range 2 = half of 1..5: exactly at the threshold
        (5, (2, 3), False),
        (5, (1, 5), True),
        (4, (2, 3), False),  # half of 1..4 is 1.5
        (4, (1, 3), True),
        (10, (3, 7), False),  # half of 1..10 is 4.5
        (10, (3, 8), True),
    ],
)
def test_rank_disagreement_from_half_the_scale(scale_max, values, disagreement):
    criterion = Criterion(id=1, title="C", weight=Decimal(1), scale_min=1, scale_max=scale_max)
    reviews = [(juror, {1: value}) for juror, value in enumerate(values, start=1)]
    row = rank([criterion], [dossier(1, *reviews)]).rows[0]
    assert row.criteria[0].spread == max(values) - min(values)
    assert row.criteria[0].disagreement is disagreement
    assert row.disagreement is disagreement


def test_rank_disagreement_is_per_criterion():
    row = rank([THEME, ANCHORING], [dossier(1, (1, {1: 5, 2: 3}), (2, {1: 1, 2: 3}))]).rows[0]
    assert [c.disagreement for c in row.criteria] == [True, False]
    assert row.disagreeing_criteria == [THEME]


def test_rank_normalisation_corrects_a_strict_and_a_lenient_juror():
    # Juror 1 is strict (4, 2, 3: mean 3), juror 2 lenient (9, 7: mean 8).
    # Raw: 3 → 9, 4 → 7, 1 → 4, 5 → 3, 2 → 2.
    # z, juror 1: sd = √(2/3), so 1 → +1.22, 2 → −1.22, 5 → 0; juror 2: sd 1, 3 → +1, 4 → −1.
    ranking = rank(
        [SINGLE],
        [
            dossier(1, (1, {9: 4})),
            dossier(2, (1, {9: 2})),
            dossier(3, (2, {9: 9})),
            dossier(4, (2, {9: 7})),
            dossier(5, (1, {9: 3})),
        ],
    )
    rows = by_id(ranking)
    assert {pk: row.rank for pk, row in rows.items()} == {3: 1, 4: 2, 1: 3, 5: 4, 2: 5}
    assert {pk: row.normalised_rank for pk, row in rows.items()} == {1: 1, 3: 2, 5: 3, 4: 4, 2: 5}
    assert rows[1].normalised_total == pytest.approx(1.2247, abs=1e-4)
    assert rows[3].normalised_total == pytest.approx(1.0)
    assert rows[5].normalised_total == pytest.approx(0.0)
    assert ranking.neutral_jurors == frozenset()


def test_rank_normalisation_ties_share_a_rank():
    # Both jurors: best +1, worst −1, whatever their raw scale.
    ranking = rank(
        [SINGLE],
        [
            dossier(1, (1, {9: 4})),
            dossier(2, (1, {9: 2})),
            dossier(3, (2, {9: 9})),
            dossier(4, (2, {9: 7})),
        ],
    )
    assert {pk: row.normalised_rank for pk, row in by_id(ranking).items()} == {
        1: 1,
        3: 1,
        2: 3,
        4: 3,
    }


def test_rank_normalisation_zero_variance_and_single_review_jurors_are_neutral():
    # Juror 1 gives 3 everywhere (no variance), juror 2 gives 4 and 2 (z ±1), juror 3 reviewed
    # only dossier 1 (one review). Neutral jurors count as z = 0.
    ranking = rank(
        [SINGLE],
        [
            dossier(1, (1, {9: 3}), (2, {9: 4}), (3, {9: 8})),
            dossier(2, (1, {9: 3}), (2, {9: 2})),
        ],
    )
    rows = by_id(ranking)
    assert ranking.neutral_jurors == frozenset({1, 3})
    assert rows[1].normalised_total == pytest.approx(1 / 3)
    assert rows[2].normalised_total == pytest.approx(-1 / 2)
    assert (rows[1].normalised_rank, rows[2].normalised_rank) == (1, 2)


def test_sort_rows_by_column_keeps_unranked_last():
    ranking = rank(
        [SINGLE],
        [
            dossier(1, (1, {9: 5})),
            dossier(2, (1, {9: 9}), assigned=2),
            dossier(3, (1, {9: 7})),
        ],
    )
    assert [r.dossier.id for r in sort_rows(ranking.rows, "rang")] == [3, 1, 2]
    assert [r.dossier.id for r in sort_rows(ranking.rows, "totaal")] == [2, 3, 1]
    assert [r.dossier.id for r in sort_rows(ranking.rows, "dossier")] == [1, 2, 3]
    assert [r.dossier.id for r in sort_rows(ranking.rows, "beoordelingen")] == [2, 1, 3]
    assert [r.dossier.id for r in sort_rows(ranking.rows, "onbekend")] == [3, 1, 2]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (Fraction(1, 8), Decimal("0.13")),
        (Fraction(-1, 8), Decimal("-0.13")),
        (2.0 / 3, Decimal("0.67")),
    ],
)
def test_display_rounds_half_up(value, expected):
    assert display(value) == expected


def test_provisional_selection_before_decisions_is_the_top_with_boundary_ties():
    ranking = rank(
        [SINGLE],
        [
            dossier(1, (1, {9: 9})),
            dossier(2, (1, {9: 8})),
            dossier(3, (1, {9: 8})),
            dossier(4, (1, {9: 7})),
            dossier(5, (1, {9: 10}), assigned=2),
        ],
    )
    assert provisional_selection(ranking, selected_ids=None, target=1) == [1]
    assert provisional_selection(ranking, selected_ids=None, target=2) == [1, 2, 3]


def test_provisional_selection_after_decisions_is_the_selected_in_ranking_order():
    ranking = rank([SINGLE], [dossier(1, (1, {9: 9})), dossier(2, (1, {9: 8}))])
    assert provisional_selection(ranking, selected_ids={2, 1}, target=1) == [1, 2]
    assert provisional_selection(ranking, selected_ids=set(), target=1) == []


def test_provisional_reserve_before_decisions_is_the_next_ranked_with_boundary_ties():
    ranking = rank(
        [SINGLE],
        [
            dossier(1, (1, {9: 9})),
            dossier(2, (1, {9: 8})),
            dossier(3, (1, {9: 7})),
            dossier(4, (1, {9: 7})),
            dossier(5, (1, {9: 6})),
            dossier(6, (1, {9: 10}), assigned=2),  # incomplete: never a reserve
        ],
    )
    selection = provisional_selection(ranking, selected_ids=None, target=1)
    reserve = partial(provisional_reserve, ranking, reserve_ids=None, selection_ids=selection)
    assert reserve(count=1) == [2]
    assert reserve(count=2) == [2, 3, 4]
    assert reserve(count=10) == [2, 3, 4, 5]
    assert reserve(count=None) == []


def test_provisional_reserve_after_decisions_is_the_decided_reserve_list():
    ranking = rank([SINGLE], [dossier(1, (1, {9: 9})), dossier(2, (1, {9: 8}))])
    assert provisional_reserve(ranking, reserve_ids=[2, 1], selection_ids=[], count=1) == [2, 1]
    assert provisional_reserve(ranking, reserve_ids=[], selection_ids=[], count=1) == []


def test_rank_with_fractional_weights_stays_exact():
    # Weights 1.5 and 0.25: juror totals 1.5×3 + 0.25×1 = 4.75 and 1.5×2 + 0.25×3 = 3.75.
    weighted = [
        Criterion(id=1, title="A", weight=Decimal("1.50"), scale_min=1, scale_max=5),
        Criterion(id=2, title="B", weight=Decimal("0.25"), scale_min=1, scale_max=5),
    ]
    ranking = rank(weighted, [dossier(1, (1, {1: 3, 2: 1}), (2, {1: 2, 2: 3}))])
    row = ranking.rows[0]
    assert row.review_totals == {1: Fraction(19, 4), 2: Fraction(15, 4)}
    assert row.total == Fraction(17, 4)
    assert ranking.max_total == Fraction(35, 4)
