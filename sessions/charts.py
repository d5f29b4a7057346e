"""Charts of the overview pages, drawn on the server with the portal's SVG helpers, and the
same charts for the trajectory overview PDF (plgportal.pdf_charts)."""

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from plgportal.charts import Series, grouped_bars
from plgportal.pdf_charts import BarChart, bar_chart
from sessions.feedback.figures import SCORES, MeetingFeedback
from sessions.overview.selectors import OverviewRow


def meeting_label(meeting) -> str:
    return f"{meeting.position}" + (f" · {meeting.date:%d/%m}" if meeting.date else "")


def _attendance(row: OverviewRow) -> dict:
    held = [m for m in row.meetings if m.held]
    series = []
    for school in row.schools:
        values = []
        for meeting in held:
            rate = row.figures.attendance_per_meeting[meeting.pk][school.pk].rate
            values.append(None if rate is None else round(rate * 100))
        series.append(Series(label=school.name, values=values))
    return {
        "title": _("Aanwezigheid per bijeenkomst en school (%)"),
        "categories": [meeting_label(m) for m in held],
        "series": series,
        "low": 0,
        "high": 100,
    }


def _preparation(row: OverviewRow) -> dict:
    held = [m for m in row.meetings if m.held]
    schools = len(row.schools) or 1
    values = [round(row.figures.preparation_per_meeting[m.pk] / schools * 100) for m in held]
    return {
        "title": _("Voorbereiding over het jaar (% scholen)"),
        "categories": [meeting_label(m) for m in held],
        "series": [Series(label=_("Scholen met voorbereiding"), values=values)],
        "low": 0,
        "high": 100,
    }


def attendance_chart(row: OverviewRow, *, dom_id: str) -> SafeString:
    """Attendance rate (%) per held meeting, one bar per school."""
    return grouped_bars(dom_id=dom_id, **_attendance(row))


def preparation_chart(row: OverviewRow, *, dom_id: str) -> SafeString:
    """Share of schools (%) that prepared each held meeting, in date order."""
    return grouped_bars(dom_id=dom_id, **_preparation(row))


# The same charts for a PDF (templates/pdf/_bars.html).
def attendance_bars(row: OverviewRow) -> BarChart:
    return bar_chart(**_attendance(row))


def preparation_bars(row: OverviewRow) -> BarChart:
    return bar_chart(**_preparation(row))


def _feedback(feedback: MeetingFeedback) -> dict:
    """How many gave each score (1-5), one bar per score question."""
    highest = max((max(s.counts.counts) for s in feedback.scores), default=0)
    return {
        "title": _("Aantal antwoorden per score (1–5)"),
        "categories": [str(score) for score in SCORES],
        "series": [
            Series(label=summary.question.text, values=list(summary.counts.counts))
            for summary in feedback.scores
        ],
        "low": 0,
        "high": max(highest, 1),
    }


def feedback_chart(feedback: MeetingFeedback, *, dom_id: str) -> SafeString:
    """The distribution of every score question of a meeting (or a trajectory's year)."""
    return grouped_bars(dom_id=dom_id, **_feedback(feedback))


def feedback_bars(feedback: MeetingFeedback) -> BarChart:
    return bar_chart(**_feedback(feedback))
