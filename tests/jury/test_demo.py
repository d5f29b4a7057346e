from datetime import date

import pytest

from jury.deliberation.selectors import ranking_data
from jury.demo import CONFLICT_NOTE
from jury.enums import JuryPhase, ReviewStatus
from jury.models import Assignment, Decision, Jury, JuryPhaseChange, Review, Score
from plgportal.demo import seed_demo

TODAY = date(2026, 11, 23)


@pytest.fixture
def jury(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed_demo(today=TODAY)
    return Jury.objects.get(call__slug="plg-2024")


def _snapshot():
    return (
        list(Assignment.objects.values_list("pk", "has_conflict", "conflict_declared_at")),
        list(Review.objects.values_list("pk", "status", "submitted_at", "updated_at")),
        list(Score.objects.values_list("pk", "value", "motivation")),
        list(JuryPhaseChange.objects.values_list("pk", "new_status")),
        list(Jury.objects.values_list("pk", "phase", "scoring_deadline")),
    )


def test_demo_jury_every_juror_on_every_admissible_dossier(jury):
    assert sorted(jury.members.values_list("email", flat=True)) == [
        "jury.1@demo.plg",
        "jury.2@demo.plg",
        "jury.3@demo.plg",
    ]
    assert jury.assignments.count() == 33
    assert set(jury.assignments.values_list("dossier__status", flat=True)) == {"admissible"}
    assert jury.scoring_deadline.isoformat() == "2025-03-10T17:00:00+00:00"


def test_demo_jury_one_conflict_and_all_other_reviews_submitted(jury):
    conflict = jury.assignments.get(has_conflict=True)
    assert conflict.juror.email == "jury.3@demo.plg"
    assert conflict.conflict_note == CONFLICT_NOTE
    assert not Review.objects.filter(assignment=conflict).exists()
    assert jury.assignments.filter(has_conflict=False).count() == 32
    reviews = Review.objects.filter(assignment__jury=jury)
    assert reviews.filter(status=ReviewStatus.SUBMITTED).count() == 32
    assert reviews.count() == 32
    assert Score.objects.filter(review__in=reviews).exclude(motivation="").count() == 32 * 4


def test_demo_jury_in_deliberation_without_decisions(jury):
    assert jury.phase == JuryPhase.DELIBERATION
    assert list(jury.phase_changes.values_list("old_status", "new_status")) == [
        ("setup", "scoring"),
        ("scoring", "deliberation"),
    ]
    assert Decision.objects.count() == 0


def test_demo_jury_seeded_once(jury):
    before = _snapshot()
    seed_demo(today=TODAY)
    assert _snapshot() == before


def test_demo_jury_ranking_flags_one_disagreement_on_verankering(jury):
    ranking = ranking_data(jury).ranking
    disagreements = [
        (row.dossier.reference, [c.title for c in row.disagreeing_criteria])
        for row in ranking.rows
        if row.disagreement
    ]
    assert disagreements == [("PLG-2024-006", ["Verankering"])]
    assert len(ranking.ranked) == 11
    assert [row.dossier.reference for row in ranking.rows][::10] == ["PLG-2024-001", "PLG-2024-011"]
    assert [row.rank for row in ranking.rows] == [1, 2, 2, 4, 5, 6, 7, 7, 9, 10, 11]
