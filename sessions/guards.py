"""Guard rails for coaches: pure rules on plain values, so no tap does something that cannot be
undone or that does not count.

- `held_refusal(meeting_date, today)`: why a meeting cannot be marked held (or None);
- `report_missing_parts(texts)`: which required parts of the evaluation report are empty;
- `meeting_removal_refusal(...)`: why a PLG meeting cannot be removed (or None);
- `product_removal_refusal(report_status)`: why a product cannot be removed (or None).
"""

import datetime as dt
from collections.abc import Mapping

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sessions.enums import ReportStatus

# The evaluation report's text parts, in the order of the foundation's template: Guskey's five
# levels, the link with teacher retention, how the PLG is anchored, recommendations.
REPORT_TEXT_FIELDS = (
    "reactions",
    "learning",
    "organisation",
    "practice",
    "effects",
    "retention_link",
    "anchoring",
    "recommendations",
)
# What must be written before the report is submitted: all but the recommendations to the
# foundation, which are optional.
REPORT_REQUIRED_PARTS = tuple(name for name in REPORT_TEXT_FIELDS if name != "recommendations")


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


# Once the evaluation report is handed in (or approved), its products are part of a final
# document.
REPORT_FINAL_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


def meeting_removal_refusal(
    *, held: bool, has_records: bool, meeting_count: int, required_count: int
) -> str | None:
    """Why a PLG meeting cannot be removed, or None when it can.

    Only a meeting beyond the number the call requires (5: BRIEF.md) may be removed, and only
    while it is unused: not held, and nothing recorded for it (attendance, roles, preparation,
    minutes). The rule is "beyond the required count" rather than "any unused meeting" because
    the schools committed to the five meetings: removing one of them would break the plan on
    purpose, whereas what a coach added by mistake (a sixth) can always be taken back. Which
    meeting goes does not matter: the others are renumbered to stay consecutive.
    `has_records` tells whether anything is recorded for the meeting; `meeting_count` is the
    trajectory's number of PLG meetings, this one included.
    """
    if held:
        return _("Deze bijeenkomst is gehouden; ze kan niet meer verwijderd worden.")
    if has_records:
        return _(
            "Voor deze bijeenkomst zijn al aanwezigheden, rollen, voorbereidingen of een verslag "
            "bewaard; ze kan niet meer verwijderd worden."
        )
    if meeting_count <= required_count:
        return _(
            "De oproep vraagt %(required)d bijeenkomsten; u kunt alleen een bijeenkomst "
            "verwijderen die er bovenop komt. Plan deze bijeenkomst opnieuw in plaats van ze te "
            "verwijderen."
        ) % {"required": required_count}
    return None


def product_removal_refusal(report_status: str | None) -> str | None:
    """Why a product cannot be removed, or None when it can: once the trajectory's evaluation
    report is submitted or approved, its products are part of that final document.
    `report_status` is None when the trajectory has no report yet."""
    if report_status in REPORT_FINAL_STATUSES:
        return _(
            "Het evaluatieverslag is ingediend; de producten horen nu bij dat verslag en kunnen "
            "niet meer verwijderd worden."
        )
    return None
