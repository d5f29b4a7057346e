"""Decisions that must stay what they were: the ranking freezes when scoring opens
(jury_set_phase), publishing checks the counts (jury/publication/counts.py) unless staff record
a motivated exception, and the published figures are kept (PublishedFigures)."""

# ruff: noqa: F811  (the `setting` fixture is shared with test_publication.py)

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from jury.enums import JuryPhase, Outcome
from jury.models import Decision, JuryPhaseChange, PublishedFigures
from jury.publication.counts import check_counts
from jury.publication.services import dossier_result
from jury.services import jury_set_phase
from tests.jury.factories import JuryFactory
from tests.jury.test_publication import decide, publish, publish_url, setting  # noqa: F401


@pytest.mark.parametrize(
    ("selected", "target", "reserves", "reserve_target", "matches"),
    [
        (10, 10, 3, None, True),
        (11, 10, 0, None, False),
        (9, 10, 0, None, False),
        (10, 10, 2, 2, True),
        (10, 10, 3, 2, False),
        (11, 10, 3, 2, False),
    ],
)
def test_check_counts(selected, target, reserves, reserve_target, matches):
    check = check_counts(
        selected=selected,
        plgs_to_select=target,
        reserves=reserves,
        reserves_to_select=reserve_target,
    )
    assert check.matches == matches
    assert len(check.problems) == (selected != target) + (
        reserve_target is not None and reserves != reserve_target
    )


def test_eleven_selected_for_ten_is_named():
    check = check_counts(selected=11, plgs_to_select=10, reserves=0, reserves_to_select=None)
    assert check.problems == ["11 dossiers zijn geselecteerd, de oproep selecteert er 10."]


def test_opening_scoring_freezes_the_calls_ranking(db, staff_user):
    jury = JuryFactory()
    assert jury.call.ranking_frozen_at is None

    jury_set_phase(jury=jury, phase=JuryPhase.SCORING, by=staff_user)
    jury_set_phase(jury=jury, phase=JuryPhase.SETUP, by=staff_user)

    jury.call.refresh_from_db()
    assert jury.call.ranking_frozen_at is not None  # stepping back does not unfreeze


def _too_many(setting):
    setting.call.plgs_to_select = 1
    setting.call.save()
    Decision.objects.filter(dossier=setting.reserve).update(
        outcome=Outcome.SELECTED, reserve_rank=None
    )


def test_publish_refuses_counts_that_do_not_match(
    setting, staff_user, django_capture_on_commit_callbacks
):
    decide(setting, staff_user)
    _too_many(setting)

    with pytest.raises(ValidationError) as refused:
        publish(setting, staff_user, django_capture_on_commit_callbacks)

    assert refused.value.message_dict["count_exception"][0] == (
        "2 dossiers zijn geselecteerd, de oproep selecteert er 1."
    )
    setting.jury.refresh_from_db()
    assert setting.jury.phase == JuryPhase.DELIBERATION


def test_publish_with_a_motivated_exception_keeps_it_in_the_phase_history(
    setting, staff_user, django_capture_on_commit_callbacks
):
    decide(setting, staff_user)
    _too_many(setting)

    publish(
        setting,
        staff_user,
        django_capture_on_commit_callbacks,
        count_exception="Twee dossiers staan ex aequo.",
    )

    change = JuryPhaseChange.objects.get(jury=setting.jury, new_status=JuryPhase.PUBLISHED)
    assert "Twee dossiers staan ex aequo." in change.reason
    assert "2 dossiers zijn geselecteerd" in change.reason


def test_publish_page_warns_and_asks_for_the_exception(client, staff_user, setting):
    decide(setting, staff_user)
    _too_many(setting)
    client.force_login(staff_user)

    response = client.post(publish_url(setting), {"confirm": "on"})

    content = response.content.decode()
    assert 'id="count-check"' in content
    assert "De aantallen wijken af: vink aan dat u bewust een uitzondering maakt." in content
    assert "Motiveer waarom u afwijkt van de aantallen van de oproep." in content
    setting.jury.refresh_from_db()
    assert setting.jury.phase == JuryPhase.DELIBERATION


def test_publish_page_publishes_with_the_exception(
    client, staff_user, setting, django_capture_on_commit_callbacks
):
    decide(setting, staff_user)
    _too_many(setting)
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            publish_url(setting),
            {
                "confirm": "on",
                "count_exception_confirmed": "on",
                "count_exception": "Ex aequo op de grens.",
            },
        )

    assert response.status_code == 302
    assert "Ex aequo op de grens." in setting.jury.phase_changes.last().reason


def test_published_figures_stay_whatever_changes_later(
    client, staff_user, applicant, setting, django_capture_on_commit_callbacks
):
    decide(setting, staff_user)
    publish(setting, staff_user, django_capture_on_commit_callbacks)
    stored = PublishedFigures.objects.get(dossier=setting.reserve)
    assert (stored.outcome, stored.reserve_rank, len(stored.criteria)) == (
        Outcome.RESERVE,
        1,
        setting.call.criteria.count(),
    )
    total = stored.total
    assert total is not None

    # Later changes (a weight in the database, a decision row) do not reach what is shown.
    setting.call.criteria.update(weight=Decimal("3"))
    Decision.objects.filter(dossier=setting.reserve).update(
        outcome=Outcome.SELECTED, reserve_rank=None
    )

    result = dossier_result(setting.reserve)
    assert result.figures.get_outcome_display() == "Reserve"
    client.force_login(staff_user)
    content = client.get(publish_url(setting)).content.decode()
    assert 'id="published-figures"' in content
    assert str(total).replace(".", ",") in content or str(total) in content
    assert PublishedFigures.objects.get(dossier=setting.reserve).total == total
    assert (result.figures.is_reserve, result.figures.reserve_rank) == (True, 1)
