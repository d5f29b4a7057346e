from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count, Q, QuerySet

from plgportal.accounts.enums import INVITED_ROLES, Role
from plgportal.accounts.models import User


def team_members() -> QuerySet[User]:
    """Staff, jurors and coaches, the people staff invite and look after."""
    return (
        User.objects.filter(role__in=INVITED_ROLES)
        .select_related("invited_by")
        .order_by("role", "full_name")
    )


def team_counts() -> dict:
    pending = Q(invited_at__isnull=False) & Q(password__startswith=UNUSABLE_PASSWORD_PREFIX)
    return User.objects.aggregate(
        jurors=Count("pk", filter=Q(role=Role.JURY, is_active=True)),
        coaches=Count("pk", filter=Q(role=Role.COACH, is_active=True)),
        pending_invitations=Count("pk", filter=pending & Q(role__in=INVITED_ROLES)),
    )
