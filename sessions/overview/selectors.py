"""Reads for the overview pages and exports: trajectories with everything their figures need."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from sessions.enums import MeetingKind, MeetingRole
from sessions.models import Attendance, Meeting, Preparation, RoleTaken, Trajectory
from sessions.overview.figures import TrajectoryFigures, trajectory_figures
from sessions.selectors import trajectories_for_user


def with_overview_data(queryset: QuerySet[Trajectory]) -> QuerySet[Trajectory]:
    """Add the PLG meetings, products and report to a queryset built on trajectories_full()
    (which brings participants and schools); `overview_rows` reads the rest."""
    meetings = Meeting.objects.filter(kind=MeetingKind.PLG).order_by(
        "date", "start_time", "position"
    )
    return queryset.select_related("report").prefetch_related(
        Prefetch("meetings", queryset=meetings, to_attr="plg_meetings"), "products"
    )


def _by_meeting(rows: Iterable) -> dict[int, list]:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.meeting_id].append(row)
    return grouped


def _meeting_facts(meeting_ids: list[int]) -> tuple[dict, dict, dict]:
    """Attendance, roles and preparations of the meetings as plain named tuples grouped by
    meeting: the figures read three columns of each, and prefetching them as model
    instances (one queryset per meeting) cost more than the rest of the overview."""
    meetings = {"meeting_id__in": meeting_ids}
    return (
        _by_meeting(
            Attendance.objects.filter(**meetings).values_list(
                "meeting_id", "participant_id", "status", named=True
            )
        ),
        _by_meeting(
            RoleTaken.objects.filter(**meetings).values_list(
                "meeting_id", "school_id", "role", named=True
            )
        ),
        _by_meeting(
            Preparation.objects.filter(**meetings).values_list(
                "meeting_id", "school_id", named=True
            )
        ),
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


def overview_rows(trajectories: Iterable[Trajectory], *, today=None) -> list[OverviewRow]:
    """A row per trajectory read through with_overview_data, in three more queries whatever
    the number of trajectories and meetings."""
    trajectories = list(trajectories)
    attendances, roles, preparations = _meeting_facts(
        [meeting.pk for trajectory in trajectories for meeting in trajectory.plg_meetings]
    )
    today = today or timezone.localdate()
    rows = []
    for trajectory in trajectories:
        schools = sorted(trajectory.dossier.schools.all(), key=lambda s: (s.position, s.pk))
        meetings = trajectory.plg_meetings
        report = getattr(trajectory, "report", None)
        figures = trajectory_figures(
            meeting_count=trajectory.dossier.call.meeting_count,
            school_ids=[s.pk for s in schools],
            participants=list(trajectory.participants.all()),
            meetings=meetings,
            attendances=[a for m in meetings for a in attendances.get(m.pk, ())],
            roles=[r for m in meetings for r in roles.get(m.pk, ())],
            preparations=[p for m in meetings for p in preparations.get(m.pk, ())],
            products=list(trajectory.products.all()),
            report_status=report.status if report else None,
            today=today,
        )
        rows.append(
            OverviewRow(trajectory=trajectory, schools=schools, meetings=meetings, figures=figures)
        )
    return rows


def overview_row(trajectory: Trajectory, *, today=None) -> OverviewRow:
    return overview_rows([trajectory], today=today)[0]


def overview_rows_for_call(*, user, call) -> list[OverviewRow]:
    """Staff: every trajectory of the call; a coach: the ones they coach; others: none.

    Only what the overview and its export show is read: trajectories_full() also brings each
    trajectory's collaborators, every meeting and each participant's school for the
    trajectory's own pages, hundreds of model instances a call that this list never uses."""
    visible = trajectories_for_user(user).filter(dossier__call=call).order_by().values("pk")
    trajectories = (
        Trajectory.objects.filter(pk__in=visible)
        .select_related("dossier__call", "coach")
        .prefetch_related("dossier__schools", "participants")
        .order_by("dossier__reference", "pk")
    )
    return overview_rows(with_overview_data(trajectories))
