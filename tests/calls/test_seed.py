from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from plgportal.accounts.models import User
from plgportal.calls.models import Call
from plgportal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, next_school_year, seed_demo

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    seed_demo(today=date(2026, 11, 23))


def test_seed_creates_2024_call_with_its_real_rules(seeded):
    call = Call.objects.get(slug="plg-2024")
    assert call.deadline == datetime(2025, 1, 20, 23, 59, 59, tzinfo=BRUSSELS)
    assert call.results_date == date(2025, 3, 31)
    assert (call.plgs_to_select, call.min_schools, call.max_schools) == (10, 3, 5)
    # "In schooljaar 2025-2026": a Flemish school year, 1 September to 31 August.
    assert (call.school_year_start, call.school_year_end) == (date(2025, 9, 1), date(2026, 8, 31))
    assert call.report_due_date == date(2026, 6, 30)
    assert (call.meeting_count, call.meeting_hours) == (5, 2.5)
    assert {q.school_count: q.delegates_per_school for q in call.delegate_quotas.all()} == {
        3: 3,
        4: 2,
        5: 2,
    }
    assert call.commitments.count() == 6
    assert call.example_themes.count() == 8
    assert [c.title for c in call.criteria.all()] == [
        "Thema",
        "Verankering",
        "Gedragenheid en betrokkenheid",
        "Openheid om te implementeren",
    ]
    assert {c.weight for c in call.criteria.all()} == {Decimal("1.00")}
    assert len(call.eligible_levels) == 8
    assert call.phase() == "closed"


def test_seed_practice_call_open_sixty_days_with_next_school_year(seeded):
    call = Call.objects.get(slug="plg-oefenoproep")
    assert call.deadline == datetime.combine(date(2027, 1, 22), time(23, 59, 59), BRUSSELS)
    assert call.school_year_label == "2027-2028"
    assert (call.school_year_start, call.school_year_end) == (date(2027, 9, 1), date(2028, 8, 31))
    assert call.report_due_date == date(2028, 6, 30)
    assert call.criteria.count() == 4
    assert call.phase(now=datetime(2026, 11, 23, 12, tzinfo=BRUSSELS)) == "open"


def test_seed_accounts_log_in_with_demo_password_and_have_their_roles(seeded):
    for email, _name, role in DEMO_ACCOUNTS:
        user = User.objects.get(email=email)
        assert (user.role, user.check_password(DEMO_PASSWORD)) == (role, True)
        assert user.emailaddress_set.get().verified is True
    assert User.objects.get(email="staff@demo.plg").is_staff is True


def test_seed_twice_changes_nothing(seeded):
    counts = (Call.objects.count(), User.objects.count())
    criteria_ids = list(Call.objects.get(slug="plg-2024").criteria.values_list("pk", flat=True))
    seed_demo(today=date(2026, 11, 23))
    assert (Call.objects.count(), User.objects.count()) == counts
    assert counts[0] == 2
    assert list(Call.objects.get(slug="plg-2024").criteria.values_list("pk", flat=True)) == (
        criteria_ids
    )


def test_seed_later_moves_practice_deadline(seeded):
    seed_demo(today=date(2027, 2, 1))
    assert Call.objects.get(slug="plg-oefenoproep").deadline.date() == date(2027, 4, 2)


def test_seed_demo_command_refused_when_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert Call.objects.count() == 0


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 23), (date(2027, 9, 1), date(2028, 8, 31))),
        (date(2026, 8, 31), (date(2026, 9, 1), date(2027, 8, 31))),
        (date(2026, 9, 1), (date(2027, 9, 1), date(2028, 8, 31))),
    ],
)
def test_next_school_year(today, expected):
    assert next_school_year(today) == expected


def test_seed_corrects_a_2024_call_seeded_with_the_school_year_ending_in_june(seeded):
    # Seeded before the fix: the school year ended on 30 June. Seeding again corrects it.
    Call.objects.filter(slug="plg-2024").update(
        school_year_end=date(2026, 6, 30), evaluation_report_due=None
    )
    seed_demo(today=date(2026, 11, 23))
    call = Call.objects.get(slug="plg-2024")
    assert (call.school_year_end, call.report_due_date) == (date(2026, 8, 31), date(2026, 6, 30))
