"""Derived states of the trajectory's models, on unsaved objects (sessions/models.py)."""

import pytest

from sessions.models import EvaluationReport, Meeting


@pytest.mark.parametrize(
    ("kind", "expected"), [("plg", True), ("kickoff", False), ("closing", False)]
)
def test_meeting_is_plg_meeting_for_the_plgs_own_meetings(kind, expected):
    assert Meeting(kind=kind).is_plg_meeting is expected


@pytest.mark.parametrize(
    ("status", "editable", "awaits_decision"),
    [
        ("draft", True, False),
        ("changes_requested", True, False),
        ("submitted", False, True),
        ("approved", False, False),
    ],
)
def test_report_is_editable_and_awaits_decision(status, editable, awaits_decision):
    report = EvaluationReport(status=status)
    assert (report.is_editable, report.awaits_decision) == (editable, awaits_decision)
