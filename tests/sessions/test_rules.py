"""Trajectory access for partner directors follows the dossier's invitation rule
(`applications.rules.is_invitee`): the linked account, or the verified owner of the address."""

import pytest
from allauth.account.models import EmailAddress

from applications.models import Collaborator
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
