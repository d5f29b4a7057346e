"""Who may see and change a dossier."""

import rules

from applications.enums import DossierStatus
from plgportal.accounts.rules import is_foundation_staff, is_juror


@rules.predicate
def is_dossier_member(user, dossier):
    """The contact person or an invited partner director of this dossier."""
    if not user.is_authenticated or dossier is None:
        return False
    if dossier.created_by_id == user.pk:
        return True
    # Invitations reach people by address: allauth only signs in verified addresses.
    email = user.email.lower()
    return any(
        c.user_id == user.pk or c.email.lower() == email for c in dossier.collaborators.all()
    )


@rules.predicate
def is_dossier_contact(user, dossier):
    return dossier is not None and user.is_authenticated and dossier.created_by_id == user.pk


@rules.predicate
def is_draft(user, dossier):
    return dossier is not None and dossier.status == DossierStatus.DRAFT


@rules.predicate
def is_assigned_juror_of_dossier(user, dossier):
    """A juror assigned to this dossier who declared no conflict of interest (one query)."""
    return (
        dossier is not None
        and user.is_authenticated
        and dossier.assignments.filter(juror_id=user.pk, has_conflict=False).exists()
    )


rules.add_perm("applications.view_dossier", is_dossier_member | is_foundation_staff)
# Jurors see an assigned dossier on their scoring page, not on the applicants' pages: of those,
# they may only download the letters of intent.
rules.add_perm(
    "applications.download_letter",
    is_dossier_member | is_foundation_staff | (is_juror & is_assigned_juror_of_dossier),
)
rules.add_perm("applications.edit_dossier", is_dossier_member & is_draft)
rules.add_perm("applications.manage_collaborators", is_dossier_contact & is_draft)
rules.add_perm("applications.submit_dossier", is_dossier_member & is_draft)
rules.add_perm("applications.decide_admissibility", is_foundation_staff)
rules.add_perm("applications.list_dossiers", is_foundation_staff)
