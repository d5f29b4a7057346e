import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError

from plgportal.accounts.models import User
from plgportal.accounts.services import (
    FOUNDATION_STAFF_GROUP,
    invitation_accept,
    invitation_send,
    user_invite,
    user_set_role,
)
from plgportal.outbox.models import Email
from tests.factories import UserFactory


def test_user_invite_creates_account_without_password_and_mails_link(
    staff_user, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://plg.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        user = user_invite(
            email="Jurylid@School.be", full_name="Jo Jury", role="jury", invited_by=staff_user
        )
    assert user.email == "jurylid@school.be"
    assert user.role == "jury"
    assert user.has_usable_password() is False
    assert user.invitation_pending is True
    assert user.invited_by == staff_user
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("jurylid@school.be", False, True)
    email = Email.objects.get(to="jurylid@school.be")
    assert email.status == "sent"
    assert "https://plg.example.org/uitnodiging/" in email.body_text
    assert "Jurylid" in email.subject
    assert len(mail.outbox) == 1


def test_user_invite_staff_gets_admin_access_and_group(staff_user):
    user = user_invite(email="new@kbs.be", full_name="Nieuw", role="staff", invited_by=staff_user)
    assert user.is_staff is True
    assert list(user.groups.values_list("name", flat=True)) == [FOUNDATION_STAFF_GROUP]


def test_user_invite_refuses_existing_address_case_insensitively(staff_user, juror):
    with pytest.raises(ValidationError) as error:
        user_invite(email=juror.email.upper(), full_name="X", role="coach", invited_by=staff_user)
    assert "email" in error.value.message_dict
    assert User.objects.filter(email__iexact=juror.email).count() == 1


def test_user_invite_refuses_applicant_role(staff_user):
    with pytest.raises(ValidationError) as error:
        user_invite(email="a@b.be", full_name="A", role="applicant", invited_by=staff_user)
    assert "role" in error.value.message_dict
    assert not User.objects.filter(email="a@b.be").exists()


def test_invitation_send_twice_queues_two_mails_with_fresh_links(staff_user):
    user = user_invite(email="c@b.be", full_name="C", role="coach", invited_by=staff_user)
    invitation_send(user=user, invited_by=staff_user)
    bodies = list(Email.objects.filter(to="c@b.be").values_list("body_text", flat=True))
    assert len(bodies) == 2


def test_invitation_send_refused_after_acceptance(staff_user):
    user = user_invite(email="d@b.be", full_name="D", role="coach", invited_by=staff_user)
    invitation_accept(user=user, password="een-lang-wachtwoord-2025")
    with pytest.raises(ValidationError):
        invitation_send(user=user, invited_by=staff_user)


def test_invitation_accept_sets_password_and_verifies_address(staff_user):
    user = user_invite(email="e@b.be", full_name="E", role="jury", invited_by=staff_user)
    invitation_accept(user=user, password="een-lang-wachtwoord-2025")
    user.refresh_from_db()
    assert user.check_password("een-lang-wachtwoord-2025") is True
    assert user.invitation_pending is False
    assert EmailAddress.objects.get(user=user).verified is True


def test_user_set_role_from_staff_to_coach_removes_admin_access(db):
    user = UserFactory(role="applicant")
    user_set_role(user=user, role="staff")
    user_set_role(user=user, role="coach")
    user.refresh_from_db()
    assert (user.role, user.is_staff, user.groups.count()) == ("coach", False, 0)


def test_staff_group_holds_permissions_of_portal_models(staff_user):
    assert staff_user.has_perm("calls.change_call") is True
    assert staff_user.has_perm("outbox.view_email") is True
    assert staff_user.has_perm("accounts.change_user") is True
    assert staff_user.has_perm("auth.change_group") is False
