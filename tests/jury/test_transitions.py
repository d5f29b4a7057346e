"""The jury's three workflows (phase, review status, decision): each moves only along its table
of allowed moves, and every move leaves a history row (old, new, who, why)."""

from datetime import timedelta
from importlib import import_module
from itertools import product

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.enums import DossierStatus
from jury.deliberation.services import DECISION_MOVES, decision_record
from jury.enums import JuryPhase, Outcome, ReviewStatus
from jury.models import (
    Decision,
    DecisionChange,
    Jury,
    JuryPhaseChange,
    Review,
    ReviewStatusChange,
)
from jury.publication.services import results_publish
from jury.review.services import (
    REVIEW_MOVES,
    conflict_declare,
    review_reopen,
    review_save,
    review_set_status,
)
from jury.services import ALLOWED_PHASES, jury_set_phase
from jury.setup.services import assignment_remove
from tests.jury.factories import AssignmentFactory, ReviewFactory, admissible_dossier

pytestmark = pytest.mark.django_db


def moves(table, statuses, *, allowed: bool):
    return [
        pytest.param(old, new, id=f"{old or 'none'}-to-{new}")
        for old, new in product(statuses, statuses)
        if old in table and (new in table[old]) == allowed
    ]


@pytest.fixture
def dossier(staff_user):
    return admissible_dossier(by=staff_user)


def jury_in(dossier, phase):
    jury = Jury.objects.get_or_create(call=dossier.call)[0]
    Jury.objects.filter(pk=jury.pk).update(phase=phase)
    jury.refresh_from_db()
    return jury


# Jury phase


@pytest.mark.parametrize(("old", "new"), moves(ALLOWED_PHASES, list(JuryPhase), allowed=True))
def test_jury_set_phase_allowed_move_writes_history(dossier, staff_user, old, new):
    jury = jury_in(dossier, old)

    moved = jury_set_phase(jury=jury, phase=new, by=staff_user, reason=" Omdat ")

    assert Jury.objects.get(pk=jury.pk).phase == moved.phase == new
    assert [
        (c.old_status, c.new_status, c.changed_by, c.reason) for c in jury.phase_changes.all()
    ] == [(old, new, staff_user, "Omdat")]


@pytest.mark.parametrize(("old", "new"), moves(ALLOWED_PHASES, list(JuryPhase), allowed=False))
def test_jury_set_phase_other_move_refused_and_writes_nothing(dossier, staff_user, old, new):
    jury = jury_in(dossier, old)

    with pytest.raises(ValidationError) as error:
        jury_set_phase(jury=jury, phase=new, by=staff_user)

    assert error.value.messages == [
        f"De jury kan niet van “{JuryPhase(old).label}” naar “{JuryPhase(new).label}”."
    ]
    assert Jury.objects.get(pk=jury.pk).phase == old
    assert not JuryPhaseChange.objects.exists()


def test_jury_set_phase_to_published_sets_the_publication_time(dossier, staff_user):
    jury = jury_in(dossier, JuryPhase.DELIBERATION)

    published = jury_set_phase(jury=jury, phase=JuryPhase.PUBLISHED, by=staff_user)

    assert published.published_at is not None


def test_results_publish_moves_the_phase_through_the_table_with_history(dossier, staff_user):
    jury = jury_in(dossier, JuryPhase.DELIBERATION)
    Decision.objects.create(dossier=dossier, outcome=Outcome.SELECTED, decided_by=staff_user)
    dossier.call.results_date = timezone.localdate() - timedelta(days=1)
    dossier.call.plgs_to_select = 1  # the counts match: no exception needed
    dossier.call.save()

    results_publish(jury=jury, by=staff_user)

    change = JuryPhaseChange.objects.get(jury=jury)
    assert (change.old_status, change.new_status, change.changed_by, change.reason) == (
        JuryPhase.DELIBERATION,
        JuryPhase.PUBLISHED,
        staff_user,
        "Resultaten gepubliceerd",
    )


# Review status


@pytest.mark.parametrize(("old", "new"), moves(REVIEW_MOVES, list(ReviewStatus), allowed=True))
def test_review_set_status_allowed_move_writes_history(dossier, staff_user, juror, old, new):
    review = ReviewFactory(assignment=AssignmentFactory(dossier=dossier, juror=juror), status=old)

    moved = review_set_status(review=review, status=new, by=staff_user, reason=" Tikfout ")

    assert moved.status == new
    assert (moved.submitted_at is not None) == (new == ReviewStatus.SUBMITTED)
    assert [
        (c.dossier, c.juror, c.old_status, c.new_status, c.changed_by, c.reason)
        for c in ReviewStatusChange.objects.all()
    ] == [(dossier, juror, old, new, staff_user, "Tikfout")]


@pytest.mark.parametrize(("old", "new"), moves(REVIEW_MOVES, list(ReviewStatus), allowed=False))
def test_review_set_status_other_move_refused_and_writes_nothing(
    dossier, staff_user, juror, old, new
):
    review = ReviewFactory(assignment=AssignmentFactory(dossier=dossier, juror=juror), status=old)

    with pytest.raises(ValidationError):
        review_set_status(review=review, status=new, by=staff_user)

    review.refresh_from_db()
    assert review.status == old
    assert not ReviewStatusChange.objects.exists()


