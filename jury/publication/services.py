"""Publishing a call's results: what will be sent, the checks before it, the decision emails,
and what an applicant sees of the jury's work afterwards (nothing before)."""

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from applications.contacts import dossier_contacts
from applications.enums import DossierStatus
from applications.models import Dossier
from jury.enums import JuryPhase, Outcome, ReviewStatus
from jury.feedback import Feedback, aggregate_feedback
from jury.hooks import results_published_notify
from jury.models import Decision, Jury, Review
from jury.services import jury_set_phase
from plgportal.accounts.selectors import languages_by_email
from plgportal.outbox.services import email_render_and_queue

BRUSSELS = ZoneInfo("Europe/Brussels")
EMAIL_TEMPLATE = "emails/jury_result"


def results_open_at(jury: Jury) -> datetime:
    """Results may go out from the start of the call's results date, Brussels time."""
    return datetime.combine(jury.call.results_date, time.min, tzinfo=BRUSSELS)


def _submitted_reviews(jury: Jury, dossier_ids=None) -> dict[int, list[Review]]:
    reviews = (
        Review.objects.filter(assignment__jury=jury, status=ReviewStatus.SUBMITTED)
        .exclude(assignment__has_conflict=True)
        .select_related("assignment")
        .prefetch_related("scores")
        .order_by("pk")
    )
    if dossier_ids is not None:
        reviews = reviews.filter(assignment__dossier_id__in=dossier_ids)
    by_dossier: dict[int, list[Review]] = {}
    for review in reviews:
        by_dossier.setdefault(review.assignment.dossier_id, []).append(review)
    return by_dossier


def feedback_by_dossier(jury: Jury, dossier_ids=None) -> dict[int, Feedback]:
    """Each dossier's aggregated feedback, in a fixed number of queries."""
    criteria = list(jury.call.criteria.all())
    return {
        dossier_id: aggregate_feedback(criteria, reviews)
        for dossier_id, reviews in _submitted_reviews(jury, dossier_ids).items()
    }


@dataclass(frozen=True)
class PublicationOverview:
    jury: Jury
    dossiers: list[Dossier]  # admissible, with jury_decision, created_by, collaborators
    counts: dict[str, int]  # outcome value → number of dossiers
    undecided: list[Dossier]
    open_at: datetime

    @property
    def outcome_rows(self) -> list[tuple[str, int]]:
        return [(label, self.counts[value]) for value, label in Outcome.choices]

    def blockers(self, now: datetime | None = None) -> list[str]:
        """Why publishing is refused now; empty when it may go ahead."""
        now = now or timezone.now()
        problems = []
        if self.jury.phase != JuryPhase.DELIBERATION:
            problems.append(
                _("Publiceren kan alleen tijdens de deliberatie (fase nu: %(phase)s).")
                % {"phase": self.jury.get_phase_display()}
            )
        if not self.dossiers:
            problems.append(_("Er zijn geen ontvankelijke dossiers."))
        if self.undecided:
            problems.append(
                _("Nog %(count)d ontvankelijke dossier(s) zonder beslissing.")
                % {"count": len(self.undecided)}
            )
        if now < self.open_at:
            problems.append(
                _("De resultaten mogen pas bekend worden vanaf %(date)s.")
                % {"date": formats.date_format(self.jury.call.results_date, "j F Y")}
            )
        return problems


def publication_overview(jury: Jury) -> PublicationOverview:
    dossiers = list(
        Dossier.objects.filter(call_id=jury.call_id, status=DossierStatus.ADMISSIBLE)
        .select_related("call", "created_by", "jury_decision")
        .prefetch_related("collaborators__user")
        .order_by("reference", "pk")
    )
    counts = dict.fromkeys(Outcome.values, 0)
    undecided = []
    for dossier in dossiers:
        decision = _decision(dossier)
        if decision is None:
            undecided.append(dossier)
        else:
            counts[decision.outcome] += 1
    return PublicationOverview(
        jury=jury,
        dossiers=dossiers,
        counts=counts,
        undecided=undecided,
        open_at=results_open_at(jury),
    )


def _decision(dossier: Dossier) -> Decision | None:
    try:
        return dossier.jury_decision
    except Decision.DoesNotExist:
        return None


@transaction.atomic
def results_publish(*, jury: Jury, by, now: datetime | None = None) -> int:
    """Publish the call's results. Returns the number of emails queued.

    Refused (ValidationError, with every reason) outside the deliberation, while an admissible
    dossier has no decision, and before the start of the call's results date (Brussels time).

    Side effects: the jury moves to published through jury_set_phase (history row,
    published_at); per admissible dossier one decision email (outcome, reserve rank, aggregated
    feedback per criterion, no juror names) to the contact person and each partner director,
    sent by Celery after commit. Each email has an event key, so nobody is mailed twice.
    Then every hook registered in jury.hooks runs (sessions creates the trajectory of every
    selected dossier).
    """
    jury = Jury.objects.select_for_update().select_related("call").get(pk=jury.pk)
    overview = publication_overview(jury)
    if problems := overview.blockers(now):
        raise ValidationError(problems)
    jury_set_phase(jury=jury, phase=JuryPhase.PUBLISHED, by=by, reason=_("Resultaten gepubliceerd"))
    feedback = feedback_by_dossier(jury, [d.pk for d in overview.dossiers])
    recipients = {
        dossier.pk: [contact.email for contact in dossier_contacts(dossier)]
        for dossier in overview.dossiers
    }
    languages = languages_by_email(a for addresses in recipients.values() for a in addresses)
    queued = 0
    for dossier in overview.dossiers:
        decision = dossier.jury_decision
        for address in recipients[dossier.pk]:
            email_render_and_queue(
                to=address,
                template=EMAIL_TEMPLATE,
                context={
                    "dossier": dossier,
                    "call": jury.call,
                    "decision": decision,
                    "feedback": feedback.get(dossier.pk),
                },
                event_key=f"jury-result:{dossier.pk}:{address.casefold()}",
                language=languages.get(address.lower(), settings.LANGUAGE_CODE),
            )
            queued += 1
    # Apps built on the jury act on the results (sessions: the selected PLGs' trajectories).
    results_published_notify(call=jury.call)
    return queued


@dataclass(frozen=True)
class PublishedResult:
    decision: Decision
    feedback: Feedback | None


def dossier_result(dossier: Dossier) -> PublishedResult | None:
    """What the applicant sees of the jury's work: the decision and the feedback, only once the
    results are published; None before (and for dossiers without a decision)."""
    jury = Jury.objects.filter(call_id=dossier.call_id, phase=JuryPhase.PUBLISHED).first()
    if jury is None:
        return None
    decision = Decision.objects.filter(dossier=dossier).first()
    if decision is None:
        return None
    jury.call = dossier.call
    return PublishedResult(
        decision=decision, feedback=feedback_by_dossier(jury, [dossier.pk]).get(dossier.pk)
    )
