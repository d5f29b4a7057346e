"""Every write to accounts: roles, invitations, the staff group that opens the admin, and each
user's mail preferences."""

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from plgportal.accounts.enums import INVITED_ROLES, NotificationKind, Role
from plgportal.accounts.models import NotificationOptOut, User
from plgportal.accounts.tokens import invitation_token_generator
from plgportal.outbox.services import email_render_and_queue
from plgportal.urls_absolute import absolute_url

FOUNDATION_STAFF_GROUP = "Stichting"
# Apps whose data foundation staff manage in the admin.
STAFF_MANAGED_APPS = ("accounts", "calls", "outbox", "applications", "jury", "plg_sessions")


def foundation_staff_group_sync() -> Group:
    """Give the staff group every permission on the portal's own models.

    Side effects: creates the group if needed and replaces its permissions.
    """
    group, _created = Group.objects.get_or_create(name=FOUNDATION_STAFF_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=STAFF_MANAGED_APPS))
    return group


@transaction.atomic
def user_set_role(*, user: User, role: Role) -> User:
    """Side effects: staff get admin access and the staff group; other roles lose both."""
    user.role = role
    user.is_staff = role == Role.STAFF
    user.full_clean()
    user.save(update_fields=["role", "is_staff"])
    group = foundation_staff_group_sync() if role == Role.STAFF else None
    if group:
        user.groups.add(group)
    else:
        user.groups.remove(*Group.objects.filter(name=FOUNDATION_STAFF_GROUP))
    return user


@transaction.atomic
def user_invite(*, email: str, full_name: str, role: Role, invited_by: User) -> User:
    """Create an account for a juror, coach or staff member and mail them an invitation link.

    Side effects: a user without a usable password, its unverified email address, and an
    invitation email in the outbox.
    """
    if role not in INVITED_ROLES:
        raise ValidationError({"role": _("Aanvragers registreren zich zelf.")})
    email = User.objects.normalize_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Er bestaat al een account met dit e-mailadres.")})
    user = User(email=email, full_name=full_name.strip(), role=role, invited_by=invited_by)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    user_set_role(user=user, role=role)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    invitation_send(user=user, invited_by=invited_by)
    return user


@transaction.atomic
def invitation_send(*, user: User, invited_by: User) -> None:
    """(Re)send the invitation link. Side effects: invited_at refreshed; one email queued."""
    if user.has_usable_password():
        raise ValidationError(_("Deze gebruiker heeft de uitnodiging al aanvaard."))
    user.invited_at = timezone.now()
    user.save(update_fields=["invited_at"])
    accept_url = absolute_url(
        "accounts:invitation_accept",
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=invitation_token_generator.make_token(user),
    )
    email_render_and_queue(
        to=user.email,
        template="emails/invitation",
        context={
            "user": user,
            "invited_by": invited_by,
            "accept_url": accept_url,
            "valid_days": settings.INVITATION_TIMEOUT.days,
        },
        event_key=f"invitation:{user.pk}:{user.invited_at.isoformat()}",
        language=user.language,
    )


@transaction.atomic
def invitation_accept(*, user: User, password: str) -> User:
    """Side effects: the chosen password is set and the email address counts as verified
    (the link reached that inbox)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def user_set_notification_preferences(
    *, user: User, language: str, enabled_kinds: Iterable[str]
) -> User:
    """The language of the user's mails and the optional reminders they receive.

    Every `NotificationKind` not in `enabled_kinds` is switched off. Side effects: only what
    changed is written: the user's language, one `NotificationOptOut` row per reminder switched
    off, deleted again when it is switched back on.
    """
    enabled = set(enabled_kinds)
    if unknown := enabled - set(NotificationKind.values):
        raise ValidationError(
            _("Onbekende herinnering: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))}
        )
    if language != user.language:
        user.language = language
        user.full_clean(validate_unique=False, validate_constraints=False)
        user.save(update_fields=["language"])
    wanted_off = set(NotificationKind.values) - enabled
    current_off = set(user.notification_opt_outs.values_list("kind", flat=True))
    if switched_on := current_off - wanted_off:
        user.notification_opt_outs.filter(kind__in=switched_on).delete()
    NotificationOptOut.objects.bulk_create(
        NotificationOptOut(user=user, kind=kind) for kind in sorted(wanted_off - current_off)
    )
    return user
