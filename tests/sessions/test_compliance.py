"""The meeting-plan rules as pure functions: no database, every boundary of the call."""

from dataclasses import replace
from datetime import date, time, timedelta

import pytest

from applications.eligibility import CallRules, DossierFacts, evaluate
from sessions.compliance import MeetingFacts, PlanFacts, PlanRules, PlanWarning, check_plan

RULES = PlanRules(
    school_year_label="2025-2026",
    school_year_start=date(2025, 9, 1),
    school_year_end=date(2026, 6, 30),
    meeting_count=5,
    meeting_duration=timedelta(hours=2, minutes=30),
)

DATES = (
    date(2025, 10, 1),
    date(2025, 11, 15),
    date(2026, 1, 20),
    date(2026, 3, 10),
    date(2026, 5, 5),
)

SCHOOLS = {1: "Sint-Jozefscollege", 2: "Atheneum Noord", 3: "Basisschool De Linde"}


def meetings(count=5, hosts=(1, 2, 3, 1, 2), start=time(13, 30), end=time(16, 0)):
    return tuple(
        MeetingFacts(
            position=n,
            date=DATES[(n - 1) % len(DATES)] + timedelta(days=7 * ((n - 1) // len(DATES))),
            start=start,
            end=end,
            host_school_id=hosts[(n - 1) % len(hosts)],
        )
        for n in range(1, count + 1)
    )


def facts(rules=RULES, plan=None, schools=SCHOOLS, changed=None) -> PlanFacts:
    """A compliant 5-meeting plan over 3 schools; `changed` maps a meeting's position to the
    fields that differ."""
    plan = meetings() if plan is None else plan
    changed = changed or {}
    return PlanFacts(
        rules=rules,
        meetings=tuple(replace(m, **changed.get(m.position, {})) for m in plan),
        school_ids=tuple(schools),
        school_names=schools,
    )


def test_check_plan_compliant_plan_has_no_warnings():
    report = check_plan(facts())

    assert report.warnings == ()
    assert report.is_compliant


@pytest.mark.parametrize(
    ("count", "message"),
    [
        (4, "Er zijn 4 bijeenkomsten met een datum gepland; de oproep vraagt er 5."),
        (6, "Er zijn 6 bijeenkomsten met een datum gepland; de oproep vraagt er 5."),
    ],
)
def test_check_plan_wrong_meeting_count_warns(count, message):
    report = check_plan(facts(plan=meetings(count)))

    assert report.warnings == (PlanWarning("meeting_count", message),)
    assert not report.is_compliant


YEAR = "buiten schooljaar 2025-2026 (1 september 2025 tot 30 juni 2026)."


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2025, 8, 31), f"Bijeenkomst 3 valt op 31 augustus 2025, {YEAR}"),
        (date(2025, 9, 1), None),
        (date(2026, 6, 30), None),
        (date(2026, 7, 1), f"Bijeenkomst 3 valt op 1 juli 2026, {YEAR}"),
    ],
)
def test_check_plan_school_year_boundaries(day, message):
    report = check_plan(facts(changed={3: {"date": day}}))

    assert report.warnings == ((PlanWarning("outside_school_year", message, 3),) if message else ())


@pytest.mark.parametrize(
    ("end", "message"),
    [
        (time(15, 30), "Bijeenkomst 2 duurt 2 u 0 min; dat moet 2 u 30 min zijn."),
        (time(16, 30), "Bijeenkomst 2 duurt 3 u 0 min; dat moet 2 u 30 min zijn."),
        (time(16, 0), None),
        (time(13, 0), "Bijeenkomst 2 eindigt om 13:00, niet na het begin om 13:30."),
    ],
)
def test_check_plan_meeting_duration(end, message):
    report = check_plan(facts(changed={2: {"end": end}}))

    assert report.warnings == ((PlanWarning("duration", message, 2),) if message else ())


def test_check_plan_meeting_without_times_skips_duration():
    report = check_plan(facts(changed={2: {"start": None, "end": None}}))

    assert report.warnings == ()


def test_check_plan_two_meetings_on_one_day_warns_once():
    report = check_plan(facts(changed={4: {"date": DATES[1]}}))

    assert report.warnings == (
        PlanWarning("same_day", "Bijeenkomsten 2 en 4 vallen op dezelfde dag (15 november 2025)."),
    )


