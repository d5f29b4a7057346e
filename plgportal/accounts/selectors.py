from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower, Trim

from plgportal.accounts.enums import INVITED_ROLES, Role
from plgportal.accounts.models import NotificationOptOut, User


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


def emails_opted_out(*, kind: str, emails: Iterable[str]) -> set[str]:
    """The addresses among `emails` (lower-cased) whose account switched reminder `kind` off.

    Participants without an account cannot opt out here: they receive every reminder.
    """
    wanted = {email.lower() for email in emails}
    if not wanted:
        return set()
    rows = NotificationOptOut.objects.filter(kind=kind).annotate(address=Lower("user__email"))
    return set(rows.filter(address__in=wanted).values_list("address", flat=True))


def languages_by_email(emails: Iterable[str]) -> dict[str, str]:
    """Each known address (lower-cased) with its account's mail language; one query."""
    wanted = {email.lower() for email in emails}
    if not wanted:
        return {}
    rows = User.objects.annotate(address=Lower("email")).filter(address__in=wanted)
    return dict(rows.values_list("address", "language"))


def language_for_email(email: str) -> str:
    """The mail language of the account behind `email`, or the portal's default language."""
    return languages_by_email([email]).get(email.lower(), settings.LANGUAGE_CODE)


def verified_addresses(user) -> QuerySet:
    """The addresses `user` has verified, normalised (trimmed, lower case), as a one-column
    queryset to use in a subquery (`address__in=verified_addresses(user)`).

    Only a verified address counts: allauth keeps one verified owner per address
    (ACCOUNT_UNIQUE_EMAIL), while anyone may type any address into an account.
    """
    return (
        EmailAddress.objects.filter(user_id=user.pk, verified=True)
        .annotate(address=Lower(Trim("email")))
        .values("address")
    )


# Where `verified_emails` remembers its answer on a user object (one request's request.user).
_VERIFIED_EMAILS = "_verified_emails"


def verified_emails(user) -> frozenset[str]:
    """The addresses `user` has verified, normalised; none for an anonymous user.

    One query, remembered on the user object for the rest of its life (like Django's permission
    cache): a request's user is loaded anew for every request. `forget_verified_emails` clears it
    after an address is verified.
    """
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, _VERIFIED_EMAILS):
        setattr(
            user,
            _VERIFIED_EMAILS,
            frozenset(verified_addresses(user).values_list("address", flat=True)),
        )
    return getattr(user, _VERIFIED_EMAILS)


def forget_verified_emails(user) -> None:
    if hasattr(user, _VERIFIED_EMAILS):
        delattr(user, _VERIFIED_EMAILS)


def verified_owner(email: str) -> User | None:
    """The account that verified `email` (compared normalised), or None."""
    address = (
        EmailAddress.objects.filter(
            email__iexact=User.objects.normalize_email(email), verified=True
        )
        .select_related("user")
        .first()
    )
    return address.user if address else None
