"""Charts of the overview pages, drawn on the server with the portal's SVG helpers."""

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from plgportal.charts import Series, grouped_bars
from sessions.overview.selectors import OverviewRow


def meeting_label(meeting) -> str:
    return f"{meeting.position}" + (f" · {meeting.date:%d/%m}" if meeting.date else "")


def attendance_chart(row: OverviewRow, *, dom_id: str) -> SafeString:
    """Attendance rate (%) per held meeting, one bar per school."""
    held = [m for m in row.meetings if m.held]
    series = []
    for school in row.schools:
        values = []
        for meeting in held:
            rate = row.figures.attendance_per_meeting[meeting.pk][school.pk].rate
            values.append(None if rate is None else round(rate * 100))
        series.append(Series(label=school.name, values=values))
    return grouped_bars(
        dom_id=dom_id,
        title=_("Aanwezigheid per bijeenkomst en school (%)"),
        categories=[meeting_label(m) for m in held],
        series=series,
        low=0,
        high=100,
    )


def preparation_chart(row: OverviewRow, *, dom_id: str) -> SafeString:
    """Share of schools (%) that prepared each held meeting, in date order."""
    held = [m for m in row.meetings if m.held]
    schools = len(row.schools) or 1
    values = [round(row.figures.preparation_per_meeting[m.pk] / schools * 100) for m in held]
    return grouped_bars(
        dom_id=dom_id,
        title=_("Voorbereiding over het jaar (% scholen)"),
        categories=[meeting_label(m) for m in held],
        series=[Series(label=_("Scholen met voorbereiding"), values=values)],
        low=0,
        high=100,
    )
