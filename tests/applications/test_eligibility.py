"""The admissibility rules as pure functions: no database, every boundary of the call."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from applications.eligibility import CallRules, DossierFacts, SchoolFacts, evaluate

CODES = [
    "online",
    "school_count",
    "schools_distinct",
    "schools_eligible",
    "delegates",
    "letters",
    "meetings",
    "commitments",
    "motivation",
]

RULES_2024 = CallRules(
    min_schools=3,
    max_schools=5,
    delegates_per_school={3: 3, 4: 2, 5: 2},
    school_year_label="2025-2026",
    school_year_start=date(2025, 9, 1),
    school_year_end=date(2026, 6, 30),
    meeting_count=5,
    eligible_levels=frozenset({"lager", "secundair"}),
    commitments={
        11: "Deelnemen aan alle onderdelen",
        12: "Een rol opnemen",
        13: "Elke sessie actief voorbereiden",
        14: "Producten creëren en uittesten",
        15: "Sessies gratis hosten",
        16: "Een evaluatieverslag opmaken",
    },
    criteria={
        21: ("Thema", 3000),
        22: ("Verankering", 3000),
        23: ("Gedragenheid en betrokkenheid", 3000),
        24: ("Openheid om te implementeren", 3000),
    },
)

MEETINGS = (
    date(2025, 10, 1),
    date(2025, 11, 15),
    date(2026, 1, 20),
    date(2026, 3, 10),
    date(2026, 5, 5),
)


def schools(count=3, delegates=None, changed=None, rules=RULES_2024):
    """`count` valid schools, each with the call's quota of delegates; `changed` maps a school's
    position (1-based) to the fields that differ."""
    per_school = rules.delegates_per_school.get(count, 2) if delegates is None else delegates
    changed = changed or {}
    return tuple(
        replace(
            SchoolFacts(
                name=f"School {n}",
                institution_number=f"{100000 + n:06d}",
                levels=frozenset({"lager"}),
                recognised=True,
                delegate_count=per_school,
                has_letter=True,
                letter_is_pdf=True,
            ),
            **changed.get(n, {}),
        )
        for n in range(1, count + 1)
    )


def facts(**changes) -> DossierFacts:
    """A fully eligible 3-school dossier under the 2024 rules, with `changes` applied."""
    rules = changes.get("rules", RULES_2024)
    eligible = DossierFacts(
        rules=rules,
        schools=schools(rules=rules),
        meeting_dates=MEETINGS,
        confirmed_commitments=frozenset(rules.commitments),
        working_title="Samen talent houden",
        has_theme=True,
        answers={criterion_id: "Onze aanpak." for criterion_id in rules.criteria},
    )
    return replace(eligible, **changes)


def meetings_with(position, day):
    dates = list(MEETINGS)
    dates[position - 1] = day
    return tuple(dates)


def answers_with(criterion_id, text):
    return {**{pk: "Onze aanpak." for pk in RULES_2024.criteria}, criterion_id: text}


def failing_codes(report):
    return [check.code for check in report.failing]


def test_evaluate_eligible_dossier_passes_all_nine_checks():
    report = evaluate(facts())

    assert report.is_eligible is True
    assert [check.code for check in report.checks] == CODES
    assert all(check.passed for check in report.checks)
    assert all(check.problems == () for check in report.checks)


@pytest.mark.parametrize(
    ("changes", "failing"),
    [
        pytest.param({"schools": schools(2)}, ["school_count"], id="2-schools"),
        pytest.param({"schools": schools(3)}, [], id="3-schools"),
        pytest.param({"schools": schools(4)}, [], id="4-schools"),
        pytest.param({"schools": schools(5)}, [], id="5-schools"),
        pytest.param({"schools": schools(6)}, ["school_count"], id="6-schools"),
        pytest.param({"schools": ()}, ["school_count", "delegates", "letters"], id="no-schools"),
        pytest.param(
            {"schools": schools(3, changed={3: {"institution_number": "100001"}})},
            ["schools_distinct"],
            id="same-school-twice",
        ),
        pytest.param(
            {
                "schools": schools(
                    3,
                    changed={
                        1: {"institution_number": "012345"},
                        2: {"institution_number": "12345"},
                    },
                )
            },
            ["schools_distinct"],
            id="leading-zero-is-same-school",
        ),
        pytest.param(
            {"schools": schools(3, changed={3: {"delegate_count": 2}})},
            ["delegates"],
            id="3-schools-2-delegates-at-one",
        ),
        pytest.param(
            {"schools": schools(3, changed={1: {"delegate_count": 4}})},
            ["delegates"],
            id="3-schools-4-delegates-at-one",
        ),
        pytest.param(
            {"schools": schools(4, changed={2: {"delegate_count": 3}})},
            ["delegates"],
            id="4-schools-3-delegates-at-one",
        ),
        pytest.param(
            {"schools": schools(5, changed={5: {"delegate_count": 1}})},
            ["delegates"],
            id="5-schools-1-delegate-at-one",
        ),
        pytest.param(
            {"schools": schools(3, changed={2: {"has_letter": False}})},
            ["letters"],
            id="missing-letter",
        ),
        pytest.param(
            {"schools": schools(3, changed={2: {"letter_is_pdf": False}})},
            ["letters"],
            id="letter-not-pdf",
        ),
        pytest.param(
            {"schools": schools(3, changed={1: {"recognised": False}})},
            ["schools_eligible"],
            id="school-not-recognised",
        ),
        pytest.param(
            {"schools": schools(3, changed={1: {"levels": frozenset({"dko"})}})},
            ["schools_eligible"],
            id="school-without-eligible-level",
        ),
        pytest.param(
            {"schools": schools(3, changed={1: {"levels": frozenset()}})},
            ["schools_eligible"],
            id="school-without-any-level",
        ),
        pytest.param(
            {"schools": schools(3, changed={1: {"levels": frozenset({"dko", "secundair"})}})},
            [],
            id="school-with-one-eligible-level-among-others",
        ),
        pytest.param(
            {"meeting_dates": meetings_with(1, date(2025, 8, 31))},
            ["meetings"],
            id="meeting-day-before-school-year",
        ),
        pytest.param(
            {"meeting_dates": meetings_with(1, date(2025, 9, 1))},
            [],
            id="meeting-first-day-of-school-year",
        ),
        pytest.param(
            {"meeting_dates": meetings_with(5, date(2026, 6, 30))},
            [],
            id="meeting-last-day-of-school-year",
        ),
        pytest.param(
            {"meeting_dates": meetings_with(5, date(2026, 7, 1))},
            ["meetings"],
            id="meeting-day-after-school-year",
        ),
        pytest.param({"meeting_dates": MEETINGS[:4]}, ["meetings"], id="four-meetings"),
        pytest.param(
            {"meeting_dates": (*MEETINGS, date(2026, 6, 1))}, ["meetings"], id="six-meetings"
        ),
        pytest.param(
            {"meeting_dates": meetings_with(3, None)}, ["meetings"], id="meeting-without-date"
        ),
        pytest.param(
            {"confirmed_commitments": frozenset({11, 13, 14, 15, 16})},
            ["commitments"],
            id="unconfirmed-commitment",
        ),
        pytest.param({"confirmed_commitments": frozenset()}, ["commitments"], id="no-commitments"),
        pytest.param({"working_title": ""}, ["motivation"], id="missing-working-title"),
        pytest.param({"working_title": "   "}, ["motivation"], id="blank-working-title"),
        pytest.param({"has_theme": False}, ["motivation"], id="missing-theme"),
        pytest.param(
            {"answers": {22: "a", 23: "b", 24: "c"}}, ["motivation"], id="missing-one-text"
        ),
        pytest.param({"answers": answers_with(21, " \n ")}, ["motivation"], id="blank-text"),
        pytest.param(
            {"answers": answers_with(21, "x" * 3001)}, ["motivation"], id="text-one-over-limit"
        ),
        pytest.param({"answers": answers_with(21, "x" * 3000)}, [], id="text-exactly-at-limit"),
    ],
)
def test_evaluate_boundary_fails_exactly_the_expected_checks(changes, failing):
    report = evaluate(facts(**changes))

    assert failing_codes(report) == failing
    assert report.is_eligible is (failing == [])
    assert [check.code for check in report.checks if check.passed] == [
        code for code in CODES if code not in failing
    ]


@pytest.mark.parametrize(
    ("changes", "code", "problems"),
    [
        pytest.param(
            {"schools": schools(2)},
            "school_count",
            ["De PLG telt 2 scholen; dat moeten er minstens 3 en hoogstens 5 zijn."],
            id="2-schools",
        ),
        pytest.param(
            {"schools": schools(6)},
            "school_count",
            ["De PLG telt 6 scholen; dat moeten er minstens 3 en hoogstens 5 zijn."],
            id="6-schools",
        ),
        pytest.param(
            {"schools": schools(3, changed={3: {"institution_number": "100001"}})},
            "schools_distinct",
            ["Scholen 1 en 3 hebben hetzelfde instellingsnummer (100001)."],
            id="same-school-twice",
        ),
        pytest.param(
            {
                "schools": schools(
                    3,
                    changed={
                        1: {"institution_number": "012345"},
                        2: {"institution_number": "12345"},
                    },
                )
            },
            "schools_distinct",
            ["Scholen 1 en 2 hebben hetzelfde instellingsnummer (012345)."],
            id="leading-zero-is-same-school",
        ),
        pytest.param(
            {"schools": schools(3, changed={3: {"delegate_count": 2}})},
            "delegates",
            ["School 3 vaardigt 2 deelnemers af; bij 3 scholen zijn dat er 3."],
            id="3-schools-2-delegates-at-one",
        ),
        pytest.param(
            {"schools": schools(4, changed={2: {"delegate_count": 3}})},
            "delegates",
            ["School 2 vaardigt 3 deelnemers af; bij 4 scholen zijn dat er 2."],
            id="4-schools-3-delegates-at-one",
        ),
        pytest.param(
            {"schools": schools(3, changed={2: {"has_letter": False}})},
            "letters",
            ["School 2 (School 2) heeft nog geen letter of intent."],
            id="missing-letter",
        ),
        pytest.param(
            {"schools": schools(3, changed={2: {"letter_is_pdf": False}})},
            "letters",
            ["De letter of intent van school 2 (School 2) is geen geldig PDF-bestand."],
            id="letter-not-pdf",
        ),
        pytest.param(
            {"schools": schools(3, changed={1: {"recognised": False}})},
            "schools_eligible",
            [
                "School 1 (School 1) is niet aangeduid als erkend en gesubsidieerd door de "
                "Vlaamse overheid."
            ],
            id="school-not-recognised",
        ),
        pytest.param(
            {"schools": schools(3, changed={1: {"levels": frozenset({"dko"})}})},
            "schools_eligible",
            ["School 1 (School 1) heeft geen onderwijsniveau dat in aanmerking komt."],
            id="school-without-eligible-level",
        ),
        pytest.param(
            {"meeting_dates": meetings_with(1, date(2025, 8, 31))},
            "meetings",
            [
                "Bijeenkomst 1 valt op 31 augustus 2025, buiten schooljaar 2025-2026 "
                "(1 september 2025 tot 30 juni 2026)."
            ],
            id="meeting-day-before-school-year",
        ),
        pytest.param(
            {"meeting_dates": meetings_with(5, date(2026, 7, 1))},
            "meetings",
            [
                "Bijeenkomst 5 valt op 1 juli 2026, buiten schooljaar 2025-2026 "
                "(1 september 2025 tot 30 juni 2026)."
            ],
            id="meeting-day-after-school-year",
        ),
        pytest.param(
            {"meeting_dates": MEETINGS[:4]},
            "meetings",
            ["Er zijn 4 bijeenkomsten met een datum gepland; de oproep vraagt er 5."],
            id="four-meetings",
        ),
        pytest.param(
            {"meeting_dates": meetings_with(3, None)},
            "meetings",
            ["Er zijn 4 bijeenkomsten met een datum gepland; de oproep vraagt er 5."],
            id="meeting-without-date",
        ),
        pytest.param(
            {"confirmed_commitments": frozenset({11, 13, 14, 15, 16})},
            "commitments",
            ["Engagement “Een rol opnemen” is nog niet bevestigd."],
            id="unconfirmed-commitment",
        ),
        pytest.param(
            {"working_title": ""},
            "motivation",
            ["De werktitel van de PLG ontbreekt."],
            id="missing-working-title",
        ),
        pytest.param(
            {"has_theme": False},
            "motivation",
            ["Kies een thema uit de oproep of beschrijf een eigen thema."],
            id="missing-theme",
        ),
        pytest.param(
            {"answers": {22: "a", 23: "b", 24: "c"}},
            "motivation",
            ["De tekst bij “Thema” ontbreekt."],
            id="missing-one-text",
        ),
        pytest.param(
            {"answers": answers_with(21, "x" * 3001)},
            "motivation",
            ["De tekst bij “Thema” telt 3001 tekens; het maximum is 3000."],
            id="text-one-over-limit",
        ),
    ],
)
def test_evaluate_failing_check_names_exactly_what_is_wrong(changes, code, problems):
    check = evaluate(facts(**changes)).check(code)

    assert check.passed is False
    assert list(check.problems) == problems


def test_evaluate_delegates_names_every_school_that_is_off():
    report = evaluate(
        facts(schools=schools(3, changed={1: {"delegate_count": 2}, 3: {"delegate_count": 4}}))
    )

    assert list(report.check("delegates").problems) == [
        "School 1 vaardigt 2 deelnemers af; bij 3 scholen zijn dat er 3.",
        "School 3 vaardigt 4 deelnemers af; bij 3 scholen zijn dat er 3.",
    ]


def test_evaluate_delegates_silent_when_school_count_has_no_quota():
    # Six schools: the school count check reports it; a second, derived message would only confuse.
    report = evaluate(facts(schools=schools(6, delegates=3)))

    assert failing_codes(report) == ["school_count"]


def test_evaluate_motivation_lists_every_missing_part():
    report = evaluate(facts(working_title="", has_theme=False, answers={}))

    assert list(report.check("motivation").problems) == [
        "De werktitel van de PLG ontbreekt.",
        "Kies een thema uit de oproep of beschrijf een eigen thema.",
        "De tekst bij “Thema” ontbreekt.",
        "De tekst bij “Verankering” ontbreekt.",
        "De tekst bij “Gedragenheid en betrokkenheid” ontbreekt.",
        "De tekst bij “Openheid om te implementeren” ontbreekt.",
    ]


def test_evaluate_text_counts_browser_line_breaks_as_one_character():
    # Browsers submit textarea line breaks as CRLF while their counters count one character each.
    text = "\r\n".join(["x" * 299] * 10) + "x"
    assert len(text.replace("\r\n", "\n")) == 3000

    report = evaluate(facts(answers=answers_with(21, text)))

    assert report.is_eligible is True


def test_evaluate_reads_delegate_quota_from_call():
    rules = replace(RULES_2024, delegates_per_school={3: 4})

    three_each = evaluate(facts(rules=rules, schools=schools(3, delegates=3)))
    four_each = evaluate(facts(rules=rules, schools=schools(3, delegates=4)))

    assert failing_codes(three_each) == ["delegates"]
    assert three_each.check("delegates").problems[0] == (
        "School 1 vaardigt 3 deelnemers af; bij 3 scholen zijn dat er 4."
    )
    assert four_each.is_eligible is True


def test_evaluate_reads_school_count_range_from_call():
    rules = replace(RULES_2024, min_schools=2, max_schools=2, delegates_per_school={2: 4})

    assert evaluate(facts(rules=rules, schools=schools(2, rules=rules))).is_eligible is True
    assert list(evaluate(facts(rules=rules)).check("school_count").problems) == [
        "De PLG telt 3 scholen; dat moeten er minstens 2 en hoogstens 2 zijn."
    ]


def test_evaluate_reads_school_year_and_meeting_count_from_call():
    rules = replace(
        RULES_2024,
        school_year_label="2026-2027",
        school_year_start=date(2026, 9, 1),
        school_year_end=date(2027, 6, 30),
        meeting_count=3,
    )
    next_year = (date(2026, 9, 1), date(2027, 1, 15), date(2027, 6, 30))

    assert evaluate(facts(rules=rules, meeting_dates=next_year)).is_eligible is True
    problems = evaluate(facts(rules=rules)).check("meetings").problems
    assert problems[0] == "Er zijn 5 bijeenkomsten met een datum gepland; de oproep vraagt er 3."
    assert len(problems) == 6  # the count, then each of the five 2025-2026 dates


def test_evaluate_reads_levels_commitments_and_text_limits_from_call():
    rules = replace(
        RULES_2024,
        eligible_levels=frozenset({"secundair"}),
        commitments={31: "Iets anders"},
        criteria={41: ("Enig criterium", 10)},
    )
    report = evaluate(
        facts(rules=rules, confirmed_commitments=frozenset({11}), answers={41: "x" * 11})
    )

    assert list(report.check("schools_eligible").problems) == [
        f"School {n} (School {n}) heeft geen onderwijsniveau dat in aanmerking komt."
        for n in (1, 2, 3)
    ]
    assert list(report.check("commitments").problems) == [
        "Engagement “Iets anders” is nog niet bevestigd."
    ]
    assert list(report.check("motivation").problems) == [
        "De tekst bij “Enig criterium” telt 11 tekens; het maximum is 10."
    ]


def test_evaluate_meeting_boundaries_follow_call_dates_exactly():
    start, end = RULES_2024.school_year_start, RULES_2024.school_year_end
    inside = (start, start + timedelta(days=1), end - timedelta(days=1), end, end)

    assert evaluate(facts(meeting_dates=inside)).is_eligible is True
