import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from plgportal.accounts.models import User
from plgportal.accounts.rules import is_applicant, is_coach, is_foundation_staff, is_juror

PREDICATES = {
    "applicant": is_applicant,
    "staff": is_foundation_staff,
    "jury": is_juror,
    "coach": is_coach,
}


@pytest.mark.parametrize("role", PREDICATES)
@pytest.mark.parametrize("predicate_role", PREDICATES)
def test_role_predicate_true_only_for_its_own_role(role, predicate_role):
    user = User(email="x@example.org", role=role)
    assert PREDICATES[predicate_role](user) is (role == predicate_role)


@pytest.mark.parametrize("predicate", PREDICATES.values())
def test_role_predicate_false_for_anonymous(predicate):
    assert predicate(AnonymousUser()) is False


def test_role_predicate_false_for_deactivated_user():
    assert is_foundation_staff(User(role="staff", is_active=False)) is False


@pytest.mark.parametrize(
    ("role", "allowed"), [("staff", True), ("jury", False), ("coach", False), ("applicant", False)]
)
def test_manage_team_permission_only_for_staff(role, allowed):
    assert rules.has_perm("accounts.manage_team", User(role=role)) is allowed


@pytest.mark.parametrize(
    ("role", "allowed"), [("staff", True), ("jury", False), ("coach", False), ("applicant", False)]
)
def test_staff_menu_only_for_staff(role, allowed):
    assert rules.has_perm("accounts.use_staff_menu", User(role=role)) is allowed
