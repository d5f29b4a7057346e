"""Derived states of the jury's models, on unsaved objects (jury/models.py)."""

import pytest

from jury.models import Decision, Jury


@pytest.mark.parametrize(
    ("phase", "expected"),
    [("setup", True), ("scoring", True), ("deliberation", False), ("published", False)],
)
def test_jury_is_setup_open_while_setting_up_or_scoring(phase, expected):
    assert Jury(phase=phase).is_setup_open is expected


@pytest.mark.parametrize(
    ("outcome", "selected", "reserve"),
    [("selected", True, False), ("reserve", False, True), ("not_selected", False, False)],
)
def test_decision_outcome_properties(outcome, selected, reserve):
    decision = Decision(outcome=outcome)
    assert (decision.is_selected, decision.is_reserve) == (selected, reserve)
