"""Who may do what in the jury. The jury's phase opens and closes what jurors may do."""

import rules

from jury.enums import JuryPhase
from plgportal.accounts.rules import is_foundation_staff, is_juror


@rules.predicate
def is_assigned_juror(user, assignment):
    """The juror of this assignment, as long as no conflict of interest was declared."""
    return (
        assignment is not None
        and user.is_authenticated
        and assignment.juror_id == user.pk
        and assignment.has_conflict is not True
    )


@rules.predicate
def sits_on_jury(user, jury):
    """A member of this jury, or a juror with assignments in it (the juror's home lists both)."""
    if jury is None or not user.is_authenticated:
        return False
    return jury.members.filter(pk=user.pk).exists() or jury.assignments.filter(juror=user).exists()


@rules.predicate
def conflict_declared_free(user, assignment):
    """The juror said "no conflict": only then may they open the dossier."""
    return assignment is not None and assignment.has_conflict is False


@rules.predicate
def scoring_open(user, assignment):
    return assignment is not None and assignment.jury.phase == JuryPhase.SCORING


@rules.predicate
def scoring_started(user, assignment):
    """The jury left its set-up: its jurors open their reviews (to score, later to read)."""
    return assignment is not None and assignment.jury.phase != JuryPhase.SETUP


@rules.predicate
def deliberation_open(user, jury):
    return jury is not None and jury.phase in (JuryPhase.DELIBERATION, JuryPhase.PUBLISHED)


@rules.predicate
def is_deliberating(user, jury):
    """Decisions are taken during the deliberation only: not before, not once published."""
    return jury is not None and jury.phase == JuryPhase.DELIBERATION


@rules.predicate
def setup_open(user, jury):
    """Members and assignments change while the jury is set up or scores (`Jury.is_setup_open`,
    the rule the set-up services enforce)."""
    return jury is not None and jury.is_setup_open


@rules.predicate
def reviews_reopenable(user, jury):
    """A submitted review can be reopened while the jury scores or deliberates."""
    return jury is not None and jury.phase in (JuryPhase.SCORING, JuryPhase.DELIBERATION)


# Object: an Assignment. Whoever is not its juror (or declared a conflict) does not see it.
rules.add_perm("jury.view_assignment", is_assigned_juror)
rules.add_perm("jury.declare_conflict", is_assigned_juror & scoring_open)
rules.add_perm("jury.view_assigned_dossier", is_assigned_juror & conflict_declared_free)
# What the juror's home page links: the review, once the scoring opened.
rules.add_perm("jury.open_review", is_assigned_juror & conflict_declared_free & scoring_started)
rules.add_perm("jury.score", is_assigned_juror & conflict_declared_free & scoring_open)
# Object: a Jury. A juror's own list of their dossiers in it.
rules.add_perm("jury.view_own_assignments", is_juror & sits_on_jury)
# Object: a Jury. Jurors see each other's scores only once staff open the deliberation.
rules.add_perm("jury.view_all_scores", is_foundation_staff | (is_juror & deliberation_open))
rules.add_perm("jury.manage", is_foundation_staff)
rules.add_perm("jury.edit_setup", is_foundation_staff & setup_open)
rules.add_perm("jury.decide", is_foundation_staff & is_deliberating)
rules.add_perm("jury.reopen_review", is_foundation_staff & reviews_reopenable)


# The link a juror's list shows beside an assignment, from the permissions above.
LINK_DECLARE = "declare"
LINK_SCORE = "score"
LINK_VIEW = "view"


def assignment_link(user, assignment, *, submitted: bool) -> str | None:
    """The link beside an assignment in the juror's lists: "declare" (no declaration yet),
    "score", "view" (the review read-only) or None. Asks django-rules directly (not
    user.has_perm, which tries the model backend first): a list asks this for every row."""
    if assignment.has_conflict is None:
        return LINK_DECLARE if rules.has_perm("jury.declare_conflict", user, assignment) else None
    if not rules.has_perm("jury.open_review", user, assignment):
        return None
    if not submitted and rules.has_perm("jury.score", user, assignment):
        return LINK_SCORE
    return LINK_VIEW
