"""Reads of dossiers: the eligibility facts from stored data, in a fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from applications.eligibility import CallRules, DelegateFacts, DossierFacts, SchoolFacts, evaluate
from applications.models import CommitmentConfirmation, DossierAnswer
from applications.selectors import dossiers_full, dossiers_of_user, eligibility_facts
from applications.services import dossier_create, dossier_submit
from plgportal.calls.call_2024 import call_2024_upsert
from tests.factories import (
    CallFactory,
    DelegateFactory,
    DossierFactory,
    LetterOfIntentFactory,
    SchoolFactory,
    eligible_dossier,
)

pytestmark = pytest.mark.django_db


def test_eligibility_facts_reflects_stored_dossier(applicant):
    call = call_2024_upsert(
        slug="open-call",
        opens_at=timezone.now() - timedelta(days=10),
        deadline=timezone.now() + timedelta(days=30),
    )
    dossier = dossier_create(call=call, user=applicant)
    dossier.working_title = "Samen sterk"
    dossier.own_theme = "Eigen thema"
    dossier.save()
    second = SchoolFactory(
        dossier=dossier, position=2, name="Atheneum", institution_number="12345", recognised=False
    )
    first = SchoolFactory(
        dossier=dossier,
        position=1,
        name="De Linde",
        institution_number="012345",
        levels=["lager", "kleuter"],
    )
    for n in (1, 2, 3):
        DelegateFactory(school=first, full_name=f"Persoon {n}", email=f"p{n}@linde.be")
    DelegateFactory(school=second, full_name="An Peeters", email="An@Atheneum.be")
    LetterOfIntentFactory(school=first)
    dossier.meetings.filter(position=2).update(date=date(2025, 10, 7))
    dossier.meetings.filter(position=4).update(date=date(2026, 7, 1))
    commitments = list(call.commitments.all())
    for commitment in commitments[:2]:
        CommitmentConfirmation.objects.create(
            dossier=dossier, commitment=commitment, confirmed_by=applicant
        )
    criteria = list(call.criteria.all())
    DossierAnswer.objects.create(dossier=dossier, criterion=criteria[0], text="Onze aanpak.")

    facts = eligibility_facts(dossiers_full().get(pk=dossier.pk))

    assert facts == DossierFacts(
        rules=CallRules(
            min_schools=3,
            max_schools=5,
            delegates_per_school={3: 3, 4: 2, 5: 2},
            school_year_label="2025-2026",
            school_year_start=date(2025, 9, 1),
            school_year_end=date(2026, 8, 31),
            meeting_count=5,
            eligible_levels=frozenset(call.eligible_levels),
            commitments={c.pk: c.title for c in commitments},
            criteria={c.pk: (c.title, 3000) for c in criteria},
        ),
        schools=(
            SchoolFacts(
                name="De Linde",
                institution_number="012345",
                levels=frozenset({"lager", "kleuter"}),
                recognised=True,
                delegate_count=3,
                has_letter=True,
                delegates=tuple(
                    DelegateFacts(name=f"Persoon {n}", email=f"p{n}@linde.be") for n in (1, 2, 3)
                ),
                id=first.pk,
            ),
            SchoolFacts(
                name="Atheneum",
                institution_number="12345",
                levels=frozenset({"lager"}),
                recognised=False,
                delegate_count=1,
                has_letter=False,
                delegates=(DelegateFacts(name="An Peeters", email="An@Atheneum.be"),),
                id=second.pk,
            ),
        ),
        meeting_dates=(None, date(2025, 10, 7), None, date(2026, 7, 1), None),
        confirmed_commitments=frozenset(c.pk for c in commitments[:2]),
        working_title="Samen sterk",
        has_theme=True,
        answers={criteria[0].pk: "Onze aanpak."},
    )


@pytest.mark.parametrize(
    ("theme", "own_theme", "has_theme"),
    [
        pytest.param(True, "", True, id="call-theme"),
        pytest.param(False, "Eigen thema", True, id="own-theme"),
        pytest.param(False, "   ", False, id="blank-own-theme"),
        pytest.param(False, "\u200b\u00a0\u2060", False, id="invisible-own-theme"),
        pytest.param(False, "", False, id="none"),
    ],
)
def test_eligibility_facts_has_theme(theme, own_theme, has_theme):
    dossier = eligible_dossier()
    dossier.theme = dossier.call.example_themes.first() if theme else None
    dossier.own_theme = own_theme
    dossier.save()

    assert eligibility_facts(dossiers_full().get(pk=dossier.pk)).has_theme is has_theme


def test_eligibility_facts_of_eligible_dossier_pass_every_check():
    dossier = eligible_dossier(schools=4)

    report = evaluate(eligibility_facts(dossiers_full().get(pk=dossier.pk)))

    assert report.is_eligible is True
    # Every check but "online": a draft is not submitted yet.
    assert len(report.checks) == 10


def test_eligibility_facts_of_submitted_dossier_say_it_was_submitted_online(applicant):
    dossier = dossier_submit(dossier=eligible_dossier(created_by=applicant), user=applicant)

    report = evaluate(eligibility_facts(dossiers_full().get(pk=dossier.pk)))

    assert report.checks[0].code == "online"
    assert len(report.checks) == 11


def test_eligibility_facts_follow_call_quota():
    call = CallFactory(quotas={3: 4})
    dossier = DossierFactory(call=call)
    school = SchoolFactory(dossier=dossier)
    DelegateFactory.create_batch(3, school=school)

    facts = eligibility_facts(dossiers_full().get(pk=dossier.pk))

    assert facts.rules.delegates_per_school == {3: 4}
    assert facts.rules.eligible_levels == frozenset({"lager", "secundair"})


@pytest.mark.parametrize("schools", [3, 5])
def test_dossiers_full_and_eligibility_facts_fixed_queries(django_assert_num_queries, schools):
    dossier = eligible_dossier(schools=schools)
    for school in dossier.schools.all():
        DelegateFactory(school=school)

    # The dossier with call, creator, theme and lead school; schools with letters; then one
    # query each for delegates, meetings (with hosts), answers, confirmations, collaborators,
    # and the call's quotas, commitments, criteria and example themes.
    with django_assert_num_queries(11):
        report = evaluate(eligibility_facts(dossiers_full().get(pk=dossier.pk)))

    assert len(report.checks) == 10


@pytest.mark.parametrize("count", [1, 4])
def test_dossiers_full_list_fixed_queries(django_assert_num_queries, count):
    first = eligible_dossier()
    for _ in range(count - 1):
        eligible_dossier(call=first.call)

    with django_assert_num_queries(11):
        reports = [evaluate(eligibility_facts(d)) for d in dossiers_full().filter(call=first.call)]

    assert [report.is_eligible for report in reports] == [True] * count


def test_dossiers_of_user_created_and_collaborated_not_others(applicant, other_applicant):
    created = DossierFactory(created_by=applicant)
    SchoolFactory.create_batch(2, dossier=created)
    invited = DossierFactory(created_by=other_applicant)
    invited.collaborators.create(user=applicant, email=applicant.email, role="partner")
    SchoolFactory(dossier=invited)
    DossierFactory(created_by=other_applicant)
    pending = DossierFactory(created_by=other_applicant)
    pending.collaborators.create(user=None, email="someone@example.org", role="partner")

    dossiers = list(dossiers_of_user(applicant))

    assert sorted(d.pk for d in dossiers) == sorted([created.pk, invited.pk])
    assert {d.pk: d.school_count for d in dossiers} == {created.pk: 2, invited.pk: 1}


def test_dossiers_of_user_lists_each_dossier_once(applicant):
    # The creator is also the contact collaborator: one row, not two.
    dossier = DossierFactory(created_by=applicant)
    SchoolFactory.create_batch(3, dossier=dossier)
    dossier.collaborators.create(user=applicant, email="tweede@example.org", role="partner")

    dossiers = list(dossiers_of_user(applicant))

    assert [(d.pk, d.school_count) for d in dossiers] == [(dossier.pk, 3)]


def test_dossiers_of_user_newest_deadline_first(applicant):
    older = DossierFactory(
        created_by=applicant,
        call=CallFactory(deadline=timezone.now() + timedelta(days=5)),
    )
    newer = DossierFactory(
        created_by=applicant,
        call=CallFactory(deadline=timezone.now() + timedelta(days=50)),
    )

    assert list(dossiers_of_user(applicant)) == [newer, older]


def test_dossiers_of_user_none_for_stranger(other_applicant):
    DossierFactory()

    assert list(dossiers_of_user(other_applicant)) == []
