"""Jury permissions on unsaved objects: what the jury's phase opens for jurors and staff
(jury/rules.py)."""

import pytest
import rules

from jury.models import Assignment, Jury
from plgportal.accounts.models import User

JUROR = 1


def _user(pk, role="jury"):
    return User(pk=pk, email=f"u{pk}@example.org", role=role, is_active=True)


def _assignment(phase, has_conflict=False, juror=JUROR):
    return Assignment(jury=Jury(phase=phase), juror_id=juror, has_conflict=has_conflict)


@pytest.mark.parametrize(
    ("has_conflict", "juror", "allowed"),
    [(None, JUROR, True), (False, JUROR, True), (True, JUROR, False), (False, 2, False)],
)
def test_view_assignment_its_juror_without_conflict(has_conflict, juror, allowed):
    assignment = _assignment("setup", has_conflict=has_conflict, juror=juror)
    assert rules.has_perm("jury.view_assignment", _user(JUROR), assignment) is allowed


@pytest.mark.parametrize(
    ("phase", "has_conflict", "allowed"),
    [
        ("setup", False, False),
        ("scoring", None, False),  # not declared yet: the declaration comes first
        ("scoring", False, True),
        ("deliberation", False, True),  # read-only, still linked
        ("published", False, True),
    ],
)
def test_open_review_from_the_scoring_on(phase, has_conflict, allowed):
    assignment = _assignment(phase, has_conflict=has_conflict)
    assert rules.has_perm("jury.open_review", _user(JUROR), assignment) is allowed


@pytest.mark.parametrize(
    ("role", "phase", "allowed"),
    [
        ("staff", "deliberation", True),
        ("staff", "scoring", False),
        ("staff", "published", False),
        ("jury", "deliberation", False),
    ],
)
def test_decide_staff_during_the_deliberation(role, phase, allowed):
    assert rules.has_perm("jury.decide", _user(2, role), Jury(phase=phase)) is allowed


@pytest.mark.parametrize(
    ("role", "phase", "allowed"),
    [
        ("staff", "setup", False),
        ("staff", "scoring", True),
        ("staff", "deliberation", True),
        ("staff", "published", False),
        ("jury", "scoring", False),
    ],
)
def test_reopen_review_staff_while_scoring_or_deliberating(role, phase, allowed):
    assert rules.has_perm("jury.reopen_review", _user(2, role), Jury(phase=phase)) is allowed


@pytest.mark.parametrize(
    ("role", "phase", "allowed"),
    [
        ("staff", "setup", True),
        ("staff", "scoring", True),
        ("staff", "deliberation", False),
        ("staff", "published", False),
        ("jury", "setup", False),
    ],
)
def test_edit_setup_staff_while_setting_up_or_scoring(role, phase, allowed):
    assert rules.has_perm("jury.edit_setup", _user(2, role), Jury(phase=phase)) is allowed
