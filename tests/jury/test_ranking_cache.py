"""The ranking page computes the ranking once per state of its inputs (ranking_cache): a reload
reads less, and every change to an input shows at the next load."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jury.deliberation.services import decision_record
from jury.enums import JuryPhase, Outcome
from jury.models import Assignment, Jury, Review
from jury.review.services import conflict_declare, review_reopen, review_save
from jury.setup.services import assignment_add, assignment_remove, conflict_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def load(client, setting) -> dict:
    """{dossier pk: (rank, total, reviews/assigned, decision)} as the ranking page shows it."""
    response = client.get(reverse("jury:ranking", kwargs={"slug": setting["call"].slug}))
    assert response.status_code == 200
    return {
        row.dossier.id: (
            row.result.rank,
            row.total,
            f"{row.result.review_count}/{row.dossier.assigned}",
            row.decision.outcome if row.decision else None,
        )
        for row in response.context["rows"]
    }


def set_phase(setting, phase: JuryPhase) -> None:
    Jury.objects.filter(pk=setting["jury"].pk).update(phase=phase)


@pytest.fixture
def staff_client(client, staff_user, setting):
    client.force_login(staff_user)
    return client


def scores(setting, values: list[int]) -> dict:
    criteria = setting["call"].criteria.order_by("position")
    return {c.pk: (v, "Goed onderbouwd.") for c, v in zip(criteria, values, strict=True)}


def test_ranking_reload_reads_less_and_shows_the_same(staff_client, setting):
    with CaptureQueriesContext(connection) as first:
        before = load(staff_client, setting)
    with CaptureQueriesContext(connection) as second:
        again = load(staff_client, setting)
    assert again == before
    assert before[setting["first"].pk] == (1, Decimal("19.33"), "3/3", None)
    assert len(second) < len(first)


def test_ranking_shows_a_reopened_then_resubmitted_review(
    staff_client, staff_user, setting, third_juror
):
    first = setting["first"]
    assert load(staff_client, setting)[first.pk] == (1, Decimal("19.33"), "3/3", None)
    set_phase(setting, JuryPhase.SCORING)
    review = Review.objects.get(assignment__dossier=first, assignment__juror=third_juror)
    review_reopen(review=review, by=staff_user)
    assert load(staff_client, setting)[first.pk] == (None, Decimal("21.50"), "2/3", None)
    assignment = Assignment.objects.get(pk=review.assignment_id)
    review_save(
        assignment=assignment,
        scores=scores(setting, [5, 5, 5, 5]),
        overall_comment="",
        submit=True,
        by=third_juror,
    )
    # (23 + 20 + 25) / 3
    assert load(staff_client, setting)[first.pk] == (1, Decimal("22.67"), "3/3", None)


def test_ranking_shows_a_review_submitted(staff_client, setting, third_juror):
    second = setting["second"]
    assert load(staff_client, setting)[second.pk] == (None, Decimal("12.50"), "2/3", None)
    set_phase(setting, JuryPhase.SCORING)
    assignment = Assignment.objects.get(dossier=second, juror=third_juror)
    review_save(
        assignment=assignment,
        scores=scores(setting, [4, 4, 4, 4]),
        overall_comment="",
        submit=True,
        by=third_juror,
    )
    # (15 + 10 + 20) / 3
    assert load(staff_client, setting)[second.pk] == (2, Decimal("15.00"), "3/3", None)


def test_ranking_shows_a_conflict_recorded(staff_client, staff_user, setting, third_juror):
    second = setting["second"]
    assert load(staff_client, setting)[second.pk][2] == "2/3"
    set_phase(setting, JuryPhase.SCORING)
    assignment = Assignment.objects.get(dossier=second, juror=third_juror)
    conflict_record(assignment=assignment, note="Collega.", by=staff_user)
    assert load(staff_client, setting)[second.pk] == (2, Decimal("12.50"), "2/2", None)


def test_ranking_shows_a_conflict_declared_by_the_juror(staff_client, setting, third_juror):
    second = setting["second"]
    assignment = Assignment.objects.get(dossier=second, juror=third_juror)
    Assignment.objects.filter(pk=assignment.pk).update(has_conflict=None)
    assert load(staff_client, setting)[second.pk][2] == "2/3"
    set_phase(setting, JuryPhase.SCORING)
    conflict_declare(assignment=assignment, has_conflict=True, note="Mijn school.", by=third_juror)
    assert load(staff_client, setting)[second.pk][2] == "2/2"


def test_ranking_shows_an_assignment_added_and_removed(staff_client, staff_user, setting):
    first = setting["first"]
    assert load(staff_client, setting)[first.pk][2] == "3/3"
    set_phase(setting, JuryPhase.SCORING)
    newcomer = UserFactory(role="jury")
    setting["jury"].members.add(newcomer)
    added = assignment_add(jury=setting["jury"], dossier=first, juror=newcomer, by=staff_user)
    assert load(staff_client, setting)[first.pk] == (None, Decimal("19.33"), "3/4", None)
    assignment_remove(assignment=added, by=staff_user)
    assert load(staff_client, setting)[first.pk] == (1, Decimal("19.33"), "3/3", None)


def test_ranking_shows_a_decision_recorded(staff_client, staff_user, setting):
    first = setting["first"]
    assert load(staff_client, setting)[first.pk][3] is None
    decision_record(
        dossier=first, outcome=Outcome.SELECTED, reserve_rank=None, motivation="", by=staff_user
    )
    assert load(staff_client, setting)[first.pk][3] == Outcome.SELECTED


def test_ranking_shows_a_criterion_weight_changed(staff_client, setting):
    first = setting["first"]
    assert load(staff_client, setting)[first.pk][1] == Decimal("19.33")
    criterion = setting["call"].criteria.order_by("position").first()
    criterion.weight = Decimal("1.00")
    criterion.save()
    # (18 + 16 + 14) / 3
    assert load(staff_client, setting)[first.pk][1] == Decimal("16.00")


def test_ranking_shows_a_new_working_title(staff_client, setting):
    first = setting["first"]
    load(staff_client, setting)
    type(first).objects.filter(pk=first.pk).update(working_title="Nieuwe titel")
    response = staff_client.get(reverse("jury:ranking", kwargs={"slug": setting["call"].slug}))
    assert "Nieuwe titel" in response.content.decode()


def test_ranking_shows_when_the_shared_cache_is_down(staff_client, setting, monkeypatch):
    """Redis unreachable during a deliberation: the ranking is computed afresh, not a 500."""
    from jury.deliberation import ranking_cache

    expected = load(staff_client, setting)
    ranking_cache._memo.clear()

    class Unreachable:
        def get(self, *args, **kwargs):
            raise ConnectionError("Redis is down")

        set = get

    monkeypatch.setattr(ranking_cache, "cache", Unreachable())
    assert load(staff_client, setting) == expected
