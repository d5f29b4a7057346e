"""Guard rails for coaches: pure rules on plain values, so no tap does something that cannot be
undone or that does not count.

- `held_refusal(meeting_date, today)`: why a meeting cannot be marked held (or None);
- `report_missing_parts(texts)`: which required parts of the evaluation report are empty.
"""

import datetime as dt
from collections.abc import Mapping

from django.utils.formats import date_format
from django.utils.translation import gettext as _

# The parts of the evaluation report that must be written before it is submitted: Guskey's five
# levels, the link with teacher retention and how the PLG is anchored. The recommendations to
# the foundation are optional.
REPORT_REQUIRED_PARTS = (
    "reactions",
    "learning",
    "organisation",
    "practice",
    "effects",
    "retention_link",
    "anchoring",
)


def held_refusal(meeting_date: dt.date | None, today: dt.date) -> str | None:
    """Why attendance cannot be recorded (and the meeting marked held): a meeting needs a date
    that is today or past, or its hours would not count. None when it can."""
    if meeting_date is None:
        return _(
            "Deze bijeenkomst heeft nog geen datum. Plan eerst de datum; daarna kunt u de "
            "aanwezigheden invullen."
        )
    if meeting_date > today:
        return _(
            "Deze bijeenkomst is gepland op %(date)s. U kunt de aanwezigheden pas vanaf die dag "
            "invullen."
        ) % {"date": date_format(meeting_date, "j F Y")}
    return None


def report_missing_parts(texts: Mapping[str, str]) -> list[str]:
    """The required parts (field names, in the report's order) that are empty or only
    whitespace in `texts`."""
    return [name for name in REPORT_REQUIRED_PARTS if not (texts.get(name) or "").strip()]
