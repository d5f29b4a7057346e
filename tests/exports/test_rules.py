"""Export permissions on unsaved objects: staff start and see every export, a requester sees
their own."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from plgportal.accounts.models import User
from plgportal.exports.models import Export


def _user(pk, role):
    return User(pk=pk, email=f"u{pk}@example.org", role=role, is_active=True)


@pytest.mark.parametrize(
    ("role", "may_start"),
    [("staff", True), ("applicant", False), ("jury", False), ("coach", False)],
)
def test_only_staff_start_exports(role, may_start):
    assert rules.has_perm("exports.start_export", _user(1, role)) is may_start


@pytest.mark.parametrize(
    ("user", "may_see"),
    [
        (_user(1, "coach"), True),  # the requester, whatever their role
        (_user(2, "staff"), True),
        (_user(3, "coach"), False),
        (_user(4, "applicant"), False),
        (_user(5, "jury"), False),
    ],
)
def test_requester_and_staff_see_an_export(user, may_see):
    export = Export(requested_by_id=1)
    assert rules.has_perm("exports.view_export", user, export) is may_see
    assert rules.has_perm("exports.retry_export", user, export) is may_see


def test_anonymous_sees_no_export():
    assert (
        rules.has_perm("exports.view_export", AnonymousUser(), Export(requested_by_id=1)) is False
    )


@pytest.mark.parametrize(
    ("role", "sees_all"), [("staff", True), ("applicant", False), ("jury", False), ("coach", False)]
)
def test_only_staff_see_every_export(role, sees_all):
    assert rules.has_perm("exports.view_all_exports", _user(1, role)) is sees_all
