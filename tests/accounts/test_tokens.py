from datetime import timedelta

import pytest

from plgportal.accounts.tokens import InvitationTokenGenerator
from tests.factories import UserFactory


class ShiftedClock(InvitationTokenGenerator):
    def __init__(self, shift):
        super().__init__()
        self.shift = shift

    def _now(self):
        return super()._now() + self.shift


@pytest.fixture
def invitee(db):
    user = UserFactory(role="jury", verified_email=False)
    user.set_unusable_password()
    user.save()
    return user


@pytest.mark.parametrize(
    ("age", "valid"),
    [
        (timedelta(0), True),
        (timedelta(days=13, hours=23), True),
        (timedelta(days=14, hours=1), False),
    ],
)
def test_invitation_token_valid_for_fourteen_days(invitee, age, valid):
    token = InvitationTokenGenerator().make_token(invitee)
    assert ShiftedClock(age).check_token(invitee, token) is valid


def test_invitation_token_outlives_password_reset_timeout(invitee, settings):
    settings.PASSWORD_RESET_TIMEOUT = 60
    token = InvitationTokenGenerator().make_token(invitee)
    assert ShiftedClock(timedelta(days=5)).check_token(invitee, token) is True


def test_invitation_token_dies_once_password_chosen(invitee):
    generator = InvitationTokenGenerator()
    token = generator.make_token(invitee)
    invitee.set_password("a-new-long-password")
    invitee.save()
    assert generator.check_token(invitee, token) is False


@pytest.mark.parametrize("token", ["", "garbage", "zzzz-abc", "1-2-3"])
def test_invitation_token_rejects_malformed(invitee, token):
    assert InvitationTokenGenerator().check_token(invitee, token) is False


def test_password_reset_token_is_not_an_invitation_token(invitee):
    from django.contrib.auth.tokens import default_token_generator

    token = default_token_generator.make_token(invitee)
    assert InvitationTokenGenerator().check_token(invitee, token) is False
