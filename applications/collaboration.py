"""Partner directors on a dossier: invited by the contact person, they co-edit and confirm the
final text before submission."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import CollaboratorRole
from applications.models import Collaborator, Dossier, School
from applications.services import dossier_ensure_editable
from plgportal.accounts.models import User
from plgportal.outbox.services import email_render_and_queue
from plgportal.urls_absolute import absolute_url


@transaction.atomic
def collaborator_invite(
    *, dossier: Dossier, email: str, school: School | None, invited_by: User
) -> Collaborator:
    """Invite a partner school's director to co-edit the dossier.

    Side effects: a partner collaborator row and an invitation email. The invitee gets access
    with the account of that (verified) address, existing or registered later.
    """
    dossier_ensure_editable(dossier)
    email = User.objects.normalize_email(email)
    if dossier.collaborators.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Deze persoon werkt al mee aan het dossier.")})
    if school is not None and school.dossier_id != dossier.pk:
        raise ValidationError({"school": _("Kies een school van dit dossier.")})
    account = User.objects.filter(email__iexact=email).first()
    collaborator = Collaborator.objects.create(
        dossier=dossier, user=account, email=email, role=CollaboratorRole.PARTNER, school=school
    )
    email_render_and_queue(
        to=email,
        template="emails/collaborator_invitation",
        context={
            "dossier": dossier,
            "school": school,
            "invited_by": invited_by,
            "has_account": account is not None,
            "dossier_url": absolute_url("dossier_detail", pk=dossier.pk),
            "signup_url": absolute_url("account_signup"),
        },
        event_key=f"collaborator-invitation:{collaborator.pk}",
        # Without an account yet, the inviter's language is the best guess for a colleague's.
        language=account.language if account else invited_by.language,
    )
    return collaborator


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

    Side effects: final_confirmed_at on their collaborator row. A later change to the dossier
    makes the confirmation outdated (shown as such on the review page).
    """
    dossier_ensure_editable(dossier)
    collaborator = dossier.collaborators.filter(user=user).first()
    if collaborator is None or collaborator.role != CollaboratorRole.PARTNER:
        raise ValidationError(_("Alleen directeurs van partnerscholen bevestigen de eindtekst."))
    collaborator.final_confirmed_at = timezone.now()
    collaborator.save(update_fields=["final_confirmed_at"])
    return collaborator
