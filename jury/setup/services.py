"""Staff set up the jury of a call: its members, who scores which dossier, conflicts of interest
staff know of, and the scoring deadline. Allowed while the jury is being set up or scoring."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import DossierStatus
from applications.models import Dossier
from jury.assignment import balanced_assignments
from jury.enums import JuryPhase, ReviewStatus
from jury.models import Assignment, Jury, Review
from plgportal.accounts.enums import Role


@dataclass(frozen=True)
class GenerationResult:
    created: int
    # Dossier references (or titles) that got fewer jurors than asked: too few without conflict.
    short: list[str]


def _ensure_setup_phase(jury: Jury) -> None:
    if not jury.is_setup_open:
        raise ValidationError(
            _("De jury is in de fase “%(phase)s”: de samenstelling en de toewijzingen liggen vast.")
            % {"phase": JuryPhase(jury.phase).label}
        )


def _lock(jury: Jury) -> Jury:
    locked = Jury.objects.select_for_update().get(pk=jury.pk)
    _ensure_setup_phase(locked)
    return locked


@transaction.atomic
def jury_set_members(*, jury: Jury, members: Iterable, by) -> Jury:
    """The jury's members become exactly `members` (users with the jury role only).

    Side effects: the members; a removed member's assignments are deleted with their draft
    reviews (conflicts of interest stay on record). Refused (ValidationError) for users without
    the jury role, for removing a member who already submitted a review, and after the scoring
    phase.
    """
    locked = _lock(jury)
    members = list(members)
    others = sorted(str(user) for user in members if user.role != Role.JURY)
    if others:
        raise ValidationError(
            {
                "members": _("Alleen gebruikers met de rol jurylid kunnen in de jury: %(names)s.")
                % {"names": ", ".join(others)}
            }
        )
    keep = {user.pk for user in members}
    leaving = locked.assignments.exclude(juror__in=keep).exclude(has_conflict=True)
    scored = leaving.filter(review__status=ReviewStatus.SUBMITTED).select_related("juror")
    if blocked := sorted({str(assignment.juror) for assignment in scored}):
        raise ValidationError(
            {
                "members": _(
                    "Een jurylid dat al een beoordeling indiende, blijft in de jury: %(names)s."
                )
                % {"names": ", ".join(blocked)}
            }
        )
    leaving.delete()
    locked.members.set(members)
    return locked


def dossiers_to_score(jury: Jury):
    """The dossiers the jury scores: the call's admissible ones."""
    return Dossier.objects.filter(call_id=jury.call_id, status=DossierStatus.ADMISSIBLE)


@transaction.atomic
def assignments_generate(*, jury: Jury, per_dossier: int | None, by) -> GenerationResult:
    """Assign every admissible dossier to `per_dossier` members (all members when None),
    balanced over the jury (jury.assignment.balanced_assignments), keeping existing assignments
    and never choosing a juror with a conflict on the dossier.

    Side effects: new Assignment rows; jury.reviewers_per_dossier. Refused without members,
    with a number below one, and after the scoring phase.
    """
    locked = _lock(jury)
    if per_dossier is not None and per_dossier < 1:
        raise ValidationError({"per_dossier": _("Kies minstens één jurylid per dossier.")})
    juror_ids = list(locked.members.order_by("full_name", "email").values_list("pk", flat=True))
    if not juror_ids:
        raise ValidationError(_("Kies eerst de juryleden."))
    dossiers = dict(
        dossiers_to_score(locked).order_by("reference", "pk").values_list("pk", "reference")
    )
    rows = list(
        locked.assignments.filter(juror__in=juror_ids).values_list(
            "dossier_id", "juror_id", "has_conflict"
        )
    )
    existing = {(d, j) for d, j, conflict in rows if conflict is not True}
    conflicts = {(d, j) for d, j, conflict in rows if conflict is True}
    plan = balanced_assignments(list(dossiers), juror_ids, per_dossier, existing, conflicts)
    new = sorted(plan.pairs - existing - conflicts)
    Assignment.objects.bulk_create(
        Assignment(jury=locked, dossier_id=dossier, juror_id=juror) for dossier, juror in new
    )
    locked.reviewers_per_dossier = per_dossier
    locked.save(update_fields=["reviewers_per_dossier"])
    return GenerationResult(
        created=len(new), short=[dossiers[pk] or str(pk) for pk in sorted(plan.shortfall)]
    )


