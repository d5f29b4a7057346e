"""Writes to the jury: its phase and composition. (Assignments, reviews and decisions each have
their own services module next to this one.)"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jury.enums import JuryPhase
from jury.models import Jury, JuryPhaseChange
from plgportal.calls.models import Call
from plgportal.calls.services import call_freeze_ranking
from plgportal.history import ensure_move_allowed

# Staff move the jury forward one phase at a time, and may step back one (e.g. to reopen
# scoring when a juror needs more time). Published results are final. The move to published is
# made by jury.publication.services.results_publish, after its checks; the phase form never
# offers it.
ALLOWED_PHASES = {
    JuryPhase.SETUP: {JuryPhase.SCORING},
    JuryPhase.SCORING: {JuryPhase.SETUP, JuryPhase.DELIBERATION},
    JuryPhase.DELIBERATION: {JuryPhase.SCORING, JuryPhase.PUBLISHED},
    JuryPhase.PUBLISHED: set(),
}


def jury_for_call(call: Call) -> Jury:
    """The call's jury, created in the set-up phase the first time it is needed."""
    jury, _created = Jury.objects.get_or_create(call=call)
    return jury


@transaction.atomic
def jury_set_phase(*, jury: Jury, phase: JuryPhase, by, reason: str = "") -> Jury:
    """The one way a jury changes phase, along ALLOWED_PHASES (ValidationError otherwise).

    Side effects: the phase; a JuryPhaseChange row (old, new, who, when, why); on the move to
    published, published_at; on the first move to scoring, the call's ranking is frozen
    (call_freeze_ranking: weights, scales and numbers to select no longer change, even when
    staff step back to set-up, since scores may exist). Nothing is mailed here:
    results_publish, which makes that move, queues the decision emails itself.
    """
    locked = Jury.objects.select_for_update().get(pk=jury.pk)
    old = JuryPhase(locked.phase)
    ensure_move_allowed(
        ALLOWED_PHASES,
        old=old,
        new=phase,
        message=_("De jury kan niet van “%(old)s” naar “%(new)s”."),
    )
    locked.phase = phase
    fields = ["phase"]
    if phase == JuryPhase.PUBLISHED:
        locked.published_at = timezone.now()
        fields.append("published_at")
    locked.save(update_fields=fields)
    if phase == JuryPhase.SCORING:
        call_freeze_ranking(call=jury.call)
    JuryPhaseChange.objects.create(
        jury=locked, old_status=old, new_status=phase, changed_by=by, reason=reason.strip()
    )
    return locked
