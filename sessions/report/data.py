"""The figures the evaluation report pulls from the portal's data (attendance, roles, knowledge
sources, products), so participants never retype them.

`report_figures` is pure (plain values in, a structured result out); `report_figures_for` is the
thin builder that reads them from the database in a fixed number of queries.
"""

from dataclasses import dataclass

from sessions.enums import MeetingKind, MeetingRole
from sessions.models import Attendance, Preparation, RoleTaken
from sessions.overview.figures import Counts, attendance_counts, roles_taken_per_school


@dataclass(frozen=True)
class SchoolFact:
    pk: int
    name: str


@dataclass(frozen=True)
class MeetingFact:
    pk: int
    position: int
    held: bool


@dataclass(frozen=True)
class AttendanceFact:
    meeting_id: int
    school_id: int
    status: str


@dataclass(frozen=True)
class RoleFact:
    meeting_id: int
    school_id: int
    role: str


@dataclass(frozen=True)
class SourceFact:
    meeting_position: int
    school_name: str
    title: str
    author: str
    link: str


@dataclass(frozen=True)
class SchoolAttendance:
    school: str
    counts: Counts  # over held meetings, counted as the overview counts them

    @property
    def present(self) -> int:
        return self.counts.present

    @property
    def excused(self) -> int:
        return self.counts.excused

    @property
    def absent(self) -> int:
        return self.counts.absent

    @property
    def rate(self) -> float | None:
        """Share of recorded attendances that were present (excused counts as not present)."""
        return self.counts.rate

    @property
    def rate_percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


@dataclass(frozen=True)
class SchoolRoles:
    school: str
    roles: tuple[tuple[str, int], ...]  # (role label, times taken), in MeetingRole order


@dataclass(frozen=True)
class ReportFigures:
    meetings_held: int
    meetings_required: int
    attendance: tuple[SchoolAttendance, ...]
    roles: tuple[SchoolRoles, ...]
    sources: tuple[SourceFact, ...]


def report_figures(
    *,
    schools: list[SchoolFact],
    meetings: list[MeetingFact],
    attendances: list[AttendanceFact],
    roles: list[RoleFact],
    sources: list[SourceFact],
    meetings_required: int,
) -> ReportFigures:
    """Meetings held of the required number; attendance per school over held meetings only;
    roles taken per school (held meetings only, as the overview counts them); knowledge sources
    studied (title given), in meeting order, each distinct (title, author) once."""
    held = {meeting.pk for meeting in meetings if meeting.held}
    attendance = tuple(
        SchoolAttendance(
            school=school.name,
            counts=attendance_counts(
                a.status for a in attendances if a.school_id == school.pk and a.meeting_id in held
            ),
        )
        for school in schools
    )
    taken = roles_taken_per_school(
        roles=roles, held_meeting_ids=held, school_ids=[school.pk for school in schools]
    )
    school_roles = [
        SchoolRoles(
            school=school.name,
            roles=tuple((MeetingRole(role).label, times) for role, times in taken[school.pk]),
        )
        for school in schools
    ]
    seen = set()
    distinct_sources = []
    for source in sorted(sources, key=lambda s: s.meeting_position):
        key = (source.title.strip().lower(), source.author.strip().lower())
        if source.title.strip() and key not in seen:
            seen.add(key)
            distinct_sources.append(source)
    return ReportFigures(
        meetings_held=len(held),
        meetings_required=meetings_required,
        attendance=attendance,
        roles=tuple(school_roles),
        sources=tuple(distinct_sources),
    )


def report_figures_for(trajectory) -> ReportFigures:
    """The figures of one trajectory (from sessions.selectors.trajectories_full(): its schools
    and meetings are prefetched), in three queries: attendances, roles, preparations."""
    plg = {"meeting__trajectory": trajectory, "meeting__kind": MeetingKind.PLG}
    return report_figures(
        schools=[SchoolFact(school.pk, school.name) for school in trajectory.dossier.schools.all()],
        meetings=[
            MeetingFact(m.pk, m.position, m.held)
            for m in trajectory.meetings.all()
            if m.kind == MeetingKind.PLG
        ],
        attendances=[
            AttendanceFact(meeting_id, school_id, status)
            for meeting_id, school_id, status in Attendance.objects.filter(**plg).values_list(
                "meeting_id", "participant__school_id", "status"
            )
        ],
        roles=[
            RoleFact(*row)
            for row in RoleTaken.objects.filter(**plg).values_list(
                "meeting_id", "school_id", "role"
            )
        ],
        sources=[
            SourceFact(*row)
            for row in Preparation.objects.filter(**plg)
            .exclude(source_title="")
            .order_by("meeting__position", "school__position")
            .values_list(
                "meeting__position", "school__name", "source_title", "source_author", "source_link"
            )
        ],
        meetings_required=trajectory.dossier.call.meeting_count,
    )