def test_check_plan_three_meetings_on_one_day_names_all():
    report = check_plan(facts(changed={3: {"date": DATES[0]}, 5: {"date": DATES[0]}}))

    assert report.warnings == (
        PlanWarning("same_day", "Bijeenkomsten 1, 3 en 5 vallen op dezelfde dag (1 oktober 2025)."),
    )


def test_check_plan_school_never_hosting_when_spreadable_warns():
    report = check_plan(facts(plan=meetings(hosts=(1, 2, 1, 2, 1))))

    assert report.warnings == (
        PlanWarning(
            "host_never",
            "Basisschool De Linde ontvangt geen enkele bijeenkomst, terwijl er genoeg "
            "bijeenkomsten zijn om het hosten over alle scholen te spreiden.",
        ),
    )


@pytest.mark.parametrize(
    ("hosts", "schools", "named"),
    [
        # Two meetings at one school, the others without a host yet: the planning page of the
        # dossier already calls this uneven, so the trajectory's plan check does too.
        ((1, 1, None, None, None), SCHOOLS, ["Atheneum Noord", "Basisschool De Linde"]),
        # More schools than meetings, yet one school hosts two: school 5 or 6 could host one.
        ((1, 1, 2, 3, 4), {n: f"School {n}" for n in range(1, 7)}, ["School 5", "School 6"]),
    ],
)
def test_check_plan_warns_where_the_dossier_planning_calls_hosting_uneven(hosts, schools, named):
    report = check_plan(facts(plan=meetings(hosts=hosts), schools=schools))

    assert [w.message.split(" ontvangt")[0] for w in report.warnings if w.code == "host_never"] == (
        named
    )


def test_check_plan_more_schools_than_meetings_has_no_host_warning():
    schools = {n: f"School {n}" for n in range(1, 7)}

    report = check_plan(facts(plan=meetings(hosts=(1, 2, 3, 4, 5)), schools=schools))

    assert report.warnings == ()


def test_check_plan_meetings_without_host_do_not_count_for_spreading():
    # Only two meetings have a host: three schools cannot all host yet.
    report = check_plan(facts(plan=meetings(hosts=(1, None, 2, None, None))))

    assert report.warnings == ()


def test_check_plan_meeting_without_date_warns_and_is_not_counted():
    report = check_plan(facts(changed={5: {"date": None}}))

    assert report.warnings == (
        PlanWarning(
            "meeting_count", "Er zijn 4 bijeenkomsten met een datum gepland; de oproep vraagt er 5."
        ),
        PlanWarning("no_date", "Bijeenkomst 5 heeft nog geen datum.", 5),
    )


@pytest.mark.parametrize(
    "dates",
    [
        DATES,
        (*DATES[:4], None),  # one meeting without a date
        DATES[:4],
        (*DATES, None),  # one meeting too many, without a date yet
        (date(2025, 8, 31), *DATES[1:]),  # before the school year
        (*DATES[:4], date(2026, 7, 1)),  # after it
    ],
)
def test_check_plan_says_what_the_dossier_checklist_says_about_dates(dates):
    """The planning a dossier submits becomes the trajectory's plan: the checklist and the plan
    check give the same meeting count and school-year messages for the same dates."""
    plan = tuple(
        MeetingFacts(position=n, date=day, start=time(13, 30), end=time(16, 0), host_school_id=1)
        for n, day in enumerate(dates, start=1)
    )
    checklist = evaluate(
        DossierFacts(
            rules=CallRules(
                min_schools=3,
                max_schools=5,
                delegates_per_school={3: 3},
                school_year_label=RULES.school_year_label,
                school_year_start=RULES.school_year_start,
                school_year_end=RULES.school_year_end,
                meeting_count=RULES.meeting_count,
                eligible_levels=frozenset(),
                commitments={},
                criteria={},
            ),
            meeting_dates=dates,
        )
    ).check("meetings")
    warnings = check_plan(facts(plan=plan, schools={1: "School 1"})).warnings

    assert [str(problem) for problem in checklist.problems] == [
        w.message for w in warnings if w.code in ("meeting_count", "outside_school_year")
    ]


@pytest.mark.parametrize(
    ("count", "end", "codes"),
    [
        (4, time(15, 30), ()),
        (5, time(15, 30), ("meeting_count",)),
        (4, time(16, 0), ("duration",) * 4),
    ],
)
def test_check_plan_rules_come_from_the_call(count, end, codes):
    rules = replace(RULES, meeting_count=4, meeting_duration=timedelta(hours=2))

    report = check_plan(facts(rules=rules, plan=meetings(count, end=end)))

    assert report.codes == codes
