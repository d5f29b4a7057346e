"""Pure schedule rules: when "N days before/after" is due, in Brussels calendar days."""

from datetime import UTC, date, datetime

import pytest

from plgportal.reminders.schedule import (
    due_stage,
    due_stage_after,
    format_days,
    moment_of,
    parse_days,
)
from tests.factories import brussels

MEETING = brussels(2026, 3, 10, 19, 0)  # Tuesday 10 March 2026, 19:00


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (brussels(2026, 2, 23, 12, 0), None),  # 15 days before: nothing yet
        (brussels(2026, 3, 2, 23, 59, 59), None),  # last second before the 7-day stage
        (brussels(2026, 3, 3, 0, 0), 7),  # 3 March 00:00 Brussels: 7 days before 10 March
        (brussels(2026, 3, 8, 23, 59, 59), 7),
        (brussels(2026, 3, 9, 0, 0), 1),  # the 1-day stage replaces the 7-day one
        (brussels(2026, 3, 10, 18, 59, 59), 1),  # still before the meeting
        (brussels(2026, 3, 10, 19, 0), None),  # the meeting has started
        (brussels(2026, 3, 11, 9, 0), None),
    ],
)
def test_due_stage_boundaries(now, expected):
    assert due_stage(days=(7, 1), moment=MEETING, now=now) == expected


def test_due_stage_counts_brussels_midnight_not_utc():
    # 2 March 23:30 UTC is already 3 March 00:30 in Brussels (UTC+1 in winter).
    assert due_stage(days=(7,), moment=MEETING, now=datetime(2026, 3, 2, 23, 30, tzinfo=UTC)) == 7
    assert (
        due_stage(days=(7,), moment=MEETING, now=datetime(2026, 3, 2, 22, 59, tzinfo=UTC)) is None
    )


def test_due_stage_skips_a_missed_stage():
    # The scheduler did not run during the 14- and 3-day stages: only the 1-day one goes out.
    assert due_stage(days=(14, 3, 1), moment=MEETING, now=brussels(2026, 3, 9, 8, 0)) == 1


@pytest.mark.parametrize(
    ("moment", "now", "expected"),
    [
        # Spring forward on Sunday 29 March 2026 (02:00 -> 03:00): 1 April minus 7 days.
        (brussels(2026, 4, 1, 10), brussels(2026, 3, 24, 23, 59, 59), None),
        (brussels(2026, 4, 1, 10), brussels(2026, 3, 25, 0, 0), 7),
        (brussels(2026, 4, 1, 10), datetime(2026, 3, 24, 23, 0, tzinfo=UTC), 7),  # UTC+1
        (brussels(2026, 3, 30, 10), brussels(2026, 3, 29, 0, 0), 1),
        (brussels(2026, 3, 30, 10), brussels(2026, 3, 28, 23, 59), 7),  # not yet the 1-day stage
        # Fall back on Sunday 25 October 2026 (03:00 -> 02:00): a 25-hour day in between.
        (brussels(2026, 10, 27, 10), brussels(2026, 10, 26, 0, 0), 1),
        (brussels(2026, 10, 27, 10), datetime(2026, 10, 25, 22, 59, tzinfo=UTC), 7),
        (brussels(2026, 10, 27, 10), datetime(2026, 10, 25, 23, 0, tzinfo=UTC), 1),  # UTC+1
        (brussels(2026, 10, 30, 10), datetime(2026, 10, 22, 22, 0, tzinfo=UTC), 7),  # UTC+2
        (brussels(2026, 10, 30, 10), datetime(2026, 10, 22, 21, 59, tzinfo=UTC), None),
    ],
)
def test_due_stage_across_daylight_saving_changes(moment, now, expected):
    assert due_stage(days=(7, 1), moment=moment, now=now) == expected


def test_due_stage_for_a_meeting_without_hour_ends_at_its_midnight():
    moment = moment_of(date(2026, 3, 10))
    assert due_stage(days=(1,), moment=moment, now=brussels(2026, 3, 9, 23, 59)) == 1
    assert due_stage(days=(1,), moment=moment, now=brussels(2026, 3, 10, 0, 0)) is None


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (brussels(2026, 3, 10, 22, 0), None),  # the meeting's evening
        (brussels(2026, 3, 12, 23, 59, 59), None),
        (brussels(2026, 3, 13, 0, 0), 3),  # 3 days after 10 March
        (brussels(2026, 3, 16, 23, 0), 3),
        (brussels(2026, 3, 17, 0, 0), 7),  # the later stage replaces the earlier one
        (brussels(2026, 3, 23, 23, 59, 59), 7),
        (brussels(2026, 3, 24, 0, 0), None),  # 7 days past the last stage: lapsed
        (datetime(2026, 3, 12, 23, 0, tzinfo=UTC), 3),  # 13 March 00:00 Brussels
    ],
)
def test_due_stage_after_boundaries(now, expected):
    assert due_stage_after(days=(3, 7), day=date(2026, 3, 10), now=now) == expected


def test_due_stage_after_across_spring_forward():
    # 27 March + 3 days = 30 March, the day after the clocks moved forward.
    day = date(2026, 3, 27)
    assert (
        due_stage_after(days=(3,), day=day, now=datetime(2026, 3, 29, 21, 59, tzinfo=UTC)) is None
    )
    assert due_stage_after(days=(3,), day=day, now=datetime(2026, 3, 29, 22, 0, tzinfo=UTC)) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [("14,3,1", (14, 3, 1)), (" 1, 14 ,3", (14, 3, 1)), ("7", (7,)), ("3,3", (3,))],
)
def test_parse_days_accepts_positive_numbers(text, expected):
    assert parse_days(text) == expected
    assert format_days(expected) == ",".join(map(str, expected))


@pytest.mark.parametrize("text", ["", " ", "0", "3,0", "-1", "1.5", "a", "3,,1", "400"])
def test_parse_days_refuses_anything_else(text):
    with pytest.raises(ValueError):
        parse_days(text)
