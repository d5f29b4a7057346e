"""Calendar rules shared by the apps: the school year and the calendar day in Brussels.

Pure: plain dates and aware datetimes in, plain values out.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")


def in_school_year(day: date, start: date, end: date) -> bool:
    """The one rule for "inside the call's school year", first and last day included."""
    return start <= day <= end


def brussels_day(moment: date | datetime) -> date:
    """The calendar day of `moment` in Brussels (a date is already one)."""
    if isinstance(moment, datetime):
        return moment.astimezone(BRUSSELS).date()
    return moment


def same_day_groups(
    dated: Iterable[tuple[int, date | datetime | None]],
) -> list[tuple[date, list[int]]]:
    """The positions that share a Brussels calendar day, day by day, for days with two or more.

    `dated` holds (position, date or aware datetime or None); undated positions are skipped.
    [(1, 3 Oct), (2, 5 Oct), (3, 3 Oct)] -> [(3 Oct, [1, 3])].
    """
    by_day: dict[date, list[int]] = defaultdict(list)
    for position, moment in dated:
        if moment is not None:
            by_day[brussels_day(moment)].append(position)
    return [(day, positions) for day, positions in sorted(by_day.items()) if len(positions) > 1]
