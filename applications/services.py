"""Every write to a dossier.

Section saves lock the dossier row. The formset sections (schools, delegates, planning) are
saved whole under one optimistic lock per section (`section_lock`); the other sections are
merged field by field with what co-editors saved meanwhile (`applications.merge`), so only a
field both changed is left for the user to decide.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.checklist import refresh_checklist
from applications.eligibility import evaluate
from applications.enums import CollaboratorRole, DossierStatus, Section
from applications.merge import MergeResult, changed_fields, merge_section
from applications.models import (
    Collaborator,
    CommitmentConfirmation,
    Dossier,
    DossierAnswer,
    DossierStatusChange,
    PlannedMeeting,
)
from applications.selectors import dossiers_full, eligibility_facts
from applications.tasks import task_send_submission_confirmation
from plgportal.accounts.models import User
from plgportal.background import send_task
from plgportal.calls.models import Call
from plgportal.history import ensure_move_allowed
from plgportal.text import strip_invisible


class SectionConflict(Exception):
    """Someone else saved this formset section since the form was opened: nothing was
    overwritten."""

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


def dossier_ensure_call_open(call: Call) -> None:
    """Refuse a new dossier on a call that is not open (also shown before starting one)."""
    if not call.is_open:
        raise ValidationError(_("Deze oproep staat niet open voor nieuwe dossiers."))


@transaction.atomic
def dossier_create(*, call: Call, user) -> Dossier:
    """Start a dossier for `call` with `user` as contact person.

    Side effects: the dossier, its contact-person collaborator row, one empty planned
    meeting per meeting the call asks for, and its stored checklist outcome.
    """
    dossier_ensure_call_open(call)
    dossier = Dossier.objects.create(call=call, created_by=user)
    Collaborator.objects.create(
        dossier=dossier, user=user, email=user.email, role=CollaboratorRole.CONTACT
    )
    PlannedMeeting.objects.bulk_create(
        PlannedMeeting(dossier=dossier, position=position)
        for position in range(1, call.meeting_count + 1)
    )
    return refresh_checklist(dossier)


def dossier_lock(dossier: Dossier) -> Dossier:
    """The dossier, fetched again with its row locked for this transaction; refused when it can
    no longer be edited."""
    # Only the dossier row: dossier_submit locks the call first, so locking it here too would
    # queue every save behind each submission of the call and could deadlock with it.
    locked = (
        Dossier.objects.select_for_update(of=("self",)).select_related("call").get(pk=dossier.pk)
    )
    dossier_ensure_editable(locked)
    return locked


def section_lock(dossier: Dossier, section: Section, version: int) -> Dossier:
    """Lock the dossier row, then refuse a save based on an outdated version of the section.
    The formset sections (schools, delegates, planning) save this way: whole, or not at all."""
    locked = dossier_lock(dossier)
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


# Sections merged field by field (PLG, motivation, commitments) ----------------------------------
#
# A section's values are a flat dict keyed by the names of its form's fields (`answer_<pk>`,
# `commitment_<pk>`), with plain values: what `applications.merge` merges and what a form
# carries, signed, as the base it was opened on.


def answer_key(criterion_id: int) -> str:
    return f"answer_{criterion_id}"


def commitment_key(commitment_id: int) -> str:
    return f"commitment_{commitment_id}"


def plg_values(dossier: Dossier) -> dict:
    return {
        "working_title": dossier.working_title,
        "contact_function": dossier.contact_function,
        "contact_phone": dossier.contact_phone,
        "lead_school": dossier.lead_school_id,
    }


def motivation_values(dossier: Dossier) -> dict:
    """Theme and one text per criterion of the call (answers and criteria may be prefetched)."""
    texts = {answer.criterion_id: answer.text for answer in dossier.answers.all()}
    return {
        "theme": dossier.theme_id,
        "own_theme": dossier.own_theme,
        **{answer_key(c.pk): texts.get(c.pk, "") for c in dossier.call.criteria.all()},
    }


# A theme from the list and an own theme exclude each other: merged as one choice.
MOTIVATION_GROUPS = (("theme", "own_theme"),)


def commitment_values(dossier: Dossier) -> dict:
    confirmed = {c.commitment_id for c in dossier.confirmations.all()}
    return {commitment_key(c.pk): c.pk in confirmed for c in dossier.call.commitments.all()}


@dataclass(frozen=True)
class EditConflict:
    """A field two editors changed differently: kept as stored (`theirs`, stored by `saved_by`
    at `saved_at`, when known) until the user chooses."""

    mine: Any
    theirs: Any
    saved_by: User | None
    saved_at: datetime | None


@dataclass(frozen=True)
class SectionSave:
    """What a merged section save did.

    `version`: the section's new version. `values`: the section as stored now. `conflicts`:
    fields both editors changed, left as stored. `theirs_changed`: fields someone else changed
    since the page was opened, whose value was kept. `base`, `mine`: what the merge compared.
    """

    version: int
    values: dict
    conflicts: dict[str, EditConflict]
    theirs_changed: frozenset[str]
    base: dict
    mine: dict


def _section_merge(
    locked: Dossier, section: Section, *, version: int, base: dict | None, mine: dict, theirs: dict
) -> tuple[MergeResult, dict]:
    if base is None:
        # A page that carried no base: only when nobody saved since is what it shows known.
        base = theirs if locked.section_version(section) == version else {}
    groups = MOTIVATION_GROUPS if section == Section.MOTIVATION else ()
    return merge_section(base, mine, theirs, groups=groups), base


def _section_saved(
    locked: Dossier, section: Section, *, merge: MergeResult, base, mine, theirs, by
) -> SectionSave:
    """Record who stored the fields this save changed, raise the version, refresh the stored
    checklist outcome, describe the save."""
    saves = dict(locked.field_saves.get(section, {}))
    now = timezone.now()
    for name in changed_fields(theirs, merge.values):
        saves[name] = {"by": by.pk if by else None, "at": now.isoformat()}
    locked.field_saves = {**locked.field_saves, section: saves}
    locked.save(update_fields=["field_saves"])
    savers = User.objects.in_bulk(
        {saves[name]["by"] for name in merge.conflicts if saves.get(name, {}).get("by")}
    )
    conflicts = {}
    for name, conflict in merge.conflicts.items():
        saved = saves.get(name, {})
        conflicts[name] = EditConflict(
            mine=conflict.mine,
            theirs=conflict.theirs,
            saved_by=savers.get(saved.get("by")),
            saved_at=datetime.fromisoformat(saved["at"]) if saved.get("at") else None,
        )
    refresh_checklist(locked)
    return SectionSave(
        version=section_bump(locked, section),
        values=merge.values,
        conflicts=conflicts,
        theirs_changed=merge.theirs_changed,
        base=base,
        mine=mine,
    )


@dataclass(frozen=True)
class PlgSection:
    working_title: str
    contact_function: str
    contact_phone: str
    lead_school_id: int | None


@transaction.atomic
def dossier_save_plg(
    *, dossier: Dossier, version: int, data: PlgSection, base: dict | None = None, by=None
) -> SectionSave:
    """Save section 1, merged field by field with what others saved since `base` (the values
    the page was opened on; without it, the `version`).

    Side effects: the dossier fields that do not collide, who saved them and when, the section
    version. Fields both sides changed stay as stored (`SectionSave.conflicts`).
    """
    locked = dossier_lock(dossier)
    mine = {
        "working_title": strip_invisible(data.working_title),
        "contact_function": data.contact_function.strip(),
        "contact_phone": data.contact_phone.strip(),
        "lead_school": data.lead_school_id,
    }
    theirs = plg_values(locked)
    merge, base = _section_merge(
        locked, Section.PLG, version=version, base=base, mine=mine, theirs=theirs
    )
    values = merge.values
    if values["lead_school"] and not locked.schools.filter(pk=values["lead_school"]).exists():
        raise ValidationError({"lead_school": _("Kies een school van dit dossier.")})
    locked.working_title = values["working_title"]
    locked.contact_function = values["contact_function"]
    locked.contact_phone = values["contact_phone"]
    locked.lead_school_id = values["lead_school"]
    locked.save(update_fields=["working_title", "contact_function", "contact_phone", "lead_school"])
    return _section_saved(
        locked, Section.PLG, merge=merge, base=base, mine=mine, theirs=theirs, by=by
    )


@transaction.atomic
def dossier_save_motivation(
    *,
    dossier: Dossier,
    version: int,
    theme_id: int | None,
    own_theme: str,
    answers: dict[int, str],
    base: dict | None = None,
    by=None,
) -> SectionSave:
    """Save section 5 (also used by autosave), merged field by field like `dossier_save_plg`;
    theme and own theme merge as one choice.

    Side effects: theme, one answer row per criterion text that changed, who saved each field
    and when, the section version.
    """
    locked = dossier_lock(dossier)
    criteria = {criterion.pk for criterion in locked.call.criteria.all()}
    if set(answers) - criteria:
        raise ValidationError(_("Onbekend selectiecriterium."))
    if theme_id and not locked.call.example_themes.filter(pk=theme_id).exists():
        raise ValidationError({"theme": _("Kies een thema van deze oproep.")})
    mine = {
        "theme": theme_id,
        "own_theme": strip_invisible(own_theme),
        **{answer_key(pk): text for pk, text in answers.items()},
    }
    theirs = motivation_values(locked)
    merge, base = _section_merge(
        locked, Section.MOTIVATION, version=version, base=base, mine=mine, theirs=theirs
    )
    values = merge.values
    locked.theme_id = values["theme"]
    locked.own_theme = values["own_theme"]
    locked.save(update_fields=["theme", "own_theme"])
    for criterion_id in sorted(criteria):
        key = answer_key(criterion_id)
        if key in mine and values[key] != theirs[key]:
            DossierAnswer.objects.update_or_create(
                dossier=locked, criterion_id=criterion_id, defaults={"text": values[key]}
            )
    return _section_saved(
        locked, Section.MOTIVATION, merge=merge, base=base, mine=mine, theirs=theirs, by=by
    )


@transaction.atomic
def dossier_save_commitments(
    *, dossier: Dossier, version: int, user, confirmed_ids: set[int], base: dict | None = None
) -> SectionSave:
    """Save section 7, merged per commitment like `dossier_save_plg` (two editors who each tick
    another commitment keep both). Side effects: confirmation rows (who, when) added or
    removed, who saved each and when, the section version."""
    locked = dossier_lock(dossier)
    valid_ids = list(locked.call.commitments.values_list("pk", flat=True))
    mine = {commitment_key(pk): pk in set(confirmed_ids) for pk in valid_ids}
    theirs = commitment_values(locked)
    merge, base = _section_merge(
        locked, Section.COMMITMENTS, version=version, base=base, mine=mine, theirs=theirs
    )
    confirmed = {pk for pk in valid_ids if merge.values[commitment_key(pk)]}
    locked.confirmations.exclude(commitment_id__in=confirmed).delete()
    already = set(locked.confirmations.values_list("commitment_id", flat=True))
    CommitmentConfirmation.objects.bulk_create(
        CommitmentConfirmation(dossier=locked, commitment_id=pk, confirmed_by=user)
        for pk in sorted(confirmed - already)
    )
    return _section_saved(
        locked, Section.COMMITMENTS, merge=merge, base=base, mine=mine, theirs=theirs, by=user
    )


@transaction.atomic
def dossier_set_status(*, dossier: Dossier, status: DossierStatus, by, reason: str = "") -> Dossier:
    """The one way a dossier changes status, along ALLOWED_TRANSITIONS (ValidationError
    otherwise, and without a reason where one is required); the dossier row is locked.

    Side effects: the status; admissibility_reason (set on a decision, cleared on reopening);
    a DossierStatusChange row with old, new, who, when and why; the stored checklist outcome
    (some checks apply only after submission). Reopening to draft keeps the reference number.
    Nothing is mailed here (dossier_submit queues its confirmation itself).
    """
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    old = DossierStatus(locked.status)
    ensure_move_allowed(
        ALLOWED_TRANSITIONS,
        old=old,
        new=status,
        message=_("Een dossier met status “%(old)s” kan niet naar “%(new)s”."),
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
    return refresh_checklist(locked)


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
    # The mail renders the dossier PDF: never inside the submit request (plgportal.background).
    transaction.on_commit(
        lambda: send_task(
            task_send_submission_confirmation,
            thread_name=f"submission-confirmation-{submitted.pk}",
            dossier_id=submitted.pk,
        ),
        robust=True,
    )
    return submitted
