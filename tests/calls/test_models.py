from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from plgportal.calls.models import Call, DelegateQuota
from tests.factories import brussels


def make_call(**overrides):
    values = {
        "title": "Oproep",
        "slug": "oproep",
        "reference_prefix": "PLG-2024",
        "opens_at": brussels(2024, 10, 1, 9),
        "deadline": brussels(2025, 1, 20, 23, 59, 59),
        "results_date": date(2025, 3, 31),
        "plgs_to_select": 10,
        "min_schools": 3,
        "max_schools": 5,
        "school_year_label": "2025-2026",
        "school_year_start": date(2025, 9, 1),
        "school_year_end": date(2026, 6, 30),
        "meeting_count": 5,
        "meeting_duration": timedelta(hours=2, minutes=30),
        "kickoff_window_start": date(2025, 9, 22),
        "kickoff_window_end": date(2025, 12, 20),
        "closing_window_start": date(2026, 3, 20),
        "closing_window_end": date(2026, 6, 20),
        "eligible_levels": ["lager"],
    }
    return Call(**{**values, **overrides})


@pytest.mark.parametrize(
    ("moment", "phase"),
    [
        (brussels(2024, 10, 1, 8, 59, 59), "upcoming"),
        (brussels(2024, 10, 1, 9), "open"),
        (brussels(2025, 1, 20, 23, 59, 59), "open"),
        (brussels(2025, 1, 21, 0, 0, 0), "closed"),
    ],
)
def test_call_phase_at_boundaries_in_brussels_time(moment, phase):
    assert make_call().phase(now=moment) == phase


def test_call_deadline_is_end_of_day_brussels_not_utc():
    # 23:59:59 in Brussels (UTC+1 in winter) is 22:59:59 UTC.
    assert make_call().deadline.astimezone(UTC) == datetime(2025, 1, 20, 22, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"eligible_levels": ["lager", "hoger"]}, "eligible_levels"),
        ({"min_schools": 6}, "max_schools"),
        ({"deadline": brussels(2024, 9, 1)}, "deadline"),
        ({"school_year_end": date(2025, 8, 1)}, "school_year_end"),
        ({"kickoff_window_end": date(2025, 9, 1)}, "kickoff_window_end"),
        ({"closing_window_end": date(2026, 3, 1)}, "closing_window_end"),
    ],
)
def test_call_clean_refuses_inconsistent_values(overrides, field):
    with pytest.raises(ValidationError) as error:
        make_call(**overrides).clean()
    assert field in error.value.message_dict


def test_call_clean_accepts_the_2024_values():
    make_call().clean()


def test_call_meeting_hours_from_duration():
    assert make_call().meeting_hours == 2.5


def test_call_eligible_level_labels_are_dutch():
    assert make_call(eligible_levels=["dko", "lager"]).eligible_level_labels == [
        "Deeltijds kunstonderwijs",
        "Lager onderwijs",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("schools", "delegates"), [(2, None), (3, 3), (4, 2), (5, 2), (6, None)])
def test_call_delegates_per_school_follows_quota_table(schools, delegates):
    call = make_call()
    call.save()
    DelegateQuota.objects.bulk_create(
        DelegateQuota(call=call, school_count=count, delegates_per_school=per_school)
        for count, per_school in {3: 3, 4: 2, 5: 2}.items()
    )
    assert call.delegates_per_school(schools) == delegates
