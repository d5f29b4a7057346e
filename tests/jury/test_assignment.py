import pytest

from jury.assignment import balanced_assignments


def spread(plan, jurors):
    loads = plan.loads(jurors).values()
    return max(loads) - min(loads)


def per_dossier_count(plan, dossier):
    return sum(1 for d, _j in plan.pairs if d == dossier)


@pytest.mark.parametrize(
    ("dossiers", "jurors", "per_dossier"),
    [
        (6, 3, 1),
        (6, 3, 2),
        (7, 3, 2),
        (10, 4, 3),
        (5, 5, 2),
        (1, 3, 2),
        (13, 6, 3),
    ],
)
def test_balanced_assignments_spread_evenly(dossiers, jurors, per_dossier):
    dossier_ids, juror_ids = list(range(1, dossiers + 1)), list(range(101, 101 + jurors))

    plan = balanced_assignments(dossier_ids, juror_ids, per_dossier)

    assert [per_dossier_count(plan, d) for d in dossier_ids] == [per_dossier] * dossiers
    assert spread(plan, juror_ids) <= 1
    assert sum(plan.loads(juror_ids).values()) == dossiers * per_dossier
    assert plan.shortfall == {}


def test_balanced_assignments_everyone_scores_everything_when_none():
    plan = balanced_assignments([1, 2], [10, 11, 12], None)

    assert plan.pairs == {(d, j) for d in (1, 2) for j in (10, 11, 12)}
    assert plan.shortfall == {}


@pytest.mark.parametrize(("per_dossier", "short"), [(4, 1), (6, 3)])
def test_balanced_assignments_gives_all_jurors_and_flags_when_too_few(per_dossier, short):
    plan = balanced_assignments([1, 2], [10, 11, 12], per_dossier)

    assert plan.pairs == {(d, j) for d in (1, 2) for j in (10, 11, 12)}
    assert plan.shortfall == {1: short, 2: short}


@pytest.mark.parametrize("per_dossier", [1, 2, None])
def test_balanced_assignments_never_assigns_a_conflicted_juror(per_dossier):
    conflicts = {(1, 10), (2, 10), (3, 11)}

    plan = balanced_assignments([1, 2, 3, 4], [10, 11, 12], per_dossier, conflicts=conflicts)

    assert plan.pairs & conflicts == set()


def test_balanced_assignments_flags_a_dossier_short_of_jurors_through_conflicts():
    plan = balanced_assignments([1, 2], [10, 11], 2, conflicts={(1, 10)})

    assert plan.pairs == {(1, 11), (2, 10), (2, 11)}
    assert plan.shortfall == {1: 1}


def test_balanced_assignments_balances_around_conflicts():
    # Dossier 3 can only go to juror 10: served first, so the others fill in around it.
    conflicts = {(3, 11), (3, 12)}

    plan = balanced_assignments([1, 2, 3], [10, 11, 12], 1, conflicts=conflicts)

    assert (3, 10) in plan.pairs
    assert plan.loads([10, 11, 12]) == {10: 1, 11: 1, 12: 1}


def test_balanced_assignments_keeps_existing_pairs_and_counts_them():
    existing = {(1, 10), (2, 10)}

    plan = balanced_assignments([1, 2, 3, 4], [10, 11, 12], 1, existing=existing)

    assert existing <= plan.pairs
    assert [per_dossier_count(plan, d) for d in (1, 2, 3, 4)] == [1, 1, 1, 1]
    assert plan.loads([10, 11, 12]) == {10: 2, 11: 1, 12: 1}


def test_balanced_assignments_adds_to_existing_up_to_the_number_asked():
    plan = balanced_assignments([1], [10, 11, 12], 2, existing={(1, 12)})

    assert plan.pairs == {(1, 12), (1, 10)}


def test_balanced_assignments_keeps_more_existing_than_asked():
    existing = {(1, 10), (1, 11), (1, 12)}

    plan = balanced_assignments([1], [10, 11, 12], 1, existing=existing)

    assert plan.pairs == existing


def test_balanced_assignments_levels_new_pairs_around_an_uneven_start():
    # Juror 10 already has three dossiers: the three new ones all go to the others.
    existing = {(1, 10), (2, 10), (3, 10)}

    plan = balanced_assignments([1, 2, 3, 4, 5, 6], [10, 11, 12], 1, existing=existing)

    assert plan.loads([10, 11, 12]) == {10: 3, 11: 2, 12: 1}


def test_balanced_assignments_is_deterministic():
    args = ([5, 3, 9, 1], [21, 20, 22], 2)

    assert balanced_assignments(*args) == balanced_assignments(*args)


def test_balanced_assignments_without_jurors_flags_every_dossier():
    plan = balanced_assignments([1, 2], [], 2)

    assert plan.pairs == frozenset()
    assert plan.shortfall == {1: 2, 2: 2}
