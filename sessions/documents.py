"""The trajectory's PDFs: the evaluation report, the overview and a meeting's attendance sheet.

Each function fetches what it needs through the selectors, so a view, a background export or
a shell can call it with just the object; the views wrap the bytes in a response.
"""

from itertools import groupby

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from plgportal.pdf import pdf_filename, render_pdf
from sessions.charts import attendance_bars, feedback_bars, preparation_bars
from sessions.feedback.selectors import report_feedback
from sessions.guards import REPORT_TEXT_FIELDS
from sessions.indicators.selectors import indicators_by_trajectory
from sessions.meetings.services import participants_active_on
from sessions.models import EvaluationReport, Meeting, Trajectory
from sessions.overview.figures import LIGHT_LABELS
from sessions.overview.selectors import overview_row, with_overview_data
from sessions.report.data import report_figures_for
from sessions.report.forms import REPORT_PROMPTS
from sessions.selectors import trajectories_full


def participants_by_school(items, participant=lambda item: item) -> list[tuple]:
    """[(school, [items])] in the participants' order (school position, then name)."""
    return [
        (school, list(members))
        for school, members in groupby(items, key=lambda item: participant(item).school)
    ]


def report_sections(report: EvaluationReport) -> list[dict]:
    """The sections of the foundation's template, in order, with their prompt and text."""
    return [
        {
            "name": name,
            "title": capfirst(report._meta.get_field(name).verbose_name),
            "prompt": REPORT_PROMPTS[name],
            "text": getattr(report, name),
        }
        for name in REPORT_TEXT_FIELDS
    ]


def report_context(report: EvaluationReport, trajectory: Trajectory) -> dict:
    """What the report page and its PDF show: the texts and the figures pulled from the
    meetings. `trajectory` comes from sessions.selectors.trajectories_full()."""
    return {
        "report": report,
        "sections": report_sections(report),
        "figures": report_figures_for(trajectory),
        # Guskey levels 1, 2 and 4: the participants' answers after the meetings.
        "feedback": report_feedback(trajectory),
        # Guskey levels 3 and 5: the schools' indicators before and after.
        "indicators": indicators_by_trajectory([trajectory])[trajectory.pk],
        "products": list(trajectory.products.select_related("school").order_by("title")),
    }


def _header(trajectory: Trajectory, document_title: str) -> dict:
    """The running header every trajectory PDF shares."""
    dossier = trajectory.dossier
    return {
        "document_title": document_title,
        "reference": dossier.reference or "",
        "call_title": dossier.call.title,
    }


def evaluation_report_pdf(report: EvaluationReport, trajectory: Trajectory | None = None) -> bytes:
    """The report in the foundation's template with the figures of the meetings; `report` may
    be the unsaved empty draft of sessions.report.services.report_for(). `trajectory`, when the
    caller has it from `trajectories_full()` already (the report's pages), saves reading it
    twice."""
    if trajectory is None or trajectory.pk != report.trajectory_id:
        trajectory = trajectories_full().get(pk=report.trajectory_id)
    context = report_context(report, trajectory)
    return render_pdf(
        "pdf/evaluation_report.html",
        {
            **_header(trajectory, _("Evaluatieverslag")),
            "trajectory": trajectory,
            **context,
            "feedback_chart": feedback_bars(context["feedback"].feedback),
        },
    )


def evaluation_report_pdf_filename(report: EvaluationReport) -> str:
    return pdf_filename(report.trajectory.dossier, _("evaluatieverslag"))


def trajectory_overview_pdf(trajectory: Trajectory) -> bytes:
    """The figures and traffic lights of one trajectory, with both charts, and the participants'
    answers after the meetings (sessions.feedback). A trajectory read
    through `with_overview_data(trajectories_full())` (the overview's pages) is used as it is."""
    if not hasattr(trajectory, "plg_meetings"):  # with_overview_data's prefetch
        trajectory = with_overview_data(trajectories_full()).get(pk=trajectory.pk)
    row = overview_row(trajectory)
    feedback = report_feedback(trajectory)
    return render_pdf(
        "pdf/trajectory_overview.html",
        {
            "feedback": feedback,
            "feedback_chart": feedback_bars(feedback.feedback),
            **_header(trajectory, _("Overzicht van het traject")),
            "trajectory": trajectory,
            "row": row,
            "light_labels": LIGHT_LABELS,
            "attendance_chart": attendance_bars(row),
            "preparation_chart": preparation_bars(row),
        },
    )


def trajectory_overview_pdf_filename(trajectory: Trajectory) -> str:
    return pdf_filename(trajectory.dossier, _("overzicht-traject"))


def attendance_sheet_pdf(meeting: Meeting) -> bytes:
    """A4 sheet per school with the participants active on the meeting's day and an empty
    signature column."""
    trajectory = trajectories_full().get(pk=meeting.trajectory_id)
    participants = participants_active_on(trajectory.participants.all(), meeting.date)
    meeting = Meeting.objects.select_related("host_school").get(pk=meeting.pk)
    return render_pdf(
        "pdf/attendance_sheet.html",
        {
            **_header(trajectory, _("Aanwezigheidslijst")),
            "trajectory": trajectory,
            "meeting": meeting,
            "groups": participants_by_school(participants),
        },
    )


def attendance_sheet_pdf_filename(meeting: Meeting) -> str:
    return pdf_filename(meeting.trajectory.dossier, _("aanwezigheidslijst"), str(meeting.position))
