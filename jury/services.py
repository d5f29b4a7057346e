"""Writes to the jury: its phase and composition. (Assignments, reviews and decisions each have
their own services module next to this one.)"""

from itertools import groupby

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jury.enums import JuryPhase
from jury.models import Assignment, Jury, JuryPhaseChange
from plgportal.calls.models import Call
from plgportal.calls.services import call_freeze_ranking
from plgportal.history import ensure_move_allowed
from plgportal.outbox.services import email_render_and_queue
from plgportal.urls_absolute import absolute_url

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
    staff step back to set-up, since scores may exist); on every move to scoring,
    scoring_opened_mail_jurors (each juror mailed once per jury, so reopening scoring mails
    nobody again). Nothing else is mailed here: results_publish, which makes the move to
    published, queues the decision emails itself.
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
        scoring_opened_mail_jurors(jury=locked)
    JuryPhaseChange.objects.create(
        jury=locked, old_status=old, new_status=phase, changed_by=by, reason=reason.strip()
    )
    return locked


SCORING_OPENED_TEMPLATE = "emails/jury_scoring_opened"


def scoring_opened_event_key(*, jury_id: int, juror_id: int) -> str:
    """One "scoring is open" mail per jury and juror, e.g. "jury-scoring-opened:3:juror-12"."""
    return f"jury-scoring-opened:{jury_id}:juror-{juror_id}"


@transaction.atomic
def scoring_opened_mail_jurors(*, jury: Jury) -> int:
    """Tell every active juror with assigned dossiers (no conflict declared) that scoring is
    open: their dossiers (reference, working title), the scoring deadline and their home page.

    Side effects: one outbox Email per juror not mailed for this jury before (event key per
    jury and juror), in the juror's language, sent after commit. Returns how many jurors.
    """
    assignments = (
        Assignment.objects.filter(jury=jury, juror__is_active=True)
        .exclude(has_conflict=True)
        .select_related("juror", "dossier")
        .order_by("juror_id", "dossier__reference", "pk")
    )
    shared = {
        "call": jury.call,
        "deadline": jury.scoring_deadline,
        "action_url": absolute_url("home"),
    }
    count = 0
    for _juror_id, group in groupby(assignments, key=lambda a: a.juror_id):
        mine = list(group)
        juror = mine[0].juror
        email_render_and_queue(
            to=juror.email,
            template=SCORING_OPENED_TEMPLATE,
            context={
                **shared,
                "name": juror.full_name,
                "dossiers": [a.dossier for a in mine],
            },
            event_key=scoring_opened_event_key(jury_id=jury.pk, juror_id=juror.pk),
            language=juror.language,
        )
        count += 1
    return count
