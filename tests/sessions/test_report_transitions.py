"""The evaluation report's workflow: report_set_status moves only along REPORT_MOVES, checks the
report as stored (its row locked), and every move leaves a history row staff see."""

from itertools import product

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sessions.enums import ReportStatus
from sessions.models import EvaluationReport, ReportStatusChange
from sessions.report.services import REPORT_MOVES, STAFF_DECISIONS, report_set_status
from tests.sessions.factories import complete_report_texts, trajectory_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def trajectory(applicant, coach):
    return trajectory_for(coach=coach, created_by=applicant)


def moves(*, allowed: bool):
    return [
        pytest.param(old, new, id=f"{old}-to-{new}")
        for old, new in product(ReportStatus, ReportStatus)
        if (new in REPORT_MOVES[old]) == allowed
    ]


def mover(request, new):
    return request.getfixturevalue("staff_user" if new in STAFF_DECISIONS else "coach")


@pytest.mark.parametrize(("old", "new"), moves(allowed=True))
def test_report_set_status_allowed_move_writes_history(request, trajectory, old, new):
    report = EvaluationReport.objects.create(
        trajectory=trajectory, status=old, **complete_report_texts()
    )
    by = mover(request, new)

    moved = report_set_status(report=report, status=new, by=by, reason=" Meer voorbeelden ")

    assert EvaluationReport.objects.get(pk=report.pk).status == moved.status == new
    assert [
        (c.old_status, c.new_status, c.changed_by, c.reason) for c in report.status_changes.all()
    ] == [(old, new, by, "Meer voorbeelden")]


@pytest.mark.parametrize(("old", "new"), moves(allowed=False))
def test_report_set_status_other_move_refused_and_writes_nothing(request, trajectory, old, new):
    report = EvaluationReport.objects.create(trajectory=trajectory, status=old)

    with pytest.raises(ValidationError) as error:
        report_set_status(report=report, status=new, by=mover(request, new), reason="x")

    assert error.value.messages == [
        f"Van “{ReportStatus(old).label}” naar “{ReportStatus(new).label}” kan niet."
    ]
    assert EvaluationReport.objects.get(pk=report.pk).status == old
    assert not ReportStatusChange.objects.exists()


def test_report_set_status_judges_the_stored_report_not_a_stale_copy(trajectory, coach):
    """Two writers submit at once: the second, holding a copy read before the first submit,
    is refused instead of submitting (and writing history) twice."""
    report = EvaluationReport.objects.create(trajectory=trajectory, **complete_report_texts())
    stale = EvaluationReport.objects.get(pk=report.pk)
    report_set_status(report=report, status=ReportStatus.SUBMITTED, by=coach)

    with pytest.raises(ValidationError):
        report_set_status(report=stale, status=ReportStatus.SUBMITTED, by=coach)

    assert ReportStatusChange.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
def test_report_set_status_locks_the_report_row(trajectory, coach):
    report = EvaluationReport.objects.create(trajectory=trajectory, **complete_report_texts())

    with CaptureQueriesContext(connection) as queries:
        report_set_status(report=report, status=ReportStatus.SUBMITTED, by=coach)

    assert any(
        "FOR UPDATE" in q["sql"] and "plg_sessions_evaluationreport" in q["sql"]
        for q in queries.captured_queries
    )


def report_url(trajectory):
    return reverse("sessions:trajectory_report", kwargs={"pk": trajectory.pk})


def test_report_page_shows_its_history_to_staff_only(client, trajectory, coach, staff_user):
    report = EvaluationReport.objects.create(trajectory=trajectory, **complete_report_texts())
    report = report_set_status(report=report, status=ReportStatus.SUBMITTED, by=coach)
    report_set_status(
        report=report, status=ReportStatus.CHANGES_REQUESTED, by=staff_user, reason="Meer cijfers"
    )

    client.force_login(staff_user)
    staff_page = client.get(report_url(trajectory)).content.decode()
    client.force_login(coach)
    coach_page = client.get(report_url(trajectory)).content.decode()

    assert "Geschiedenis van het verslag" in staff_page
    assert "Ingediend → Aanpassingen gevraagd" in staff_page
    assert "Geschiedenis van het verslag" not in coach_page
