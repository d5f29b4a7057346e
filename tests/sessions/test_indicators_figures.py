"""The schools' indicators before → after: pure rules, no database."""

from datetime import date
from types import SimpleNamespace

import pytest

from sessions.indicators.figures import (
    Comparison,
    Definition,
    Retention,
    Tally,
    check_values,
    contact_addresses,
    moment_is_open,
    moment_opens_on,
    plg_indicators,
    retention,
    school_indicators,
)

STARTERS = Definition("starters", "number", "Starters")
LEFT = Definition("starters_left", "number", "Vertrokken")
ABSENCE = Definition("absence_days", "number", "Afwezigheid", required=False)
INDUCTION = Definition("induction_policy", "yes_no", "Aanvangsbegeleiding")
CHANGE = Definition("policy_change", "text", "Wat veranderde", required=False)
DEFINITIONS = (STARTERS, LEFT, ABSENCE, INDUCTION, CHANGE)
KICKOFF, CLOSING = date(2025, 10, 1), date(2026, 5, 20)


@pytest.mark.parametrize(
    ("moment", "today", "expected"),
    [
        ("before", date(2025, 9, 30), False),
        ("before", KICKOFF, True),
        ("after", date(2026, 5, 19), False),
        ("after", CLOSING, True),
    ],
)
def test_moment_is_open_from_its_event_day(moment, today, expected):
    assert moment_is_open(moment, kickoff=KICKOFF, closing=CLOSING, today=today) is expected


def test_moment_without_event_date_never_opens():
    assert moment_opens_on("after", kickoff=KICKOFF, closing=None) is None
    assert not moment_is_open("after", kickoff=KICKOFF, closing=None, today=date(2030, 1, 1))


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"starters": 4, "starters_left": 1, "induction_policy": False}, set()),
        ({"starters": 0, "starters_left": 0, "induction_policy": True}, set()),
        ({"starters": None, "starters_left": 0, "induction_policy": True}, {"starters"}),
        ({"starters": 4, "starters_left": 1, "induction_policy": None}, {"induction_policy"}),
        ({"starters": 2, "starters_left": 3, "induction_policy": True}, {"starters_left"}),
    ],
)
def test_check_values_required_and_left_not_above_started(values, expected):
    assert set(check_values(DEFINITIONS, values)) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"starters": 10, "starters_left": 3}, Retention(10, 3)),
        ({"starters": 10, "starters_left": None}, None),
        ({"starters": None, "starters_left": 2}, None),
        (None, None),
    ],
)
def test_retention_needs_both_numbers(values, expected):
    assert retention(values) == expected


@pytest.mark.parametrize(
    ("starters", "left", "percent"),
    [(10, 3, 70), (3, 1, 67), (5, 0, 100), (0, 0, None)],
)
def test_retention_percent_stayed(starters, left, percent):
    assert Retention(starters, left).percent == percent


@pytest.mark.parametrize(
    ("before", "after", "change", "turned"),
    [
        (4, 6, 2, None),
        (6, 4, -2, None),
        (None, 4, None, None),
        (False, True, None, "gained"),
        (True, False, None, "lost"),
        (True, True, None, "same"),
        (None, True, None, None),
        (Tally(1, 3), Tally(3, 3), 2, None),
        ("voor", "na", None, None),
    ],
)
def test_comparison_change_and_turn(before, after, change, turned):
    comparison = Comparison(definition=STARTERS, before=before, after=after)
    assert (comparison.change, comparison.turned) == (change, turned)


def test_school_indicators_before_after_per_definition():
    school = school_indicators(
        name="De Linde",
        definitions=DEFINITIONS,
        before={"starters": 10, "starters_left": 4, "induction_policy": False},
        after=None,
    )
    assert (school.has_before, school.has_after) == (True, False)
    assert [(c.definition.code, c.before, c.after) for c in school.comparisons] == [
        ("starters", 10, None),
        ("starters_left", 4, None),
        ("absence_days", None, None),
        ("induction_policy", False, None),
        ("policy_change", None, None),
    ]
    assert (school.retention_before, school.retention_after) == (Retention(10, 4), None)


def test_plg_totals_count_only_schools_with_both_moments():
    a_before = {"starters": 10, "starters_left": 4, "absence_days": 30, "induction_policy": False}
    a_after = {"starters": 12, "starters_left": 2, "absence_days": None, "induction_policy": True}
    b_before = {"starters": 5, "starters_left": 1, "absence_days": 8, "induction_policy": True}
    b_after = {"starters": 6, "starters_left": 1, "absence_days": 6, "induction_policy": True}
    only_before = {"starters": 100, "starters_left": 90, "induction_policy": False}
    plg = plg_indicators(
        definitions=DEFINITIONS,
        schools=[("A", a_before, a_after), ("B", b_before, b_after), ("C", only_before, None)],
    )
    totals = {c.definition.code: (c.before, c.after, c.change) for c in plg.totals}
    assert totals == {
        "starters": (15, 18, 3),
        "starters_left": (5, 3, -2),
        "absence_days": (38, 6, -32),  # only the numbers given are summed
        "induction_policy": (Tally(1, 2), Tally(2, 2), 1),
    }
    assert (plg.retention_before, plg.retention_after) == (Retention(15, 5), Retention(18, 3))
    assert (plg.compared, plg.filled_before, plg.filled_after) == (2, 3, 2)
    assert [school.name for school in plg.schools] == ["A", "B", "C"]


def test_plg_without_any_record():
    plg = plg_indicators(definitions=DEFINITIONS, schools=[("A", None, None)])
    assert plg.compared == 0
    assert plg.retention_before is None
    assert all(c.before is None or c.before == Tally(0, 0) for c in plg.totals)


def collaborator(email, role="partner", school_id=None):
    return SimpleNamespace(email=email, role=role, school_id=school_id)


def participant(email, school_id, active_until=None):
    return SimpleNamespace(email=email, school_id=school_id, active_until=active_until)


CONTACT = collaborator("Contact@plg.be", role="contact")
PARTNER_2 = collaborator("dir2@school.be", school_id=2)
PEOPLE = [
    participant("leerkracht1@school.be", 1),
    participant("weg3@school.be", 3, date(2026, 1, 1)),
    participant("nieuw3@school.be", 3),
]


@pytest.mark.parametrize(
    ("school_id", "lead_school_id", "expected"),
    [
        (1, 1, ["contact@plg.be"]),  # the lead school: the dossier's contact person
        (2, 1, ["dir2@school.be"]),  # a partner school: its director
        (3, 1, ["nieuw3@school.be"]),  # no director named: its active delegates
        (1, None, ["contact@plg.be"]),  # no lead school named: the contact speaks for it
        (2, None, ["dir2@school.be"]),
    ],
)
def test_contact_addresses(school_id, lead_school_id, expected):
    assert (
        contact_addresses(
            school_id=school_id,
            lead_school_id=lead_school_id,
            collaborators=[CONTACT, PARTNER_2],
            participants=PEOPLE,
        )
        == expected
    )
