"""Data migrations of calls, run on the current models (their logic is what needs testing)."""

from datetime import date
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import translation

from plgportal.calls.call_2024 import CALL_2024_FR, COMMITMENTS_FR, CRITERIA_FR, call_2024_upsert
from plgportal.calls.models import Call, SelectionCriterion

pytestmark = pytest.mark.django_db

school_year_fix = import_module(
    "plgportal.calls.migrations.0003_call_2024_school_year_to_31_august"
)


def test_migration_moves_the_seeded_2024_school_year_end_to_31_august():
    call = call_2024_upsert()
    Call.objects.filter(pk=call.pk).update(
        school_year_end=date(2026, 6, 30), evaluation_report_due=None
    )

    school_year_fix.forwards(apps, None)

    call.refresh_from_db()
    assert (call.school_year_end, call.report_due_date) == (date(2026, 8, 31), date(2026, 6, 30))

    school_year_fix.backwards(apps, None)

    call.refresh_from_db()
    assert (call.school_year_end, call.evaluation_report_due) == (date(2026, 6, 30), None)


def test_migration_leaves_a_2024_call_changed_by_staff_alone():
    call = call_2024_upsert()
    Call.objects.filter(pk=call.pk).update(
        school_year_end=date(2026, 7, 15), evaluation_report_due=None
    )

    school_year_fix.forwards(apps, None)

    call.refresh_from_db()
    assert (call.school_year_end, call.evaluation_report_due) == (date(2026, 7, 15), None)


def test_migration_leaves_other_calls_alone():
    call = call_2024_upsert(slug="plg-oefenoproep")
    Call.objects.filter(pk=call.pk).update(
        school_year_end=date(2026, 6, 30), evaluation_report_due=None
    )

    school_year_fix.forwards(apps, None)

    call.refresh_from_db()
    assert call.school_year_end == date(2026, 6, 30)


dutch_column = import_module("plgportal.calls.migrations.0006_call_texts_into_dutch_column")
french_2024 = import_module("plgportal.calls.migrations.0007_call_2024_french_texts")


@pytest.fixture
def historical_apps(settings):
    """The models as the migrations see them: plain managers, no language switching. (The
    app's own migration modules, even when the run creates tables without them.)"""
    settings.MIGRATION_MODULES = {}
    loader = MigrationLoader(connection)
    return loader.project_state(("calls", "0007_call_2024_french_texts")).apps


def test_migration_moves_existing_dutch_texts_into_the_dutch_column(historical_apps):
    call = call_2024_upsert()
    before = (call.title_nl_be, [c.description_nl_be for c in call.criteria.all()])
    old = historical_apps
    # As before the migration: the texts only in the plain columns.
    old.get_model("calls", "Call").objects.update(title_nl_be=None, summary_nl_be=None)
    old.get_model("calls", "SelectionCriterion").objects.update(
        title_nl_be=None, description_nl_be=None
    )

    dutch_column.forwards(old, None)

    call = Call.objects.get(pk=call.pk)
    with translation.override("nl-be"):
        assert (call.title, [c.description for c in call.criteria.all()]) == before


def test_migration_gives_the_seeded_2024_texts_their_french(historical_apps):
    call = call_2024_upsert()
    edited = call.criteria.get(position=2)
    SelectionCriterion.objects.filter(pk=edited.pk).update(title_nl_be="Duurzaamheid")
    SelectionCriterion.objects.filter(position=3).update(title_fr_be="Adhésion (revu)")
    old = historical_apps
    for model in ("Call", "Commitment", "ExampleTheme"):
        old.get_model("calls", model).objects.update(title_fr_be=None)
    old.get_model("calls", "SelectionCriterion").objects.exclude(position=3).update(title_fr_be="")

    french_2024.forwards(old, None)

    call = Call.objects.get(pk=call.pk)
    assert call.title_fr_be == CALL_2024_FR["title"]
    assert [c.title_fr_be for c in call.commitments.all()] == [t for t, _ in COMMITMENTS_FR]
    assert [c.title_fr_be for c in call.criteria.all()] == [
        CRITERIA_FR[0][0],
        "",  # changed by staff in Dutch: no seeded French for it
        "Adhésion (revu)",  # translated by staff: kept
        CRITERIA_FR[3][0],
    ]

    french_2024.backwards(old, None)

    call = Call.objects.get(pk=call.pk)
    assert (call.title_fr_be, call.criteria.get(position=3).title_fr_be) == ("", "Adhésion (revu)")


def test_migration_french_is_the_french_the_seed_writes():
    call = call_2024_upsert()
    seeded = {
        ("call", "title"): [(call.title_nl_be, call.title_fr_be)],
        ("call", "summary"): [(call.summary_nl_be, call.summary_fr_be)],
        ("commitment", "description"): [
            (c.description_nl_be, c.description_fr_be) for c in call.commitments.all()
        ],
        ("exampletheme", "title"): [
            (t.title_nl_be, t.title_fr_be) for t in call.example_themes.all()
        ],
        ("selectioncriterion", "description"): [
            (c.description_nl_be, c.description_fr_be) for c in call.criteria.all()
        ],
    }

    for key, pairs in seeded.items():
        for dutch, french in pairs:
            assert french_2024.FRENCH[key][dutch] == french
