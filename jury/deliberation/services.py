"""Writes of the deliberation: the foundation's decision on each dossier."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.enums import DossierStatus
from applications.models import Dossier
from jury.enums import JuryPhase, Outcome
from jury.models import Decision, DecisionChange, Jury

# During the deliberation any outcome may replace any other, and a first decision ("": none yet)
# may be any outcome: minds change until the results are published, which fixes them all.
DECISION_MOVES = {
    "": set(Outcome),
    Outcome.SELECTED: set(Outcome),
    Outcome.RESERVE: set(Outcome),
    Outcome.NOT_SELECTED: set(Outcome),
}


@transaction.atomic
def decision_record(
    *, dossier: Dossier, outcome: Outcome, reserve_rank: int | None, motivation: str, by
) -> Decision:
    """Record (or change) the decision on an admissible dossier during the deliberation.

    The decision's transition function: every recording moves it along DECISION_MOVES.

    Side effects: creates or updates the dossier's Decision with outcome, reserve rank (kept only
    for a reserve), motivation, decided_by = `by` and decided_at = now; a DecisionChange row
    (old outcome or "", new outcome, who, when, the motivation as reason), also when only the
    motivation or rank changed. Nothing is sent: the applicants hear of it when staff publish
    the results.
    Refused (ValidationError) outside the deliberation phase, for a dossier that is not
    admissible, for a reserve without a rank or with a rank another dossier already holds.
    The number of selected dossiers is not checked here: the ranking page warns about it.
    """
    # Lock the jury: two staff members deciding at once cannot give out one reserve rank twice.
    jury = Jury.objects.select_for_update().filter(call_id=dossier.call_id).first()
    if jury is None or jury.phase != JuryPhase.DELIBERATION:
        raise ValidationError(_("Beslissen kan alleen tijdens de deliberatie van de jury."))
    if dossier.status != DossierStatus.ADMISSIBLE:
        raise ValidationError(_("Alleen over ontvankelijke dossiers wordt beslist."))
    if outcome != Outcome.RESERVE:
        reserve_rank = None
    elif not reserve_rank:
        raise ValidationError({"reserve_rank": _("Geef de plaats op de reservelijst op.")})
    else:
        taken = (
            Decision.objects.filter(
                dossier__call_id=dossier.call_id, outcome=Outcome.RESERVE, reserve_rank=reserve_rank
            )
            .exclude(dossier=dossier)
            .select_related("dossier")
            .first()
        )
        if taken:
            raise ValidationError(
                {
                    "reserve_rank": _(
                        "Plaats %(rank)d op de reservelijst is al gegeven aan %(dossier)s."
                    )
                    % {"rank": reserve_rank, "dossier": taken.dossier}
                }
            )
    decision = Decision.objects.filter(dossier=dossier).first() or Decision(dossier=dossier)
    old = decision.outcome or ""
    if outcome not in DECISION_MOVES[old]:
        raise ValidationError({"outcome": _("Deze beslissing is niet mogelijk.")})
    decision.outcome = outcome
    decision.reserve_rank = reserve_rank
    decision.motivation = motivation.strip()
    decision.decided_by = by
    decision.full_clean()
    decision.save()
    DecisionChange.objects.create(
        dossier=dossier,
        old_status=old,
        new_status=outcome,
        changed_by=by,
        reason=decision.motivation,
    )
    return decision
