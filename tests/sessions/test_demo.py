from datetime import date

import pytest

from plgportal.demo import seed_demo
from sessions.models import Attendance, EvaluationReport, IndicatorRecord, Meeting, Trajectory


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    seed_demo(today=date(2026, 11, 23))


def test_demo_three_trajectories_coached_by_coach_one(seeded):
    trajectories = list(Trajectory.objects.order_by("dossier__reference"))
    assert len(trajectories) == 3
    assert {t.coach.email for t in trajectories} == {"coach.1@demo.plg"}
    held = [t.meetings.filter(held=True).count() for t in trajectories]
    assert held == [5, 3, 0]
    assert EvaluationReport.objects.get().trajectory == trajectories[0]
    assert EvaluationReport.objects.get().status == "submitted"


def test_demo_joint_events_and_attendance(seeded):
    assert set(Meeting.objects.filter(trajectory__isnull=True).values_list("kind", flat=True)) == {
        "kickoff",
        "closing",
    }
    assert Attendance.objects.filter(status="excused").exclude(note="").exists()
    assert Attendance.objects.filter(status="present").count() > 0


def test_demo_trajectories_seeded_once(seeded):
    counts = (Trajectory.objects.count(), Meeting.objects.count(), Attendance.objects.count())
    seed_demo(today=date(2026, 11, 23))
    assert (Trajectory.objects.count(), Meeting.objects.count(), Attendance.objects.count()) == (
        counts
    )


def test_demo_schools_recorded_their_indicators_before_and_the_finished_plg_after(seeded):
    finished, coached, starting = Trajectory.objects.order_by("dossier__reference")
    moments = {
        trajectory: sorted(
            IndicatorRecord.objects.filter(school__dossier=trajectory.dossier)
            .values_list("moment", flat=True)
            .distinct()
        )
        for trajectory in (finished, coached, starting)
    }
    assert moments == {
        finished: ["after", "before"],
        coached: ["before"],
        starting: ["before"],
    }
    schools = finished.dossier.schools.count()
    assert IndicatorRecord.objects.filter(school__dossier=finished.dossier).count() == 2 * schools
