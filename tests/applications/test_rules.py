"""Dossier permissions on unsaved objects: who may start, edit, work on, submit and reopen a
dossier, the deadline included (applications/rules.py)."""

from datetime import timedelta

import pytest
import rules
from django.utils import timezone

from applications.models import Dossier
from applications.rules import is_call_open, was_submitted
from plgportal.accounts.models import User
from plgportal.calls.models import Call

CONTACT = 1


def _user(pk, role="applicant"):
    return User(pk=pk, email=f"u{pk}@example.org", role=role, is_active=True)


def _dossier(*, status="draft", open_call=True):
    now = timezone.now()
    deadline = now + timedelta(days=1) if open_call else now - timedelta(seconds=1)
    call = Call(opens_at=now - timedelta(days=30), deadline=deadline)
    return Dossier(call=call, created_by_id=CONTACT, status=status)


@pytest.mark.parametrize(
    ("role", "allowed"), [("applicant", True), ("staff", False), ("jury", False), ("coach", False)]
)
def test_start_dossier_only_for_applicants(role, allowed):
    assert rules.has_perm("applications.start_dossier", _user(1, role)) is allowed


@pytest.mark.parametrize(("open_call", "expected"), [(True, True), (False, False)])
def test_is_call_open_follows_the_deadline(open_call, expected):
    assert is_call_open(_user(CONTACT), _dossier(open_call=open_call)) is expected


def test_is_call_open_false_without_dossier():
    assert is_call_open(_user(CONTACT), None) is False


@pytest.mark.parametrize(
    ("status", "open_call", "allowed"),
    [
        ("draft", True, True),
        ("draft", False, False),  # past the deadline
        ("submitted", True, False),
        ("admissible", True, False),
    ],
)
def test_edit_dossier_member_on_a_draft_before_the_deadline(status, open_call, allowed):
    dossier = _dossier(status=status, open_call=open_call)
    assert rules.has_perm("applications.edit_dossier", _user(CONTACT), dossier) is allowed


@pytest.mark.parametrize(
    ("status", "open_call", "allowed"),
    [("draft", True, True), ("draft", False, True), ("submitted", True, False)],
)
def test_work_on_draft_leaves_the_deadline_to_the_service(status, open_call, allowed):
    dossier = _dossier(status=status, open_call=open_call)
    assert rules.has_perm("applications.work_on_draft", _user(CONTACT), dossier) is allowed


@pytest.mark.parametrize("status", ["submitted", "admissible"])
def test_submit_dossier_for_members_even_once_submitted(status):
    # The view answers "already submitted" with a message, not a 403.
    assert rules.has_perm("applications.submit_dossier", _user(CONTACT), _dossier(status=status))


@pytest.mark.parametrize(
    ("status", "expected"),
    [("draft", False), ("submitted", True), ("admissible", True), ("not_admissible", True)],
)
def test_was_submitted_is_every_status_but_draft(status, expected):
    assert was_submitted(_user(2, "staff"), _dossier(status=status)) is expected


@pytest.mark.parametrize(
    ("role", "status", "allowed"),
    [
        ("staff", "submitted", True),
        ("staff", "not_admissible", True),
        ("staff", "draft", False),
        ("applicant", "submitted", False),
    ],
)
def test_reopen_dossier_staff_on_a_submitted_dossier(role, status, allowed):
    dossier = _dossier(status=status)
    assert rules.has_perm("applications.reopen_dossier", _user(2, role), dossier) is allowed


@pytest.mark.parametrize(
    ("role", "status", "allowed"),
    [
        ("staff", "draft", False),
        ("staff", "submitted", True),
        ("staff", "admissible", True),  # a decision may be revised
        ("staff", "not_admissible", True),
        ("applicant", "submitted", False),
        ("jury", "submitted", False),
    ],
)
def test_decide_on_dossier_staff_once_submitted(role, status, allowed):
    dossier = _dossier(status=status)
    assert rules.has_perm("applications.decide_on_dossier", _user(2, role), dossier) is allowed
