"""A call's trajectories, attendance and products as tables for staff (plgportal.spreadsheets).

Attendance covers the PLG meetings of every trajectory and the call's joint events (kick-off,
closing), which belong to no trajectory: their rows take the dossier from the participant.
"""

from collections.abc import Sequence

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.datasets import yes_no
from plgportal.calls.models import Call
from plgportal.spreadsheets.registry import Dataset
from plgportal.spreadsheets.tables import Column, Table, table_from_columns
from sessions.models import Attendance, Product, Trajectory
from sessions.overview.figures import LIGHT_LABELS
from sessions.overview.selectors import OverviewRow, overview_rows, with_overview_data
from sessions.selectors import trajectories_full


def _attendances(call: Call) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(meeting__call=call)
        .select_related("meeting", "participant__school", "participant__trajectory__dossier")
        .order_by(
            F("meeting__date").asc(nulls_last=True),
            "meeting__start_time",
            "meeting__kind",
            "meeting__position",
            "meeting__pk",
            "participant__trajectory__dossier__reference",
            "participant__school__position",
            "participant__full_name",
            "pk",
        )
    )


ATTENDANCE_COLUMNS: tuple[Column[Attendance], ...] = (
    (gettext_lazy("Dossiernummer"), lambda a: a.participant.trajectory.dossier.reference or ""),
    (gettext_lazy("Soort bijeenkomst"), lambda a: a.meeting.get_kind_display()),
    (gettext_lazy("Bijeenkomst"), lambda a: a.meeting.position or None),
    (gettext_lazy("Datum"), lambda a: a.meeting.date),
    (gettext_lazy("Deelnemer"), lambda a: a.participant.full_name),
    (gettext_lazy("E-mailadres"), lambda a: a.participant.email),
    (gettext_lazy("School"), lambda a: a.participant.school.name),
    (gettext_lazy("Aanwezigheid"), lambda a: a.get_status_display()),
    (gettext_lazy("Opmerking"), lambda a: a.note),
)


def attendance_count(call: Call) -> int:
    return Attendance.objects.filter(meeting__call=call).count()


def attendance_table(call: Call) -> Table:
    """One row per recorded attendance at a meeting or joint event of the call."""
    return table_from_columns(_("Aanwezigheden"), ATTENDANCE_COLUMNS, _attendances(call))


def _products(call: Call) -> QuerySet[Product]:
    return (
        Product.objects.filter(trajectory__dossier__call=call)
        .select_related("trajectory__dossier", "school")
        .order_by("trajectory__dossier__reference", "trajectory__pk", "pk")
    )


PRODUCT_COLUMNS: tuple[Column[Product], ...] = (
    (gettext_lazy("Dossiernummer"), lambda p: p.trajectory.dossier.reference or ""),
    (gettext_lazy("School"), lambda p: p.school.name if p.school else ""),
    (gettext_lazy("Titel"), lambda p: p.title),
    (gettext_lazy("Stadium"), lambda p: p.get_stage_display()),
    (gettext_lazy("Beschrijving"), lambda p: p.description),
    (gettext_lazy("Bevindingen van de test"), lambda p: p.test_findings),
    (gettext_lazy("Bijlage"), lambda p: yes_no(bool(p.attachment))),
    (gettext_lazy("Naam bijlage"), lambda p: p.attachment_name if p.attachment else ""),
)


def products_count(call: Call) -> int:
    return Product.objects.filter(trajectory__dossier__call=call).count()


def products_table(call: Call) -> Table:
    """Every product of the call's trajectories."""
    return table_from_columns(_("Producten"), PRODUCT_COLUMNS, _products(call))


def _percent(rate: float | None) -> int | None:
    return None if rate is None else round(rate * 100)


def _schools_without_role(figures) -> int:
    return sum(1 for roles in figures.roles_per_school.values() if not roles)


def _report_status(row: OverviewRow) -> str:
    report = getattr(row.trajectory, "report", None)
    return report.get_status_display() if report else _("Nog niet begonnen")


TRAJECTORY_COLUMNS: tuple[Column[OverviewRow], ...] = (
    (gettext_lazy("Dossier"), lambda r: str(r.trajectory.dossier)),
    (gettext_lazy("Titel"), lambda r: r.trajectory.dossier.working_title),
    (
        gettext_lazy("Coach"),
        lambda r: r.trajectory.coach.get_full_name() if r.trajectory.coach else "",
    ),
    (gettext_lazy("Bijeenkomsten gehouden"), lambda r: r.figures.meetings_held),
    (gettext_lazy("Bijeenkomsten voorzien"), lambda r: r.figures.meeting_count),
    (gettext_lazy("Uren"), lambda r: round(r.figures.hours, 2)),
    (gettext_lazy("Aanwezig"), lambda r: r.figures.attendance.present),
    (gettext_lazy("Afwezig"), lambda r: r.figures.attendance.absent),
    (gettext_lazy("Verontschuldigd"), lambda r: r.figures.attendance.excused),
    (gettext_lazy("Aanwezigheid (%)"), lambda r: _percent(r.figures.attendance.rate)),
    (gettext_lazy("Scholen zonder rol"), lambda r: _schools_without_role(r.figures)),
    (gettext_lazy("Voorbereiding (%)"), lambda r: _percent(r.figures.preparation_rate)),
    (gettext_lazy("Producten"), lambda r: r.figures.products),
    (gettext_lazy("Evaluatieverslag"), _report_status),
)


def trajectories_table(rows: Sequence[OverviewRow]) -> Table:
    """The overview's figures and traffic lights, one row per trajectory."""
    light_columns = [
        (
            f"{LIGHT_LABELS[code]} – {_('signaal')}",
            lambda r, index=index: r.figures.lights[index].colour or "",
        )
        for index, code in enumerate(LIGHT_LABELS)
    ]
    return table_from_columns(_("Trajecten"), (*TRAJECTORY_COLUMNS, *light_columns), rows)


def trajectories_count(call: Call) -> int:
    return Trajectory.objects.filter(dossier__call=call).count()


def trajectories_table_for_call(call: Call) -> Table:
    """Every trajectory of the call, as staff see them on the overview."""
    trajectories = with_overview_data(
        trajectories_full().filter(dossier__call=call).order_by("dossier__reference", "pk")
    )
    return trajectories_table(overview_rows(trajectories))


# The call's tables this app adds to the export centre (registered in apps.py).
CALL_DATASETS = (
    Dataset(
        "trajecten", gettext_lazy("Trajecten"), trajectories_count, trajectories_table_for_call
    ),
    Dataset("aanwezigheden", gettext_lazy("Aanwezigheden"), attendance_count, attendance_table),
    Dataset("producten", gettext_lazy("Producten"), products_count, products_table),
)
