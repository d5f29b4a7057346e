"""Reads for the overview pages and exports: trajectories with everything their figures need."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from sessions.enums import MeetingKind, MeetingRole
from sessions.models import Meeting, Trajectory
from sessions.overview.figures import TrajectoryFigures, trajectory_figures
from sessions.selectors import trajectories_for_user


def with_overview_data(queryset: QuerySet[Trajectory]) -> QuerySet[Trajectory]:
    """Add what trajectory_figures needs to a queryset built on trajectories_full() (which
    brings participants and schools), in a fixed number of queries for any number of rows."""
    meetings = (
        Meeting.objects.filter(kind=MeetingKind.PLG)
        .select_related("host_school")
        .prefetch_related("attendances", "roles", "preparations")
        .order_by("date", "start_time", "position")
    )
    return queryset.select_related("report").prefetch_related(
        Prefetch("meetings", queryset=meetings, to_attr="plg_meetings"), "products"
    )


@dataclass
class OverviewRow:
    trajectory: Trajectory
    schools: list
    meetings: list
    figures: TrajectoryFigures

    @property
    def school_rows(self) -> list[dict]:
        """Per school, for templates: attendance, roles taken and products."""
        return [
            {
                "school": school,
                "attendance": self.figures.attendance_per_school[school.pk],
                "roles": [MeetingRole(r).label for r in self.figures.roles_per_school[school.pk]],
                "products": self.figures.products_per_school[school.pk],
            }
            for school in self.schools
        ]

    @property
    def participant_rows(self) -> list[dict]:
        return [
            {"participant": p, "attendance": self.figures.attendance_per_participant[p.pk]}
            for p in self.trajectory.participants.all()
        ]

    @property
    def meeting_rows(self) -> list[dict]:
        """Per held meeting: how many schools prepared it."""
        return [
            {"meeting": m, "prepared": self.figures.preparation_per_meeting[m.pk]}
            for m in self.meetings
            if m.held
        ]


def overview_row(trajectory: Trajectory, *, today=None) -> OverviewRow:
    schools = sorted(trajectory.dossier.schools.all(), key=lambda s: (s.position, s.pk))
    meetings = trajectory.plg_meetings
    report = getattr(trajectory, "report", None)
    figures = trajectory_figures(
        meeting_count=trajectory.dossier.call.meeting_count,
        school_ids=[s.pk for s in schools],
        participants=list(trajectory.participants.all()),
        meetings=meetings,
        attendances=[a for m in meetings for a in m.attendances.all()],
        roles=[r for m in meetings for r in m.roles.all()],
        preparations=[p for m in meetings for p in m.preparations.all()],
        products=list(trajectory.products.all()),
        report_status=report.status if report else None,
        today=today or timezone.localdate(),
    )
    return OverviewRow(trajectory=trajectory, schools=schools, meetings=meetings, figures=figures)


def overview_rows_for_call(*, user, call) -> list[OverviewRow]:
    """Staff: every trajectory of the call; a coach: the ones they coach; others: none."""
    queryset = with_overview_data(trajectories_for_user(user).filter(dossier__call=call))
    return [overview_row(trajectory) for trajectory in queryset]
