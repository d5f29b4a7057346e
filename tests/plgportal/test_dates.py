"""Calendar rules shared by the apps: the school year and the Brussels day."""

from datetime import UTC, date, datetime

import pytest

from plgportal.dates import brussels_day, in_school_year, same_day_groups


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (date(2025, 8, 31), False),
        (date(2025, 9, 1), True),
        (date(2026, 8, 31), True),
        (date(2026, 9, 1), False),
    ],
)
def test_in_school_year_includes_first_and_last_day(day, inside):
    assert in_school_year(day, date(2025, 9, 1), date(2026, 8, 31)) is inside


def test_brussels_day_of_a_late_utc_moment_is_the_next_day():
    assert brussels_day(datetime(2025, 6, 30, 22, 30, tzinfo=UTC)) == date(2025, 7, 1)
    assert brussels_day(date(2025, 6, 30)) == date(2025, 6, 30)


def test_same_day_groups_by_brussels_day_skipping_undated():
    dated = [
        (1, date(2025, 10, 3)),
        (2, datetime(2025, 10, 2, 22, 30, tzinfo=UTC)),  # 3 October 00:30 in Brussels
        (3, None),
        (4, date(2025, 10, 5)),
        (5, None),
    ]
    assert same_day_groups(dated) == [(date(2025, 10, 3), [1, 2])]
