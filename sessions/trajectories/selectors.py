"""A trajectory list's rows: plan compliance, meetings planned and held, the next meeting."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from sessions.compliance import ComplianceReport
from sessions.enums import MeetingKind
from sessions.models import Meeting, Trajectory
from sessions.trajectories.planning import plan_report


@dataclass
class TrajectoryRow:
    trajectory: Trajectory
    report: ComplianceReport
    planned: int
    held: int
    next_meeting: Meeting | None


def trajectory_rows(trajectories, today: dt.date | None = None) -> list[TrajectoryRow]:
    """One row per trajectory from trajectories_full(): no further queries."""
    today = today or timezone.localdate()
    rows = []
    for trajectory in trajectories:
        meetings = [m for m in trajectory.meetings.all() if m.kind == MeetingKind.PLG]
        upcoming = sorted(
            (m for m in meetings if m.date and m.date >= today and not m.held),
            key=lambda m: (m.date, m.start_time or dt.time.min),
        )
        rows.append(
            TrajectoryRow(
                trajectory=trajectory,
                report=plan_report(trajectory),
                planned=sum(1 for m in meetings if m.date),
                held=sum(1 for m in meetings if m.held),
                next_meeting=upcoming[0] if upcoming else None,
            )
        )
    return rows
