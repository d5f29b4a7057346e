"""Partner directors on a dossier: invited by the contact person, they co-edit and confirm the
final text before submission."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import CollaboratorRole
from applications.models import Collaborator, Dossier, School
from applications.rules import partner_invitation_of
from applications.selectors import open_invitations_of
from applications.services import dossier_ensure_editable
from plgportal.accounts.models import User
from plgportal.accounts.selectors import forget_verified_emails, verified_owner
from plgportal.outbox.services import email_render_and_queue
from plgportal.urls_absolute import absolute_url


@transaction.atomic
def collaborator_invite(
    *, dossier: Dossier, email: str, school: School | None, invited_by: User
) -> Collaborator:
    """Invite a partner school's director to co-edit the dossier.

    Side effects: a partner collaborator row and an invitation email. The row is linked at once
    to the account that has verified this address, if there is one; otherwise it stays open
    until an account verifies the address (`collaborator_link_invitations`). Until then the
    invitee's access already follows the verified address (`applications.rules.is_invitee`).
    """
    dossier_ensure_editable(dossier)
    email = User.objects.normalize_email(email)
    owner = verified_owner(email)
    already_in = dossier.collaborators.filter(email__iexact=email)
    if owner is not None:
        already_in |= dossier.collaborators.filter(user=owner)
    if already_in.exists():
        raise ValidationError({"email": _("Deze persoon werkt al mee aan het dossier.")})
    if school is not None and school.dossier_id != dossier.pk:
        raise ValidationError({"school": _("Kies een school van dit dossier.")})
    # Who has an account under this address is told to sign in rather than register.
    account = owner or User.objects.filter(email__iexact=email).first()
    collaborator = Collaborator.objects.create(
        dossier=dossier, user=owner, email=email, role=CollaboratorRole.PARTNER, school=school
    )
    email_render_and_queue(
        to=email,
        template="emails/collaborator_invitation",
        context={
            "dossier": dossier,
            "school": school,
            "invited_by": invited_by,
            "has_account": account is not None,
            "dossier_url": absolute_url("applications:dossier_detail", pk=dossier.pk),
            "signup_url": absolute_url("account_signup"),
        },
        event_key=f"collaborator-invitation:{collaborator.pk}",
        # Without an account yet, the inviter's language is the best guess for a colleague's.
        language=account.language if account else invited_by.language,
    )
    return collaborator


@transaction.atomic
def collaborator_link_invitations(*, user: User) -> int:
    """Link to `user` every open invitation (collaborator row without account) to an address
    that `user` has verified; returns how many rows were linked.

    Runs when an address is verified (allauth's `email_confirmed`) and at every sign-in, which
    also catches addresses verified without that signal (a staff invitation accepted, the admin)
    and invitations made before this link existed (see `applications.apps`).

    Side effects: `user` set on those rows, so every page shows the partner as having joined
    rather than "uitgenodigd"; the verified addresses remembered on `user` are forgotten. Rows
    already linked to an account are never moved: an address verified later by someone else
    does not take over an invitation its owner already took up.
    """
    forget_verified_emails(user)
    return open_invitations_of(user).update(user=user)


@transaction.atomic
def collaborator_remove(*, collaborator: Collaborator) -> None:
    """Side effects: the partner loses access to the dossier. The contact person stays."""
    if collaborator.role == CollaboratorRole.CONTACT:
        raise ValidationError(_("De contactpersoon kan niet verwijderd worden."))
    dossier_ensure_editable(collaborator.dossier)
    collaborator.delete()


@transaction.atomic
def collaborator_confirm_final(*, dossier: Dossier, user: User) -> Collaborator:
    """A partner director confirms the dossier's text as it stands now.

    The partner is whoever `applications.rules.is_invitee` says: the linked account, or the
    account that verified the invited address. Side effects: final_confirmed_at on their
    collaborator row, and the row linked to `user` if it was still open. A later change to the
    dossier makes the confirmation outdated (shown as such wherever the partner is listed).
    """
    dossier_ensure_editable(dossier)
    current = Dossier.objects.prefetch_related("collaborators").get(pk=dossier.pk)
    collaborator = partner_invitation_of(user, current)
    if collaborator is None:
        raise ValidationError(_("Alleen directeurs van partnerscholen bevestigen de eindtekst."))
    # Matched by a verified address (`is_invitee`): the invitation is theirs, so link it too.
    collaborator.user = user
    collaborator.final_confirmed_at = timezone.now()
    collaborator.save(update_fields=["user", "final_confirmed_at"])
    return collaborator
