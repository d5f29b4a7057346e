"""Who may see and change a dossier."""

from collections.abc import Iterable

import rules

from applications.enums import CollaboratorRole
from applications.models import Collaborator
from plgportal.accounts.models import User
from plgportal.accounts.rules import is_applicant, is_foundation_staff, is_juror
from plgportal.accounts.selectors import verified_emails


def is_invitee(user, collaborator: Collaborator) -> bool:
    """The one rule for "`user` is the person this collaborator row (invitation) is for".

    A row linked to an account belongs to that account only. An open row (no account linked
    yet: the invitation went to an address) belongs to whoever verified that address, compared
    trimmed and case-insensitively. An address typed into an account without verifying it grants
    nothing. Access checks (`is_dossier_member`, the trajectories), the final-text confirmation and
    the dossier lists (`applications.selectors.invitations_of`, the same rule as a query) use it.
    Costs no query for linked rows, one per request (remembered) for open ones.
    """
    if not user.is_authenticated:
        return False
    if collaborator.user_id is not None:
        return collaborator.user_id == user.pk
    return User.objects.normalize_email(collaborator.email) in verified_emails(user)


def is_invitee_of_any(user, collaborators: Iterable[Collaborator]) -> bool:
    """Whether `user` is the invitee of one of `collaborators`; linked rows are looked at first,
    so a linked member costs no query."""
    collaborators = list(collaborators)
    if user.is_authenticated and any(c.user_id == user.pk for c in collaborators):
        return True
    return any(is_invitee(user, c) for c in collaborators if c.user_id is None)


def partner_invitation_of(user, dossier) -> Collaborator | None:
    """`user`'s partner-director row on `dossier` (collaborators prefetched), or None.

    The contact person never confirms as a partner, so their pages cost no query here.
    """
    if not user.is_authenticated or dossier.created_by_id == user.pk:
        return None
    partners = [c for c in dossier.collaborators.all() if c.role == CollaboratorRole.PARTNER]
    linked = next((c for c in partners if c.user_id == user.pk), None)
    return linked or next((c for c in partners if c.user_id is None and is_invitee(user, c)), None)


@rules.predicate
def is_dossier_member(user, dossier):
    """The contact person or an invited partner director of this dossier."""
    if not user.is_authenticated or dossier is None:
        return False
    if dossier.created_by_id == user.pk:
        return True
    return is_invitee_of_any(user, dossier.collaborators.all())


@rules.predicate
def is_dossier_contact(user, dossier):
    return dossier is not None and user.is_authenticated and dossier.created_by_id == user.pk


@rules.predicate
def is_draft(user, dossier):
    return dossier is not None and dossier.is_draft


@rules.predicate
def was_submitted(user, dossier):
    """Submitted, or decided on since: no longer a draft."""
    return dossier is not None and not dossier.is_draft


@rules.predicate
def is_call_open(user, dossier):
    """The dossier's call takes dossiers now: opened, and its deadline (to the last second) not
    passed (`Call.phase`)."""
    return dossier is not None and dossier.call.is_open


@rules.predicate
def is_assigned_juror_of_dossier(user, dossier):
    """A juror assigned to this dossier who declared no conflict of interest (one query)."""
    return (
        dossier is not None
        and user.is_authenticated
        and dossier.assignments.filter(juror_id=user.pk, has_conflict=False).exists()
    )


rules.add_perm("applications.start_dossier", is_applicant)
# Object: a Dossier (prefetch its collaborators and select its call to avoid queries).
# Staff first: their role answers without looking at the dossier's invitations.
rules.add_perm("applications.view_dossier", is_foundation_staff | is_dossier_member)
# Jurors see an assigned dossier on their scoring page, not on the applicants' pages: of those,
# they may only download the letters of intent.
rules.add_perm(
    "applications.download_letter",
    is_foundation_staff | is_dossier_member | (is_juror & is_assigned_juror_of_dossier),
)
# The one rule for every dossier page (forms editable or read-only): a member, on a draft,
# before the deadline.
rules.add_perm("applications.edit_dossier", is_dossier_member & is_draft & is_call_open)
# What a member posts to a draft (a letter, the partner's confirmation): past the deadline the
# service refuses it with a message rather than a 403, and says who may confirm.
rules.add_perm("applications.work_on_draft", is_dossier_member & is_draft)
# Members submit their dossier; staff only look. A dossier already submitted, and the deadline,
# are answered with a message (the view, the service), not refused.
rules.add_perm("applications.submit_dossier", is_dossier_member)
rules.add_perm("applications.manage_collaborators", is_dossier_contact & is_draft)
rules.add_perm("applications.decide_admissibility", is_foundation_staff)
# Object: a Dossier. Staff decide on (or revise) the admissibility of a submitted dossier only.
rules.add_perm("applications.decide_on_dossier", is_foundation_staff & was_submitted)
# Object: a Dossier. Staff send a submitted (or decided) dossier back to its applicants.
rules.add_perm("applications.reopen_dossier", is_foundation_staff & was_submitted)
rules.add_perm("applications.list_dossiers", is_foundation_staff)
