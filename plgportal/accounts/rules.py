"""Who may do what with accounts. Roles are the base predicates every app combines."""

import rules

from plgportal.accounts.enums import Role


def _has_role(role):
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user):
        return bool(user and user.is_authenticated and user.is_active and user.role == role)

    return predicate


is_applicant = _has_role(Role.APPLICANT)
is_foundation_staff = _has_role(Role.STAFF)
is_juror = _has_role(Role.JURY)
is_coach = _has_role(Role.COACH)


@rules.predicate
def can_open_admin(user):
    return bool(user and user.is_authenticated and (user.is_staff or user.is_superuser))


# Who sees other people's dossiers, scores or the admin signs in with a second factor; for
# applicants and coaches it is optional.
must_use_two_factor = is_foundation_staff | is_juror | can_open_admin

rules.add_perm("accounts.manage_team", is_foundation_staff)
# The menu's staff links (team, outbox, exports, admin): each page checks its own permission.
rules.add_perm("accounts.use_staff_menu", is_foundation_staff)
