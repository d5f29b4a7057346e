from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from plgportal.calls.models import Call, DelegateQuota
from plgportal.calls.selectors import calls_accepting_or_upcoming, calls_closed
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
        (brussels(2025, 1, 20, 23, 59, 59).replace(microsecond=500_000), "open"),
        (brussels(2025, 1, 20, 23, 59, 59).replace(microsecond=999_999), "open"),
        (brussels(2025, 1, 21, 0, 0, 0), "closed"),
    ],
)
def test_call_phase_at_boundaries_in_brussels_time(moment, phase):
    assert make_call().phase(now=moment) == phase


@pytest.mark.parametrize(
    ("moment", "closed"),
    [
        pytest.param(brussels(2025, 1, 20, 23, 59, 58), False, id="second-before"),
        pytest.param(brussels(2025, 1, 20, 23, 59, 59), False, id="deadline"),
        pytest.param(
            brussels(2025, 1, 20, 23, 59, 59).replace(microsecond=500_000), False, id="half-past"
        ),
        pytest.param(
            brussels(2025, 1, 20, 23, 59, 59).replace(microsecond=999_999), False, id="last-µs"
        ),
        pytest.param(brussels(2025, 1, 21, 0, 0, 0), True, id="midnight"),
        pytest.param(datetime(2025, 1, 20, 23, 0, 0, tzinfo=UTC), True, id="midnight-as-utc"),
    ],
)
def test_call_deadline_whole_last_second_belongs_to_the_applicant(moment, closed):
    call = make_call()
    assert call.closes_at == brussels(2025, 1, 21, 0, 0, 0)
    assert call.is_closed_at(moment) is closed


@pytest.mark.parametrize(
    ("deadline", "moment", "closed"),
    [
        # 30 March 2025: clocks go forward at 02:00 (a 23-hour day); 26 October 2025: back at
        # 03:00 (a 25-hour day). The deadline's last second still ends at midnight.
        pytest.param(
            brussels(2025, 3, 30, 23, 59, 59),
            (2025, 3, 30, 23, 59, 59),
            False,
            id="spring-last-second",
        ),
        pytest.param(
            brussels(2025, 3, 30, 23, 59, 59), (2025, 3, 31, 0, 0, 0), True, id="spring-midnight"
        ),
        pytest.param(
            brussels(2025, 10, 26, 23, 59, 59),
            (2025, 10, 26, 23, 59, 59),
            False,
            id="autumn-last-second",
        ),
        pytest.param(
            brussels(2025, 10, 26, 23, 59, 59), (2025, 10, 27, 0, 0, 0), True, id="autumn-midnight"
        ),
    ],
)
def test_call_deadline_on_a_clock_change_day_ends_at_midnight_brussels(deadline, moment, closed):
    moment = brussels(*moment)
    if not closed:
        moment = moment.replace(microsecond=500_000)
    assert make_call(deadline=deadline).is_closed_at(moment) is closed


def test_call_deadline_with_sub_second_part_still_ends_with_its_second():
    call = make_call(deadline=brussels(2025, 1, 20, 23, 59, 59).replace(microsecond=250_000))
    assert call.closes_at == brussels(2025, 1, 21, 0, 0, 0)


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


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "listed_as"),
    [
        pytest.param(brussels(2025, 1, 20, 23, 59, 59), "open", id="deadline"),
        pytest.param(
            brussels(2025, 1, 20, 23, 59, 59).replace(microsecond=500_000), "open", id="half-past"
        ),
        pytest.param(brussels(2025, 1, 21, 0, 0, 0), "closed", id="midnight"),
    ],
)
def test_call_lists_agree_with_the_call_phase_in_the_last_second(moment, listed_as):
    call = make_call()
    call.save()

    accepting = list(calls_accepting_or_upcoming(now=moment))
    closed = list(calls_closed(now=moment))

    assert (accepting, closed) == (([call], []) if listed_as == "open" else ([], [call]))
    assert call.phase(now=moment) == listed_as
