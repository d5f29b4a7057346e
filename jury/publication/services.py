"""Publishing a call's results: what will be sent, the checks before it, the decision emails,
and what an applicant sees of the jury's work afterwards (nothing before)."""

from dataclasses import dataclass
from datetime import datetime, time
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from applications.contacts import dossier_contacts
from applications.enums import DossierStatus
from applications.models import Dossier
from jury.deliberation.selectors import ranking_data
from jury.enums import JuryPhase, Outcome, ReviewStatus
from jury.feedback import Feedback, aggregate_feedback
from jury.hooks import results_published_notify
from jury.models import Decision, Jury, PublishedFigures, Review
from jury.publication.counts import CountCheck, check_counts, exception_message
from jury.ranking import display
from jury.services import jury_set_phase
from plgportal.accounts.selectors import languages_by_email
from plgportal.calls.texts import localized_text
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
    """Each dossier's aggregated feedback, in a fixed number of queries. With the jurors' own
    lines: for staff only (`applicant_feedback_by_dossier` is what applicants get)."""
    # Each title is read when the feedback is shown: a result mail names the criteria in its
    # reader's language, not in the language of the staff member who published.
    criteria = [
        SimpleNamespace(
            pk=c.pk,
            title=localized_text(c, "title"),
            scale_min=c.scale_min,
            scale_max=c.scale_max,
        )
        for c in jury.call.criteria.all()
    ]
    return {
        dossier_id: aggregate_feedback(criteria, reviews)
        for dossier_id, reviews in _submitted_reviews(jury, dossier_ids).items()
    }


def applicant_feedback_by_dossier(jury: Jury, dossier_ids=None) -> dict[int, Feedback]:
    """The means per criterion only: jurors' remarks reach applicants only through the feedback
    text staff wrote on the decision (decision_feedback_edit)."""
    return {
        dossier_id: feedback.scores_only()
        for dossier_id, feedback in feedback_by_dossier(jury, dossier_ids).items()
    }


@dataclass(frozen=True)
class PublicationOverview:
    jury: Jury
    dossiers: list[Dossier]  # admissible, with jury_decision, created_by, collaborators
    counts: dict[str, int]  # outcome value → number of dossiers
    undecided: list[Dossier]
    open_at: datetime

    @property
    def count_check(self) -> CountCheck:
        """Do the numbers selected and on the reserve list match the call's?"""
        call = self.jury.call
        return check_counts(
            selected=self.counts[Outcome.SELECTED],
            plgs_to_select=call.plgs_to_select,
            reserves=self.counts[Outcome.RESERVE],
            reserves_to_select=call.reserves_to_select,
        )

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
def results_publish(
    *, jury: Jury, by, now: datetime | None = None, count_exception: str = ""
) -> int:
    """Publish the call's results. Returns the number of emails queued.

    Refused (ValidationError, with every reason) outside the deliberation, while an admissible
    dossier has no decision, and before the start of the call's results date (Brussels time).

    Side effects: the jury moves to published through jury_set_phase (history row,
    published_at); per admissible dossier one decision email (outcome, reserve rank, the
    decision's motivation, the feedback text staff wrote, the mean per criterion; no juror's
    names or own words) to the contact person and each partner director,
    sent by Celery after commit. Each email has an event key, so nobody is mailed twice.
    Then every hook registered in jury.hooks runs (sessions creates the trajectory of every
    selected dossier).
    """
    jury = Jury.objects.select_for_update().select_related("call").get(pk=jury.pk)
    overview = publication_overview(jury)
    if problems := overview.blockers(now):
        raise ValidationError(problems)
    published = jury_set_phase(
        jury=jury,
        phase=JuryPhase.PUBLISHED,
        by=by,
        reason=_publish_reason(overview.count_check, count_exception),
    )
    _snapshot_figures(jury, overview, published_at=published.published_at)
    feedback = applicant_feedback_by_dossier(jury, [d.pk for d in overview.dossiers])
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


def _publish_reason(counts: CountCheck, count_exception: str) -> str:
    """The reason on the phase change to published; refused (ValidationError on
    `count_exception`) when the counts do not match the call and no motivation is given."""
    if counts.matches:
        return _("Resultaten gepubliceerd")
    motivation = count_exception.strip()
    if not motivation:
        raise ValidationError({"count_exception": [*counts.problems, exception_message()]})
    return _(
        "Resultaten gepubliceerd met een uitzondering op de aantallen (%(problems)s). "
        "Motivering: %(motivation)s"
    ) % {"problems": " ".join(counts.problems), "motivation": motivation}


def _snapshot_figures(jury: Jury, overview: PublicationOverview, *, published_at) -> None:
    """Store each admissible dossier's published figures (outcome, reserve rank, rank, weighted
    total, mean per criterion), so what is shown after publication never changes."""
    rows = {row.dossier.id: row for row in ranking_data(jury).ranking.rows}
    figures = []
    for dossier in overview.dossiers:
        decision, row = dossier.jury_decision, rows.get(dossier.pk)
        item = PublishedFigures(
            dossier=dossier,
            jury=jury,
            outcome=decision.outcome,
            reserve_rank=decision.reserve_rank,
            rank=row.rank if row else None,
            total=display(row.total) if row else None,
            criteria=[
                {
                    "title": result.criterion.title,
                    "weight": str(result.criterion.weight),
                    "scale_min": result.criterion.scale_min,
                    "scale_max": result.criterion.scale_max,
                    "mean": None if result.mean is None else str(display(result.mean)),
                }
                for result in (row.criteria if row else [])
            ],
            published_at=published_at,
        )
        item.full_clean(exclude=["dossier", "jury"], validate_unique=False)
        figures.append(item)
    PublishedFigures.objects.bulk_create(figures)


@dataclass(frozen=True)
class PublishedResult:
    decision: Decision
    feedback: Feedback | None
    figures: PublishedFigures | None = None  # as published; None in staff's preview


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
        figures=PublishedFigures.objects.filter(dossier=dossier).first(),
        decision=decision,
        feedback=applicant_feedback_by_dossier(jury, [dossier.pk]).get(dossier.pk),
    )


def decision_feedback_preview(decision: Decision, jury: Jury) -> PublishedResult:
    """What the applicant of `decision` will see once the results are published (staff's
    preview), whatever the phase."""
    return PublishedResult(
        decision=decision,
        feedback=applicant_feedback_by_dossier(jury, [decision.dossier_id]).get(
            decision.dossier_id
        ),
    )


@transaction.atomic
def decision_feedback_edit(*, decision: Decision, feedback: str, by) -> Decision:
    """Store the feedback text staff wrote for the applicant of `decision`.

    Refused (ValidationError) outside the deliberation: once the results are published, what
    the applicants received cannot change behind their back.
    Side effects: the decision's feedback and feedback_edited_at (now); nothing is sent.
    `by` is the staff member (checked by the view's permission).
    """
    jury = Jury.objects.select_for_update().filter(call_id=decision.dossier.call_id).first()
    if jury is None or jury.phase != JuryPhase.DELIBERATION:
        if jury is not None and jury.is_published:
            raise ValidationError(
                _("De resultaten zijn gepubliceerd: de feedback kan niet meer gewijzigd worden.")
            )
        raise ValidationError(_("De feedback kan alleen tijdens de deliberatie bewerkt worden."))
    decision.feedback = feedback.strip()
    decision.feedback_edited_at = timezone.now()
    decision.full_clean()
    decision.save(update_fields=["feedback", "feedback_edited_at"])
    return decision
