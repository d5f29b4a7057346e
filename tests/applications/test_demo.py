import re
from datetime import date

import pytest

from applications.eligibility import evaluate
from applications.models import Dossier, School
from applications.selectors import dossiers_full, eligibility_facts
from plgportal.demo import seed_demo
from plgportal.geography import province_for_postcode


@pytest.fixture
def seeded(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed_demo(today=date(2026, 11, 23))


def test_demo_2024_has_twelve_submitted_dossiers_one_not_admissible(seeded):
    dossiers = dossiers_full().filter(call__slug="plg-2024")
    assert sorted(d.status for d in dossiers).count("admissible") == 11
    assert [d.reference for d in dossiers if d.status == "not_admissible"] == ["PLG-2024-012"]
    assert [d.reference for d in dossiers if d.created_by.email == "director.a@demo.plg"] == [
        "PLG-2024-001"
    ]
    assert {len(d.schools.all()) for d in dossiers} == {3, 4, 5}
    assert all(evaluate(eligibility_facts(d)).is_eligible for d in dossiers)


def test_demo_practice_draft_fails_exactly_two_criteria(seeded):
    dossier = dossiers_full().get(
        call__slug="plg-oefenoproep", created_by__email="director.b@demo.plg"
    )
    report = evaluate(eligibility_facts(dossier))
    assert dossier.status == "draft"
    assert len(dossier.schools.all()) == 3
    assert [check.code for check in report.failing] == ["delegates", "commitments"]


def test_demo_dossiers_seeded_once(seeded):
    seed_demo(today=date(2026, 11, 23))
    assert Dossier.objects.count() == 13


def test_demo_schools_read_like_real_flemish_schools(seeded):
    schools = list(School.objects.select_related("dossier"))

    # Names like "Basisschool De Regenboog", never a town and a number ("Atheneum Brussel 20").
    assert [school.name for school in schools if re.search(r"\d", school.name)] == []
    assert len({school.name for school in schools if school.dossier.call.slug == "plg-2024"}) == 48
    provinces = {province_for_postcode(school.postcode) for school in schools}
    assert "Onbekend" not in provinces
    assert {"Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen"} <= (
        provinces
    )
    for dossier in Dossier.objects.all():
        numbers = [school.institution_number for school in dossier.schools.all()]
        assert len(set(numbers)) == len(numbers)
