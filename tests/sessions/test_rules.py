"""Trajectory access for partner directors follows the dossier's invitation rule
(`applications.rules.is_invitee`): the linked account, or the verified owner of the address."""

import pytest
import rules
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser

from applications.models import Collaborator, Dossier
from plgportal.accounts.models import User
from sessions.models import EvaluationReport, Trajectory
from sessions.rules import is_trajectory_participant
from sessions.selectors import trajectories_for_user, trajectories_full
from tests.factories import UserFactory
from tests.sessions.factories import trajectory_for

PARTNER = "partner@school.be"


@pytest.mark.parametrize(
    ("verified", "linked", "expected"),
    [(True, False, True), (False, False, False), (False, True, True), (True, True, True)],
)
def test_partner_director_sees_trajectory_by_verified_address_or_link(
    db, verified, linked, expected
):
    trajectory = trajectory_for()
    partner = UserFactory(email=PARTNER, verified_email=False)
    EmailAddress.objects.create(user=partner, email="Partner@School.be", verified=verified)
    Collaborator.objects.create(
        dossier=trajectory.dossier,
        email=PARTNER,
        role="partner",
        user=partner if linked else None,
    )
    trajectory = trajectories_full().get(pk=trajectory.pk)

    assert is_trajectory_participant(partner, trajectory) is expected
    assert (trajectory in trajectories_for_user(partner)) is expected


@pytest.mark.parametrize(
    ("role", "follows", "lists"),
    [
        ("staff", True, True),
        ("coach", True, True),
        ("applicant", False, True),
        ("jury", False, False),
    ],
)
def test_trajectory_permissions_by_role(role, follows, lists):
    user = User(pk=1, email="u1@example.org", role=role, is_active=True)
    assert rules.has_perm("sessions.follow_trajectories", user) is follows
    assert rules.has_perm("sessions.list_trajectories", user) is lists


def test_calendar_links_for_everyone_signed_in():
    user = User(pk=1, email="u1@example.org", role="jury", is_active=True)
    assert rules.has_perm("sessions.view_calendar_links", user) is True
    assert rules.has_perm("sessions.view_calendar_links", AnonymousUser()) is False


COACH = 7


def _report(status):
    dossier = Dossier(created_by_id=99)
    return EvaluationReport(trajectory=Trajectory(dossier=dossier, coach_id=COACH), status=status)


@pytest.mark.parametrize(
    ("status", "allowed"),
    [("draft", True), ("changes_requested", True), ("submitted", False), ("approved", False)],
)
def test_write_report_its_coach_while_editable(status, allowed):
    coach = User(pk=COACH, email="coach@example.org", role="coach", is_active=True)
    assert rules.has_perm("sessions.write_report", coach, _report(status)) is allowed


def test_write_report_not_for_anonymous():
    assert rules.has_perm("sessions.write_report", AnonymousUser(), _report("draft")) is False


@pytest.mark.parametrize(
    ("role", "status", "allowed"),
    [
        ("staff", "submitted", True),
        ("staff", "draft", False),
        ("staff", "changes_requested", False),
        ("staff", "approved", False),
        ("coach", "submitted", False),
    ],
)
def test_decide_report_staff_once_submitted(role, status, allowed):
    user = User(pk=COACH, email="u@example.org", role=role, is_active=True)
    assert rules.has_perm("sessions.decide_report", user, _report(status)) is allowed


@pytest.mark.parametrize(
    ("role", "all_", "coached", "panels"),
    [
        ("staff", True, False, False),
        ("coach", False, True, False),
        ("applicant", False, False, True),
        ("jury", False, False, False),
    ],
)
def test_which_trajectories_a_role_sees(role, all_, coached, panels):
    user = User(pk=1, email="u@example.org", role=role, is_active=True)
    assert rules.has_perm("sessions.view_all_trajectories", user) is all_
    assert rules.has_perm("sessions.coach_trajectories", user) is coached
    assert rules.has_perm("sessions.view_trajectory_panels", user) is panels


def test_trajectory_panels_not_for_anonymous():
    assert rules.has_perm("sessions.view_trajectory_panels", AnonymousUser()) is False
