"""The jury's feedback to an applicant: per criterion the mean score and the motivations, plus
the overall comments, all without saying which juror wrote what.

Pure: takes the call's criteria (objects with pk, title, scale_min, scale_max) and the submitted
reviews (objects with overall_comment and scores: each with criterion_id, value, motivation).

The jurors' own lines are for staff: applicants get the means (`Feedback.scores_only`) beside
the decision's motivation and the feedback text staff wrote, which `feedback_draft` pre-fills.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class CriterionFeedback:
    title: str
    scale_min: int
    scale_max: int
    mean: Decimal | None  # one decimal; None when no juror gave a score
    motivations: tuple[str, ...]  # sorted, so their order says nothing about their authors


@dataclass(frozen=True)
class Feedback:
    criteria: tuple[CriterionFeedback, ...]
    comments: tuple[str, ...]  # the overall comments, sorted likewise

    @property
    def is_empty(self) -> bool:
        return not self.comments and all(
            c.mean is None and not c.motivations for c in self.criteria
        )

    def scores_only(self) -> "Feedback":
        """What an applicant may see of it: the means per criterion, no juror's words."""
        return Feedback(
            criteria=tuple(replace(c, motivations=()) for c in self.criteria), comments=()
        )


def _anonymous(texts: Iterable[str]) -> tuple[str, ...]:
    """Non-empty texts in alphabetical order: the order of the jurors is not recoverable."""
    return tuple(sorted((t.strip() for t in texts if t and t.strip()), key=str.casefold))


def mean_one_decimal(values: list[int]) -> Decimal | None:
    if not values:
        return None
    mean = Decimal(sum(values)) / Decimal(len(values))
    return mean.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def aggregate_feedback(criteria: Iterable, reviews: Iterable) -> Feedback:
    """The feedback from the submitted reviews of one dossier, criterion by criterion in the
    call's order. Scores without a value count for the motivations only."""
    reviews = list(reviews)
    by_criterion: dict[int, list] = {}
    for review in reviews:
        for score in review.scores.all() if hasattr(review.scores, "all") else review.scores:
            by_criterion.setdefault(score.criterion_id, []).append(score)
    return Feedback(
        criteria=tuple(
            CriterionFeedback(
                title=criterion.title,
                scale_min=criterion.scale_min,
                scale_max=criterion.scale_max,
                mean=mean_one_decimal(
                    [s.value for s in by_criterion.get(criterion.pk, []) if s.value is not None]
                ),
                motivations=_anonymous(s.motivation for s in by_criterion.get(criterion.pk, [])),
            )
            for criterion in criteria
        ),
        comments=_anonymous(review.overall_comment for review in reviews),
    )


def feedback_draft(feedback: Feedback | None) -> str:
    """The jurors' remarks as a starting text for staff to rewrite into the applicant's feedback:
    per criterion its motivations, then the overall comments; empty without remarks."""
    if feedback is None:
        return ""
    blocks = [
        "\n".join([f"{c.title}:", *(f"- {m}" for m in c.motivations)])
        for c in feedback.criteria
        if c.motivations
    ]
    if feedback.comments:
        blocks.append(
            "\n".join([_("Algemene opmerkingen") + ":", *(f"- {c}" for c in feedback.comments)])
        )
    return "\n\n".join(blocks)
