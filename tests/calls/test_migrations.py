"""Data migrations of calls, run on the current models (their logic is what needs testing)."""

from datetime import date
from importlib import import_module

import pytest
from django.apps import apps

from plgportal.calls.call_2024 import call_2024_upsert
from plgportal.calls.models import Call

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