@transaction.atomic
def assignment_add(*, jury: Jury, dossier: Dossier, juror, by) -> Assignment:
    """Assign one admissible dossier of the jury's call to one member, by hand.

    Side effects: an Assignment row. Refused for a dossier of another call or not admissible,
    a juror outside the jury, a pair that exists already (also with a conflict), and after the
    scoring phase.
    """
    locked = _lock(jury)
    if dossier.call_id != locked.call_id or dossier.status != DossierStatus.ADMISSIBLE:
        raise ValidationError(_("Alleen ontvankelijke dossiers van deze oproep gaan naar de jury."))
    if not locked.members.filter(pk=juror.pk).exists():
        raise ValidationError(_("%(juror)s is geen lid van deze jury.") % {"juror": juror})
    current = Assignment.objects.filter(dossier=dossier, juror=juror).first()
    if current is not None:
        if current.has_conflict:
            raise ValidationError(
                _("%(juror)s heeft een belangenconflict bij dossier %(dossier)s.")
                % {"juror": juror.get_full_name(), "dossier": dossier}
            )
        raise ValidationError(
            _("%(juror)s beoordeelt dossier %(dossier)s al.")
            % {"juror": juror.get_full_name(), "dossier": dossier}
        )
    return Assignment.objects.create(jury=locked, dossier=dossier, juror=juror)


@transaction.atomic
def assignment_remove(*, assignment: Assignment, by) -> None:
    """Take a dossier away from a juror.

    Side effects: the Assignment row and its draft review are deleted. Refused once the juror
    submitted a review of it, for a conflict of interest (it stays on record, so the juror is
    never assigned the dossier again), and after the scoring phase.
    """
    _lock(assignment.jury)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.has_conflict:
        raise ValidationError(
            _("Een belangenconflict blijft geregistreerd: deze toewijzing kan niet weg.")
        )
    if Review.objects.filter(assignment=assignment, status=ReviewStatus.SUBMITTED).exists():
        raise ValidationError(
            _("%(juror)s heeft dit dossier al beoordeeld: de toewijzing blijft.")
            % {"juror": assignment.juror.get_full_name()}
        )
    assignment.delete()


@transaction.atomic
def conflict_record(*, assignment: Assignment, note: str, by) -> Assignment:
    """Staff record a conflict of interest they know of: the dossier is taken from the juror.

    Side effects: has_conflict, conflict_note, conflict_recorded_by and conflict_declared_at on
    the assignment; a draft review of it is deleted (a submitted one stays on record). Refused
    without a note, for a conflict already known, and after the scoring phase.
    """
    _lock(assignment.jury)
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not note.strip():
        raise ValidationError({"note": _("Licht het belangenconflict toe.")})
    if locked.has_conflict:
        raise ValidationError(_("Voor deze toewijzing is al een belangenconflict geregistreerd."))
    locked.has_conflict = True
    locked.conflict_note = note.strip()
    locked.conflict_recorded_by = by
    locked.conflict_declared_at = timezone.now()
    locked.full_clean()
    locked.save(
        update_fields=[
            "has_conflict",
            "conflict_note",
            "conflict_recorded_by",
            "conflict_declared_at",
        ]
    )
    Review.objects.filter(assignment=locked, status=ReviewStatus.DRAFT).delete()
    return locked


@transaction.atomic
def jury_set_scoring_deadline(*, jury: Jury, scoring_deadline: datetime | None, by) -> Jury:
    """Side effects: the jury's scoring deadline (None: no deadline). Refused after the scoring
    phase."""
    locked = _lock(jury)
    locked.scoring_deadline = scoring_deadline
    locked.save(update_fields=["scoring_deadline"])
    return locked