@pytest.fixture
def submitted_then_reopened(dossier, juror, staff_user):
    """A juror's review submitted, then reopened by staff: two history rows."""
    jury = jury_in(dossier, JuryPhase.SCORING)
    jury.members.add(juror)
    assignment = AssignmentFactory(jury=jury, dossier=dossier, juror=juror, has_conflict=False)
    criteria = list(dossier.call.criteria.all())
    review = review_save(
        assignment=assignment,
        scores={c.pk: (4, "Goed.") for c in criteria},
        overall_comment="",
        submit=True,
        by=juror,
    )
    review_reopen(review=review, by=staff_user, reason="Score 4 was een tikfout")
    return assignment


def history_of(dossier, juror):
    return [
        (c.old_status, c.new_status, c.reason)
        for c in ReviewStatusChange.objects.filter(dossier=dossier, juror=juror)
    ]


REOPENED = [("draft", "submitted", ""), ("submitted", "draft", "Score 4 was een tikfout")]


def test_review_history_survives_the_review_deleted_by_a_conflict(
    submitted_then_reopened, dossier, juror
):
    conflict_declare(
        assignment=submitted_then_reopened, has_conflict=True, note="Mijn school", by=juror
    )

    assert not Review.objects.filter(assignment=submitted_then_reopened).exists()
    assert history_of(dossier, juror) == REOPENED


def test_review_history_survives_the_assignment_removed(
    submitted_then_reopened, dossier, juror, staff_user
):
    assignment_remove(assignment=submitted_then_reopened, by=staff_user)

    assert history_of(dossier, juror) == REOPENED


# Decision


OUTCOMES = ["", *Outcome]


@pytest.fixture
def deliberating(dossier):
    return jury_in(dossier, JuryPhase.DELIBERATION)


def record(dossier, outcome, by, motivation="Sterk plan."):
    return decision_record(
        dossier=dossier,
        outcome=outcome,
        reserve_rank=1 if outcome == Outcome.RESERVE else None,
        motivation=motivation,
        by=by,
    )


@pytest.mark.parametrize(
    ("old", "new"), [p for p in moves(DECISION_MOVES, OUTCOMES, allowed=True) if p.values[1]]
)
def test_decision_record_allowed_move_writes_history(deliberating, dossier, staff_user, old, new):
    if old:
        record(dossier, old, staff_user, motivation="Eerst")

    record(dossier, new, staff_user, motivation=" Sterk plan. ")

    assert Decision.objects.get(dossier=dossier).outcome == new
    last = DecisionChange.objects.filter(dossier=dossier).last()
    assert (last.old_status, last.new_status, last.changed_by, last.reason) == (
        old,
        new,
        staff_user,
        "Sterk plan.",
    )
    assert DecisionChange.objects.count() == (2 if old else 1)


@pytest.mark.parametrize(
    ("phase", "status"),
    [
        (JuryPhase.SCORING, DossierStatus.ADMISSIBLE),
        (JuryPhase.PUBLISHED, DossierStatus.ADMISSIBLE),
        (JuryPhase.DELIBERATION, DossierStatus.NOT_ADMISSIBLE),
    ],
)
def test_decision_record_refused_writes_nothing(dossier, staff_user, phase, status):
    jury_in(dossier, phase)
    dossier.status = status
    dossier.save()

    with pytest.raises(ValidationError):
        record(dossier, Outcome.SELECTED, staff_user)

    assert not Decision.objects.exists()
    assert not DecisionChange.objects.exists()


def test_migration_starts_the_history_of_decisions_taken_before(dossier, staff_user):
    decision = Decision.objects.create(
        dossier=dossier, outcome=Outcome.SELECTED, motivation="Sterk", decided_by=staff_user
    )
    migration = import_module("jury.migrations.0003_status_history")

    migration.decisions_start_their_history(apps, None)

    change = DecisionChange.objects.get()
    assert (change.dossier, change.old_status, change.new_status, change.changed_by) == (
        dossier,
        "",
        Outcome.SELECTED,
        staff_user,
    )
    assert (change.changed_at, change.reason) == (decision.decided_at, "Sterk")


# Shown to staff where the subject is shown


def test_ranking_dossier_page_shows_decision_and_review_history_to_staff(
    client, submitted_then_reopened, dossier, juror, staff_user
):
    juror.full_name = "Jurylid Janssens"
    juror.save()
    jury = jury_in(dossier, JuryPhase.DELIBERATION)
    record(dossier, Outcome.SELECTED, staff_user, motivation="Overtuigend plan")
    client.force_login(staff_user)

    page = client.get(
        reverse("jury:ranking_dossier", kwargs={"slug": jury.call.slug, "pk": dossier.pk})
    ).content.decode()

    assert "Geschiedenis van de beslissing" in page
    assert "Overtuigend plan" in page
    assert "Geschiedenis van de beoordelingen" in page
    assert "Score 4 was een tikfout" in page
    assert "Jurylid Janssens" in page
