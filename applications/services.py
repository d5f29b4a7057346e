"""Every write to a dossier. Section saves share one optimistic lock per section."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.eligibility import evaluate
from applications.enums import CollaboratorRole, DossierStatus, Section
from applications.models import (
    Collaborator,
    CommitmentConfirmation,
    Dossier,
    DossierAnswer,
    DossierStatusChange,
    PlannedMeeting,
)
from plgportal.calls.models import Call
from plgportal.text import strip_invisible


class SectionConflict(Exception):
    """Someone else saved this section since the form was opened: nothing was overwritten."""

    def __init__(self, current_version: int):
        super().__init__(current_version)
        self.current_version = current_version


class DossierLocked(ValidationError):
    """The dossier can no longer be changed by applicants (submitted, or past the deadline)."""


# Which status may follow which; anything else is refused by dossier_set_status.
ALLOWED_TRANSITIONS = {
    DossierStatus.DRAFT: {DossierStatus.SUBMITTED},
    DossierStatus.SUBMITTED: {
        DossierStatus.ADMISSIBLE,
        DossierStatus.NOT_ADMISSIBLE,
        DossierStatus.DRAFT,
    },
    DossierStatus.ADMISSIBLE: {DossierStatus.NOT_ADMISSIBLE, DossierStatus.DRAFT},
    DossierStatus.NOT_ADMISSIBLE: {DossierStatus.ADMISSIBLE, DossierStatus.DRAFT},
}


def dossier_ensure_editable(dossier: Dossier, now=None) -> None:
    if dossier.status != DossierStatus.DRAFT:
        raise DossierLocked(_("Dit dossier is ingediend en kan niet meer gewijzigd worden."))
    if dossier.call.is_closed_at(now or timezone.now()):
        raise DossierLocked(
            _("De uiterste indiendatum is voorbij: het dossier kan niet meer gewijzigd worden.")
        )


@transaction.atomic
def dossier_create(*, call: Call, user) -> Dossier:
    """Start a dossier for `call` with `user` as contact person.

    Side effects: the dossier, its contact-person collaborator row, and one empty planned
    meeting per meeting the call asks for.
    """
    if not call.is_open:
        raise ValidationError(_("Deze oproep staat niet open voor nieuwe dossiers."))
    dossier = Dossier.objects.create(call=call, created_by=user)
    Collaborator.objects.create(
        dossier=dossier, user=user, email=user.email, role=CollaboratorRole.CONTACT
    )
    PlannedMeeting.objects.bulk_create(
        PlannedMeeting(dossier=dossier, position=position)
        for position in range(1, call.meeting_count + 1)
    )
    return dossier


def section_lock(dossier: Dossier, section: Section, version: int) -> Dossier:
    """Lock the dossier row, then refuse a save based on an outdated version of the section."""
    # Only the dossier row: dossier_submit locks the call first, so locking it here too would
    # queue every save behind each submission of the call and could deadlock with it.
    locked = (
        Dossier.objects.select_for_update(of=("self",)).select_related("call").get(pk=dossier.pk)
    )
    dossier_ensure_editable(locked)
    current = locked.section_version(section)
    if current != version:
        raise SectionConflict(current)
    return locked


def section_bump(dossier: Dossier, section: Section) -> int:
    dossier.section_versions = {
        **dossier.section_versions,
        section: dossier.section_version(section) + 1,
    }
    dossier.save(update_fields=["section_versions", "updated_at"])
    return dossier.section_versions[section]


@dataclass(frozen=True)
class PlgSection:
    working_title: str
    contact_function: str
    contact_phone: str
    lead_school_id: int | None


@transaction.atomic
def dossier_save_plg(*, dossier: Dossier, version: int, data: PlgSection) -> int:
    """Save section 1. Side effects: dossier fields and the section version. Returns it."""
    locked = section_lock(dossier, Section.PLG, version)
    if data.lead_school_id and not locked.schools.filter(pk=data.lead_school_id).exists():
        raise ValidationError({"lead_school": _("Kies een school van dit dossier.")})
    locked.working_title = strip_invisible(data.working_title)
    locked.contact_function = data.contact_function.strip()
    locked.contact_phone = data.contact_phone.strip()
    locked.lead_school_id = data.lead_school_id
    locked.save(update_fields=["working_title", "contact_function", "contact_phone", "lead_school"])
    return section_bump(locked, Section.PLG)


@transaction.atomic
def dossier_save_motivation(
    *, dossier: Dossier, version: int, theme_id: int | None, own_theme: str, answers: dict[int, str]
) -> int:
    """Save section 5 (also used by autosave). Side effects: theme, one answer row per
    criterion of the call, the section version. Returns the new version."""
    locked = section_lock(dossier, Section.MOTIVATION, version)
    criteria = {criterion.pk: criterion for criterion in locked.call.criteria.all()}
    if theme_id and not locked.call.example_themes.filter(pk=theme_id).exists():
        raise ValidationError({"theme": _("Kies een thema van deze oproep.")})
    locked.theme_id = theme_id
    locked.own_theme = strip_invisible(own_theme)
    locked.save(update_fields=["theme", "own_theme"])
    for criterion_id, text in answers.items():
        if criterion_id not in criteria:
            raise ValidationError(_("Onbekend selectiecriterium."))
        DossierAnswer.objects.update_or_create(
            dossier=locked, criterion_id=criterion_id, defaults={"text": text}
        )
    return section_bump(locked, Section.MOTIVATION)


@transaction.atomic
def dossier_save_commitments(
    *, dossier: Dossier, version: int, user, confirmed_ids: set[int]
) -> int:
    """Save section 7. Side effects: confirmation rows (who, when) added or removed."""
    locked = section_lock(dossier, Section.COMMITMENTS, version)
    valid_ids = set(locked.call.commitments.values_list("pk", flat=True))
    confirmed_ids = set(confirmed_ids) & valid_ids
    locked.confirmations.exclude(commitment_id__in=confirmed_ids).delete()
    already = set(locked.confirmations.values_list("commitment_id", flat=True))
    CommitmentConfirmation.objects.bulk_create(
        CommitmentConfirmation(dossier=locked, commitment_id=pk, confirmed_by=user)
        for pk in sorted(confirmed_ids - already)
    )
    return section_bump(locked, Section.COMMITMENTS)


@transaction.atomic
def dossier_set_status(*, dossier: Dossier, status: DossierStatus, by, reason: str = "") -> Dossier:
    """The one way a dossier changes status.

    Side effects: the status (and for a decision, the reason); a DossierStatusChange row with
    old, new, who, when and why. Reopening to draft keeps the reference number.
    """
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    old = DossierStatus(locked.status)
    if status not in ALLOWED_TRANSITIONS[old]:
        raise ValidationError(
            _("Een dossier met status “%(old)s” kan niet naar “%(new)s”.")
            % {"old": old.label, "new": DossierStatus(status).label}
        )
    needs_reason = status in (DossierStatus.NOT_ADMISSIBLE, DossierStatus.DRAFT)
    if needs_reason and not reason.strip():
        raise ValidationError({"reason": _("Geef een reden op.")})
    locked.status = status
    fields = ["status", "updated_at"]
    if status in (DossierStatus.ADMISSIBLE, DossierStatus.NOT_ADMISSIBLE):
        locked.admissibility_reason = reason.strip()
        fields.append("admissibility_reason")
    elif status == DossierStatus.DRAFT:
        # A reopened dossier is judged afresh: an earlier decision's reason no longer applies.
        locked.admissibility_reason = ""
        fields.append("admissibility_reason")
    locked.save(update_fields=fields)
    DossierStatusChange.objects.create(
        dossier=locked, old_status=old, new_status=status, changed_by=by, reason=reason.strip()
    )
    return locked


def _next_reference(call: Call) -> str:
    # Serialised by the lock on the call row taken in dossier_submit. References are unique over
    # all calls: follow the highest number in use under this prefix (another call may share it,
    # a deleted dossier leaves a gap), never a count of this call's dossiers.
    prefix = f"{call.reference_prefix}-"
    taken = Dossier.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(ref[len(prefix) :]) for ref in taken if ref[len(prefix) :].isdecimal()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


@transaction.atomic
def dossier_submit(*, dossier: Dossier, user, now=None) -> Dossier:
    """Submit a draft that passes every check, before the deadline.

    Side effects: a reference number (kept on reopening), submitted_at, the status change to
    submitted with its history row, and on commit a task that mails the confirmation with the
    dossier PDF to the contact person and partner directors. Refused (ValidationError) while
    any check fails, after the deadline, or when the dossier is not a draft: a double click
    submits once.
    """
    from applications.selectors import dossiers_full, eligibility_facts
    from applications.tasks import task_send_submission_confirmation

    # NO KEY UPDATE serialises numbering yet lets saves and new dossiers reference the call.
    Call.objects.select_for_update(no_key=True).get(pk=dossier.call_id)
    current = dossiers_full().get(pk=dossier.pk)
    dossier_ensure_editable(current, now=now)
    report = evaluate(eligibility_facts(current))
    if not report.is_eligible:
        raise ValidationError([problem for check in report.failing for problem in check.problems])
    if not current.reference:
        current.reference = _next_reference(current.call)
    current.submitted_at = now or timezone.now()
    current.save(update_fields=["reference", "submitted_at"])
    submitted = dossier_set_status(dossier=current, status=DossierStatus.SUBMITTED, by=user)
    transaction.on_commit(
        lambda: task_send_submission_confirmation.delay(dossier_id=submitted.pk), robust=True
    )
    return submitted
