"""The figures of a trajectory and whether it keeps the call's commitments (traffic lights).

Pure: works on plain values or (unsaved) model objects, so every rule is tested without the
database. Only the PLG meetings of the trajectory count (joint events are the foundation's).
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext_lazy

from sessions.enums import AttendanceStatus, MeetingRole, ReportStatus

GREEN, ORANGE, RED = "groen", "oranje", "rood"

# The traffic lights (Light.code) as the pages, PDFs and spreadsheets name them.
LIGHT_LABELS = {
    "meetings": gettext_lazy("Bijeenkomsten"),
    "attendance": gettext_lazy("Aanwezigheid"),
    "roles": gettext_lazy("Rollen"),
    "preparation": gettext_lazy("Voorbereiding"),
    "products": gettext_lazy("Producten"),
    "report": gettext_lazy("Evaluatieverslag"),
}

# Thresholds, in one place: a rate at or above GOOD is green, at or above FAIR orange, else red.
ATTENDANCE_GOOD, ATTENDANCE_FAIR = 0.80, 0.60
PREPARATION_GOOD, PREPARATION_FAIR = 0.80, 0.60
# Meetings dated in the past but not marked held: up to this many is orange, more is red.
OVERDUE_FAIR = 1
REPORT_DONE = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


@dataclass(frozen=True)
class Counts:
    present: int = 0
    absent: int = 0
    excused: int = 0

    @property
    def total(self) -> int:
        return self.present + self.absent + self.excused

    @property
    def rate(self) -> float | None:
        """present / (present + absent + excused); None when nothing was recorded."""
        return self.present / self.total if self.total else None

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(
            self.present + other.present,
            self.absent + other.absent,
            self.excused + other.excused,
        )


@dataclass(frozen=True)
class Light:
    code: str  # "meetings", "attendance", "roles", "preparation", "products", "report"
    colour: str | None  # GREEN / ORANGE / RED, None when there is nothing to judge yet


@dataclass
class TrajectoryFigures:
    meeting_count: int  # the call's number of PLG meetings
    meetings_planned: int
    meetings_held: int
    hours: float
    overdue: int  # dated before today, not held
    attendance: Counts
    attendance_per_school: dict[int, Counts]
    attendance_per_participant: dict[int, Counts]
    # attendance per held meeting (in date order) and school: {meeting pk: {school pk: Counts}}
    attendance_per_meeting: dict[int, dict[int, Counts]]
    roles_per_school: dict[int, list[str]]  # role values, in MeetingRole order
    preparation_done: int
    preparation_expected: int
    preparation_per_meeting: dict[int, int]  # held meeting pk: schools that prepared it
    products: int
    products_per_school: dict[int, int]
    report_status: str | None
    lights: list[Light] = field(default_factory=list)

    @property
    def preparation_rate(self) -> float | None:
        if not self.preparation_expected:
            return None
        return self.preparation_done / self.preparation_expected

    def light(self, code: str) -> str | None:
        return next(one.colour for one in self.lights if one.code == code)


def rate_colour(rate: float | None, *, good: float, fair: float) -> str | None:
    if rate is None:
        return None
    if rate >= good:
        return GREEN
    if rate >= fair:
        return ORANGE
    return RED


def meeting_hours(meeting) -> float:
    if not (meeting.date and meeting.start_time and meeting.end_time):
        return 0.0
    start = datetime.combine(meeting.date, meeting.start_time)
    end = datetime.combine(meeting.date, meeting.end_time)
    return max((end - start).total_seconds(), 0) / 3600


def roles_taken_per_school(
    *, roles: Iterable, held_meeting_ids: set[int], school_ids: Iterable[int]
) -> dict[int, tuple[tuple[str, int], ...]]:
    """Per school, each role it took with how many times, in MeetingRole order. `roles` have
    .meeting_id, .school_id and .role. Only held meetings count: a role at a meeting that was not
    held was not taken. The overview and the evaluation report both count roles this way."""
    taken = Counter((r.school_id, r.role) for r in roles if r.meeting_id in held_meeting_ids)
    return {
        school: tuple(
            (role.value, taken[school, role]) for role in MeetingRole if taken[school, role]
        )
        for school in school_ids
    }


def attendance_counts(statuses: Iterable[str]) -> Counts:
    """How many of `statuses` (AttendanceStatus values) are present, absent and excused."""
    statuses = list(statuses)
    return Counts(
        present=statuses.count(AttendanceStatus.PRESENT),
        absent=statuses.count(AttendanceStatus.ABSENT),
        excused=statuses.count(AttendanceStatus.EXCUSED),
    )


def trajectory_figures(
    *,
    meeting_count: int,
    school_ids: Sequence[int],
    participants: Sequence,  # .pk, .school_id
    meetings: Sequence,  # PLG meetings: .pk, .date, .start_time, .end_time, .held
    attendances: Sequence,  # .meeting_id, .participant_id, .status
    roles: Sequence,  # .meeting_id, .school_id, .role
    preparations: Sequence,  # .meeting_id, .school_id
    products: Sequence,  # .school_id
    report_status: str | None,
    today: date,
) -> TrajectoryFigures:
    held = [m for m in meetings if m.held]
    held_ids = {m.pk for m in held}
    school_of = {p.pk: p.school_id for p in participants}
    counted = [a for a in attendances if a.meeting_id in held_ids and a.participant_id in school_of]

    per_participant = {
        p.pk: attendance_counts(a.status for a in counted if a.participant_id == p.pk)
        for p in participants
    }
    per_school = {
        school: attendance_counts(
            a.status for a in counted if school_of[a.participant_id] == school
        )
        for school in school_ids
    }
    per_meeting = {
        m.pk: {
            school: attendance_counts(
                a.status
                for a in counted
                if a.meeting_id == m.pk and school_of[a.participant_id] == school
            )
            for school in school_ids
        }
        for m in held
    }
    roles_per_school = {
        school: [role for role, _times in taken]
        for school, taken in roles_taken_per_school(
            roles=roles, held_meeting_ids=held_ids, school_ids=school_ids
        ).items()
    }
    prepared = {
        (p.meeting_id, p.school_id)
        for p in preparations
        if p.meeting_id in held_ids and p.school_id in school_ids
    }
    figures = TrajectoryFigures(
        meeting_count=meeting_count,
        meetings_planned=len(meetings),
        meetings_held=len(held),
        hours=sum(meeting_hours(m) for m in held),
        overdue=sum(1 for m in meetings if not m.held and m.date and m.date < today),
        attendance=attendance_counts(a.status for a in counted),
        attendance_per_school=per_school,
        attendance_per_participant=per_participant,
        attendance_per_meeting=per_meeting,
        roles_per_school=roles_per_school,
        preparation_done=len(prepared),
        preparation_expected=len(held) * len(school_ids),
        preparation_per_meeting={m.pk: sum(1 for p in prepared if p[0] == m.pk) for m in held},
        products=len(products),
        products_per_school={
            school: sum(1 for p in products if p.school_id == school) for school in school_ids
        },
        report_status=report_status,
    )
    figures.lights = traffic_lights(figures)
    return figures


def traffic_lights(figures: TrajectoryFigures) -> list[Light]:
    """One light per commitment of the call. "Still time" (not every meeting held yet) turns a
    missing role, product or report orange; once the year's meetings are all held it is red."""
    late = RED if figures.meetings_held >= figures.meeting_count else ORANGE
    if figures.overdue == 0:
        meetings = GREEN
    elif figures.overdue <= OVERDUE_FAIR:
        meetings = ORANGE
    else:
        meetings = RED
    roles_missing = sum(1 for taken in figures.roles_per_school.values() if not taken)
    if not figures.meetings_held:
        roles = None
    elif roles_missing == 0:
        roles = GREEN
    else:
        roles = late
    schools_without_product = sum(1 for n in figures.products_per_school.values() if not n)
    products = GREEN if schools_without_product == 0 else late
    report = GREEN if figures.report_status in REPORT_DONE else late
    return [
        Light("meetings", meetings),
        Light(
            "attendance",
            rate_colour(figures.attendance.rate, good=ATTENDANCE_GOOD, fair=ATTENDANCE_FAIR),
        ),
        Light("roles", roles),
        Light(
            "preparation",
            rate_colour(figures.preparation_rate, good=PREPARATION_GOOD, fair=PREPARATION_FAIR),
        ),
        Light("products", products),
        Light("report", report),
    ]
