"""When a reminder is due: N calendar days before (or after) a moment, counted in Brussels.

Pure: plain values in, the stage (the N of the reminder due now) out. Reminder N "before" goes
out from 00:00 Brussels time, N calendar days before the moment's day, until the moment itself:
for a meeting on 10 March the 7-day reminder is due from 3 March 00:00, whether or not the clocks
changed in between. Of the stages reached, only the latest counts: a stage the scheduler missed
is skipped, never sent together with the next one.
"""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from plgportal.accounts.enums import NotificationKind

BRUSSELS = ZoneInfo("Europe/Brussels")

# The built-in schedule of each reminder, used for a call without a rule of its own.
DEFAULT_DAYS: dict[str, tuple[int, ...]] = {
    NotificationKind.DRAFT_DEADLINE: (14, 3, 1),
    NotificationKind.SCORING_DEADLINE: (7, 2),
    NotificationKind.MEETING_UPCOMING: (7, 1),
    NotificationKind.MINUTES_MISSING: (3,),
    NotificationKind.REPORT_DUE: (14, 3),
    # The questionnaire goes out after the meeting (day 0); one reminder N days later.
    NotificationKind.FEEDBACK_REQUEST: (7,),
    # A school's indicators: asked the day after the kick-off (or the closing event), and once
    # more two weeks later while not filled in.
    NotificationKind.INDICATORS_REQUEST: (14, 1),
}

# An "after" reminder stays due this many days past its last stage, then lapses: switching
# reminders on for an old call must not mail about meetings held long ago.
LATE_LIMIT_DAYS = 7

MAX_DAYS = 366


def parse_days(text: str) -> tuple[int, ...]:
    """ "14, 3,1" -> (14, 3, 1): distinct positive whole numbers, largest first.

    Raises ValueError for anything else (an empty list included).
    """
    parts = [part.strip() for part in text.split(",")]
    if not parts or any(not part.isdigit() for part in parts):
        raise ValueError(text)
    days = sorted({int(part) for part in parts}, reverse=True)
    if days[-1] < 1 or days[0] > MAX_DAYS:
        raise ValueError(text)
    return tuple(days)


def format_days(days: Sequence[int]) -> str:
    return ",".join(str(day) for day in sorted(days, reverse=True))


def day_start(day: date) -> datetime:
    """00:00 Brussels time on `day` (Belgian clocks never skip midnight)."""
    return datetime.combine(day, time.min, tzinfo=BRUSSELS)


def day_end(day: date) -> datetime:
    """The last instant of `day` in Brussels: a deadline given as a date."""
    return datetime.combine(day, time.max, tzinfo=BRUSSELS)


def local_day(moment: datetime) -> date:
    return moment.astimezone(BRUSSELS).date()


def due_stage(*, days: Sequence[int], moment: datetime, now: datetime) -> int | None:
    """The "N days before `moment`" reminder due at `now`, or None.

    Stage N is reached from 00:00 Brussels, N calendar days before the moment's day; nothing is
    due once the moment has come. Of the stages reached, the latest (smallest N) is returned.
    """
    if now >= moment:
        return None
    moment_day = local_day(moment)
    reached = [n for n in days if now >= day_start(moment_day - timedelta(days=n))]
    return min(reached) if reached else None


def due_stage_after(*, days: Sequence[int], day: date, now: datetime) -> int | None:
    """The "N days after `day`" reminder due at `now`, or None.

    Stage N is reached at 00:00 Brussels, N calendar days after `day`; of the stages reached,
    the latest (largest N) is returned, until LATE_LIMIT_DAYS after the last stage.
    """
    if not days:
        return None
    if now >= day_start(day + timedelta(days=max(days) + LATE_LIMIT_DAYS)):
        return None
    reached = [n for n in days if now >= day_start(day + timedelta(days=n))]
    return max(reached) if reached else None


def moment_of(day: date, start: time | None = None) -> datetime:
    """A meeting's start in Brussels; a meeting without an hour starts at midnight."""
    return datetime.combine(day, start or time.min, tzinfo=BRUSSELS)
