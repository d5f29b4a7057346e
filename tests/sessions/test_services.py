import importlib
from datetime import time

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from applications.models import PlannedMeeting
from sessions.models import CalendarToken, Trajectory
from sessions.services import (
    trajectories_create_for_selected,
    trajectory_assign_coach,
    trajectory_create_from_dossier,
)
from tests.factories import eligible_dossier


@pytest.fixture
def dossier(db):
    dossier = eligible_dossier(schools=4)
    PlannedMeeting.objects.filter(dossier=dossier).update(start_time=time(13, 30))
    return dossier


def test_trajectory_takes_delegates_and_planning_from_the_dossier(dossier):
    trajectory = trajectory_create_from_dossier(dossier=dossier)
    participants = list(trajectory.participants.all())
    assert len(participants) == 4 * 2
    assert {p.active_from for p in participants} == {dossier.call.school_year_start}
    meetings = list(trajectory.meetings.order_by("position"))
    planned = list(dossier.meetings.order_by("position"))
    assert [m.date for m in meetings] == [p.date for p in planned]
    assert {(m.start_time, m.end_time) for m in meetings} == {(time(13, 30), time(16, 0))}
    assert meetings[0].host_school == planned[0].host_school
    assert planned[0].host_school.city in meetings[0].address


def test_trajectory_creation_is_idempotent(dossier):
    first = trajectory_create_from_dossier(dossier=dossier)
    assert trajectory_create_from_dossier(dossier=dossier) == first
    assert first.participants.count() == 8
    assert Trajectory.objects.count() == 1


def test_trajectories_created_only_for_selected_dossiers(dossier, staff_user):
    from applications.services import dossier_set_status, dossier_submit
    from jury.models import Decision

    other = eligible_dossier(call=dossier.call)
    for item in (dossier, other):
        dossier_submit(dossier=item, user=item.created_by)
        dossier_set_status(dossier=item, status="admissible", by=staff_user)
    Decision.objects.create(dossier=dossier, outcome="selected", decided_by=staff_user)
    Decision.objects.create(dossier=other, outcome="not_selected", decided_by=staff_user)
    created = trajectories_create_for_selected(call=dossier.call)
    assert [trajectory.dossier for trajectory in created] == [dossier]


def test_assign_coach_requires_the_coach_role(dossier, coach, juror):
    trajectory = trajectory_create_from_dossier(dossier=dossier)
    trajectory_assign_coach(trajectory=trajectory, coach=coach)
    assert Trajectory.objects.get().coach == coach
    with pytest.raises(ValidationError):
        trajectory_assign_coach(trajectory=trajectory, coach=juror)
    assert Trajectory.objects.get().coach == coach
    trajectory_assign_coach(trajectory=trajectory, coach=None)
    assert Trajectory.objects.get().coach is None


def test_trajectory_comes_with_the_token_of_its_calendar_feed(dossier):
    trajectory = trajectory_create_from_dossier(dossier=dossier)
    assert len(CalendarToken.objects.get(trajectory=trajectory).token) >= 32
    trajectory_create_from_dossier(dossier=dossier)
    assert CalendarToken.objects.count() == 1


def test_migration_gives_older_trajectories_their_calendar_token(dossier):
    backfill = importlib.import_module("sessions.migrations.0005_trajectory_calendar_tokens")
    trajectory = trajectory_create_from_dossier(dossier=dossier)
    kept = trajectory_create_from_dossier(dossier=eligible_dossier(call=dossier.call))
    kept_token = CalendarToken.objects.get(trajectory=kept).token
    CalendarToken.objects.filter(trajectory=trajectory).delete()
    backfill.create_missing_tokens(apps, None)
    assert CalendarToken.objects.filter(trajectory=trajectory).exists()
    assert CalendarToken.objects.get(trajectory=kept).token == kept_token
