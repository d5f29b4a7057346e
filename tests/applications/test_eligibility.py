"""The admissibility rules as pure functions: no database, every boundary of the call."""

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from applications.eligibility import (
    CallRules,
    Check,
    DelegateFacts,
    DossierFacts,
    Problem,
    SchoolFacts,
    Target,
    duplicate_delegates,
    evaluate,
    institution_number_normalise,
    schools_hosting_none,
)

CODES = [
    "online",
    "school_count",
    "schools_distinct",
    "schools_eligible",
    "delegates",
    "delegates_distinct",
    "letters",
    "meetings",
    "meeting_days",
    "commitments",
    "motivation",
]
# A draft is not submitted online yet: that criterion is shown once it is.
DRAFT_CODES = [code for code in CODES if code != "online"]

RULES_2024 = CallRules(
    min_schools=3,
    max_schools=5,
    delegates_per_school={3: 3, 4: 2, 5: 2},
    school_year_label="2025-2026",
    # A Flemish school year: 1 September to 31 August ("in schooljaar 2025-2026").
    school_year_start=date(2025, 9, 1),
    school_year_end=date(2026, 8, 31),
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
                delegates=tuple(
                    DelegateFacts(name=f"Persoon {n}.{d}", email=f"p{d}@school{n}.be")
                    for d in range(1, per_school + 1)
                ),
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


def test_evaluate_eligible_dossier_passes_every_check():
    report = evaluate(facts())

    assert report.is_eligible is True
    assert [check.code for check in report.checks] == DRAFT_CODES
    assert all(check.passed for check in report.checks)
    assert all(check.problems == () for check in report.checks)
    assert all(check.warnings == () for check in report.checks)


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
            id="meeting-on-30-june",
        ),
        pytest.param(
            {"meeting_dates": meetings_with(5, date(2026, 7, 1))},
            [],
            id="meeting-on-1-july",
        ),
        pytest.param(
            {"meeting_dates": meetings_with(5, date(2026, 7, 15))},
            [],
            id="meeting-in-july",
        ),
        pytest.param(
            {"meeting_dates": meetings_with(5, date(2026, 8, 31))},
            [],
            id="meeting-last-day-of-school-year-31-august",
        ),
        pytest.param(
            {"meeting_dates": meetings_with(5, date(2026, 9, 1))},
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
        code for code in DRAFT_CODES if code not in failing
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
            ["School 1 en School 3 hebben hetzelfde instellingsnummer (100001)."],
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
            ["School 1 en School 2 hebben hetzelfde instellingsnummer (012345)."],
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
            ["School 2 heeft nog geen letter of intent."],
            id="missing-letter",
        ),
        pytest.param(
            {"schools": schools(3, changed={2: {"letter_is_pdf": False}})},
            "letters",
            ["De letter of intent van School 2 is geen geldig PDF-bestand."],
            id="letter-not-pdf",
        ),
        pytest.param(
            {"schools": schools(3, changed={1: {"recognised": False}})},
            "schools_eligible",
            ["School 1 is niet aangeduid als erkend en gesubsidieerd door de Vlaamse overheid."],
            id="school-not-recognised",
        ),
        pytest.param(
            {"schools": schools(3, changed={1: {"levels": frozenset({"dko"})}})},
            "schools_eligible",
            ["School 1 heeft geen onderwijsniveau dat in aanmerking komt."],
            id="school-without-eligible-level",
        ),
        pytest.param(
            {"meeting_dates": meetings_with(1, date(2025, 8, 31))},
            "meetings",
            [
                "Bijeenkomst 1 valt op 31 augustus 2025, buiten schooljaar 2025-2026 "
                "(1 september 2025 tot 31 augustus 2026)."
            ],
            id="meeting-day-before-school-year",
        ),
        pytest.param(
            {"meeting_dates": meetings_with(5, date(2026, 9, 1))},
            "meetings",
            [
                "Bijeenkomst 5 valt op 1 september 2026, buiten schooljaar 2025-2026 "
                "(1 september 2025 tot 31 augustus 2026)."
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
        f"School {n} heeft geen onderwijsniveau dat in aanmerking komt." for n in (1, 2, 3)
    ]
    assert list(report.check("commitments").problems) == [
        "Engagement “Iets anders” is nog niet bevestigd."
    ]
    assert list(report.check("motivation").problems) == [
        "De tekst bij “Enig criterium” telt 11 tekens; het maximum is 10."
    ]


def test_evaluate_meeting_boundaries_follow_call_dates_exactly():
    start, end = RULES_2024.school_year_start, RULES_2024.school_year_end
    # Each on its own day: two meetings on one day break another rule (meeting_days).
    inside = (
        start,
        start + timedelta(days=1),
        end - timedelta(days=2),
        end - timedelta(days=1),
        end,
    )

    assert evaluate(facts(meeting_dates=inside)).is_eligible is True


# School year ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        pytest.param(date(2026, 6, 30), True, id="30-june"),
        pytest.param(date(2026, 7, 1), False, id="1-july"),
        pytest.param(date(2026, 7, 15), False, id="in-july"),
        pytest.param(date(2026, 8, 31), False, id="31-august"),
    ],
)
def test_evaluate_meetings_follow_a_call_that_chose_a_shorter_school_year(day, inside):
    # The call is data: a call may still end its period before 31 August.
    rules = replace(RULES_2024, school_year_end=date(2026, 6, 30))

    report = evaluate(facts(rules=rules, meeting_dates=meetings_with(5, day)))

    assert report.check("meetings").passed is inside


# Institution numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        pytest.param("12345", "012345", id="pads-to-six"),
        pytest.param("000042", "000042", id="already-six"),
        pytest.param(" 123456 ", "123456", id="spaces-around"),
        pytest.param("\u200b123456\ufeff", "123456", id="invisible-around"),
        pytest.param("\u00a0012345\u00a0", "012345", id="nbsp-around"),
        pytest.param("１２３４５６", "123456", id="full-width-digits"),
        pytest.param("０１２３４５", "012345", id="full-width-with-zero"),
        pytest.param("12３45", "012345", id="mixed-full-width"),
    ],
)
def test_institution_number_normalise_gives_six_ascii_digits(typed, normalised):
    assert institution_number_normalise(typed) == normalised


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        pytest.param("", "Een instellingsnummer bestaat uit hoogstens 6 cijfers", id="empty"),
        pytest.param("\u200b", "Een instellingsnummer bestaat uit hoogstens 6 cijfers", id="zwsp"),
        pytest.param("1234567", "Een instellingsnummer bestaat uit hoogstens 6 cijfers", id="7"),
        pytest.param("12a45", "Een instellingsnummer bestaat uit hoogstens 6 cijfers", id="letter"),
        pytest.param("12 345", "Een instellingsnummer bestaat uit hoogstens 6 cijfers", id="space"),
        pytest.param("12\u200b345", "Een instellingsnummer bestaat uit", id="zwsp-inside"),
        pytest.param("-12345", "Een instellingsnummer bestaat uit hoogstens 6 cijfers", id="sign"),
        pytest.param("١٢٣٤٥", "Typ het instellingsnummer met de cijfers 0 tot 9", id="arabic"),
        pytest.param("۱۲۳۴۵", "Typ het instellingsnummer met de cijfers 0 tot 9", id="persian"),
        pytest.param("१२३४५", "Typ het instellingsnummer met de cijfers 0 tot 9", id="devanagari"),
        pytest.param("12٣45", "Typ het instellingsnummer met de cijfers 0 tot 9", id="one-arabic"),
    ],
)
def test_institution_number_normalise_refuses_other_input_in_dutch(typed, message):
    with pytest.raises(ValidationError) as error:
        institution_number_normalise(typed)

    assert error.value.code == "institution_number"
    assert error.value.messages[0].startswith(message)


def numbers(*typed):
    return schools(
        len(typed), changed={n: {"institution_number": t} for n, t in enumerate(typed, 1)}
    )


@pytest.mark.parametrize(
    ("typed", "problems"),
    [
        pytest.param(("100001", "100002", "100003"), [], id="three-different"),
        pytest.param(
            ("123456", "１２３４５６", "100003"),
            ["School 1 en School 2 hebben hetzelfde instellingsnummer (123456)."],
            id="full-width-is-same-school",
        ),
        pytest.param(
            ("12345", "０１２３４５", "012345"),
            ["School 1, School 2 en School 3 hebben hetzelfde instellingsnummer (012345)."],
            id="three-spellings-of-one-school",
        ),
        pytest.param(
            ("100001", "١٠٠٠٠١", "100003"),
            [
                "School 2 heeft een ongeldig instellingsnummer: Typ het instellingsnummer met de "
                "cijfers 0 tot 9, bv. 012345."
            ],
            id="arabic-indic-digits-refused-not-a-different-school",
        ),
    ],
)
def test_evaluate_schools_distinct_compares_normalised_numbers(typed, problems):
    check = evaluate(facts(schools=numbers(*typed))).check("schools_distinct")

    assert list(check.problems) == problems


# Texts made only of invisible characters ----------------------------------------------------------

INVISIBLE = [
    pytest.param("\u200b", id="zero-width-space"),
    pytest.param("\u200c\u200d", id="zwnj-zwj"),
    pytest.param("\u2060", id="word-joiner"),
    pytest.param("\ufeff", id="bom"),
    pytest.param("\u00a0", id="nbsp"),
    pytest.param("\u00ad", id="soft-hyphen"),
    pytest.param("\u2028\u3000\t\r\n ", id="separators-and-whitespace"),
    pytest.param("\u3164", id="hangul-filler"),
]


@pytest.mark.parametrize("text", INVISIBLE)
def test_evaluate_invisible_working_title_counts_as_missing(text):
    check = evaluate(facts(working_title=text)).check("motivation")

    assert list(check.problems) == ["De werktitel van de PLG ontbreekt."]


@pytest.mark.parametrize("text", INVISIBLE)
def test_evaluate_invisible_motivation_text_counts_as_missing(text):
    check = evaluate(facts(answers=answers_with(21, text * 3))).check("motivation")

    assert list(check.problems) == ["De tekst bij “Thema” ontbreekt."]


@pytest.mark.parametrize("text", INVISIBLE)
def test_evaluate_invisible_delegate_name_counts_as_missing(text):
    named = schools(3)
    first = named[0]
    nameless = replace(
        first, delegates=(replace(first.delegates[0], name=text), *first.delegates[1:])
    )

    check = evaluate(facts(schools=(nameless, *named[1:]))).check("delegates")

    assert list(check.problems) == ["School 1: afgevaardigde 1 heeft geen naam."]


@pytest.mark.parametrize("text", INVISIBLE)
def test_evaluate_invisible_school_name_counts_as_missing(text):
    check = evaluate(facts(schools=schools(3, changed={2: {"name": text}}))).check(
        "schools_eligible"
    )

    assert list(check.problems) == ["School 2 heeft geen naam."]


@pytest.mark.parametrize(
    ("text", "failing"),
    [
        pytest.param("x" * 3000 + "\u200b\u00a0", [], id="invisible-tail-not-counted"),
        pytest.param("\ufeff" + "x" * 3000, [], id="bom-head-not-counted"),
        pytest.param("x" * 3001, ["motivation"], id="one-visible-over"),
        pytest.param("\u200bx\u200b", [], id="one-visible-character-is-filled"),
    ],
)
def test_evaluate_text_length_counts_what_is_inside_the_invisible_edges(text, failing):
    assert failing_codes(evaluate(facts(answers=answers_with(21, text)))) == failing


# One person, one delegate ---------------------------------------------------------------------


def with_delegate(school_position, delegate_position, **changes):
    """The eligible schools, with one delegate's name or email changed."""
    changed = list(schools(3))
    school = changed[school_position - 1]
    delegates = list(school.delegates)
    delegates[delegate_position - 1] = replace(delegates[delegate_position - 1], **changes)
    changed[school_position - 1] = replace(school, delegates=tuple(delegates))
    return tuple(changed)


SAME_PERSON = (
    "p1@school1.be staat 2 keer bij de afgevaardigden van School 1 en School 3; één persoon kan "
    "maar één keer afgevaardigd worden."
)


@pytest.mark.parametrize(
    ("email", "problems"),
    [
        pytest.param("p1@school1.be", [SAME_PERSON], id="same-address"),
        pytest.param("P1@School1.BE", [SAME_PERSON], id="other-case"),
        pytest.param(" p1@school1.be ", [SAME_PERSON], id="spaces"),
        pytest.param("p1@school1.be\u200b", [SAME_PERSON], id="zero-width-space"),
        pytest.param("ｐ1@school1.be", [SAME_PERSON], id="full-width-letter"),
        pytest.param("p1@school1.bee", [], id="other-address"),
        pytest.param("p1@schooI1.be", [], id="capital-i-is-not-l"),
    ],
)
def test_evaluate_same_delegate_twice_in_the_dossier_fails(email, problems):
    check = evaluate(facts(schools=with_delegate(3, 2, email=email))).check("delegates_distinct")

    assert list(check.problems) == problems


def test_evaluate_same_delegate_twice_names_the_address_and_schools():
    # "Jan@School.be" at school 1 and "jan@school.be " at school 3: one person.
    changed = with_delegate(1, 1, email="Jan@School.be")
    third = changed[2]
    changed = (
        *changed[:2],
        replace(third, delegates=(replace(third.delegates[0], email="jan@school.be "),)),
    )

    check = evaluate(facts(schools=changed)).check("delegates_distinct")

    assert list(check.problems) == [
        "Jan@School.be staat 2 keer bij de afgevaardigden van School 1 en School 3; één persoon "
        "kan maar één keer afgevaardigd worden."
    ]


def test_evaluate_same_delegate_twice_in_one_school_fails():
    check = evaluate(facts(schools=with_delegate(2, 3, email="p1@school2.be"))).check(
        "delegates_distinct"
    )

    assert list(check.problems) == [
        "p1@school2.be staat 2 keer bij de afgevaardigden van School 2; één persoon kan maar één "
        "keer afgevaardigd worden."
    ]


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("Persoon 1.1", id="same"),
        pytest.param("persoon 1.1", id="case"),
        pytest.param("  Persoon   1.1 ", id="whitespace"),
        pytest.param("Pérsoon 1.1", id="accent"),
        pytest.param("Per\u00adsoon\u00a01.1", id="soft-hyphen-and-nbsp"),
    ],
)
def test_evaluate_same_name_with_other_address_warns_but_passes(name):
    report = evaluate(facts(schools=with_delegate(3, 1, name=name)))

    check = report.check("delegates_distinct")
    assert report.is_eligible is True
    assert check.passed is True
    assert list(check.warnings) == [
        "De naam “Persoon 1.1” staat meer dan eens bij de afgevaardigden van School 1 en School 3, "
        "met een ander e-mailadres. Gaat het om dezelfde persoon, vaardig die dan maar één keer af."
    ]


def test_evaluate_other_names_give_no_warning():
    report = evaluate(facts(schools=with_delegate(3, 1, name="Persoon 1.2 bis")))

    assert report.check("delegates_distinct").warnings == ()


def test_evaluate_same_name_and_same_address_is_a_problem_not_a_warning():
    changed = with_delegate(3, 1, name="Persoon 1.1", email="p1@school1.be")

    check = evaluate(facts(schools=changed)).check("delegates_distinct")

    assert len(check.problems) == 1
    assert check.warnings == ()


@pytest.mark.parametrize(
    ("emails", "repeats"),
    [
        pytest.param(["a@x.be", "b@x.be"], {}, id="different"),
        pytest.param(["a@x.be", "A@X.BE"], {1: 0}, id="case"),
        pytest.param(["a@x.be", "b@x.be", " a@x.be ", "a@x.be"], {2: 0, 3: 0}, id="three"),
        pytest.param(["", ""], {}, id="empty-addresses-are-not-people"),
    ],
)
def test_duplicate_delegates_maps_each_repeat_to_its_first(emails, repeats):
    assert duplicate_delegates(emails) == repeats


# Meetings on different days -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dates", "problems"),
    [
        pytest.param(MEETINGS, [], id="five-days"),
        pytest.param(meetings_with(2, date(2025, 10, 2)), [], id="consecutive-days"),
        pytest.param(
            meetings_with(2, date(2025, 10, 1)),
            [
                "Bijeenkomsten 1 en 2 vallen op dezelfde dag (1 oktober 2025); plan elke "
                "bijeenkomst op een andere dag."
            ],
            id="two-on-one-day",
        ),
        pytest.param(
            (date(2026, 3, 10),) * 3 + (date(2026, 5, 5), None),
            [
                "Bijeenkomsten 1, 2 en 3 vallen op dezelfde dag (10 maart 2026); plan elke "
                "bijeenkomst op een andere dag."
            ],
            id="three-on-one-day",
        ),
        pytest.param(meetings_with(3, None), [], id="undated-meetings-are-not-on-one-day"),
    ],
)
def test_evaluate_meetings_fall_on_different_days(dates, problems):
    check = evaluate(facts(meeting_dates=dates)).check("meeting_days")

    assert list(check.problems) == problems


def test_evaluate_draft_is_not_marked_as_submitted_online():
    report = evaluate(facts())

    assert "online" not in [check.code for check in report.checks]
    assert report.is_eligible is True


def test_evaluate_submitted_dossier_is_marked_as_submitted_online():
    report = evaluate(facts(submitted=True))

    assert [check.code for check in report.checks] == CODES
    assert report.check("online").passed
    assert report.check("online").label == "Online ingediend"


@pytest.mark.parametrize(
    ("count", "problem"),
    [
        (0, "School 1 vaardigt 0 deelnemers af; bij 3 scholen zijn dat er 3."),
        (1, "School 1 vaardigt 1 deelnemer af; bij 3 scholen zijn dat er 3."),
        (2, "School 1 vaardigt 2 deelnemers af; bij 3 scholen zijn dat er 3."),
    ],
)
def test_evaluate_delegates_names_one_delegate_in_the_singular(count, problem):
    check = evaluate(facts(schools=schools(changed={1: {"delegate_count": count}}))).check(
        "delegates"
    )

    assert list(check.problems) == [problem]


# Schools by their name; where each problem is fixed ----------------------------------------------

NAMES = ("Basisschool De Linde", "Sint-Jozefsinstituut", "Atheneum Zuid", "Campus Zonnebloem")


def named(count=3, changed=None):
    """`schools(count)` with real names and ids 101, 102...; `changed` as for `schools`."""
    changed = changed or {}
    return schools(
        count,
        changed={
            n: {"name": NAMES[n - 1], "id": 100 + n, **changed.get(n, {})}
            for n in range(1, count + 1)
        },
    )


def named_with_delegate(school_position, delegate_position, **changes):
    changed = list(named())
    school = changed[school_position - 1]
    delegates = list(school.delegates)
    delegates[delegate_position - 1] = replace(delegates[delegate_position - 1], **changes)
    changed[school_position - 1] = replace(school, delegates=tuple(delegates))
    return tuple(changed)


SAME_PERSON_NAMED = (
    "p1@school1.be staat 2 keer bij de afgevaardigden van Basisschool De Linde en Atheneum Zuid; "
    "één persoon kan maar één keer afgevaardigd worden."
)


@pytest.mark.parametrize(
    ("changes", "code", "message", "target"),
    [
        pytest.param(
            {"schools": named(2)},
            "school_count",
            "De PLG telt 2 scholen; dat moeten er minstens 3 en hoogstens 5 zijn.",
            Target("schools", "name", row=2),
            id="too-few-schools-first-empty-row",
        ),
        pytest.param(
            {"schools": named(3) + schools(3)},
            "school_count",
            "De PLG telt 6 scholen; dat moeten er minstens 3 en hoogstens 5 zijn.",
            Target("schools", "DELETE", row=5),
            id="too-many-schools-first-beyond-maximum",
        ),
        pytest.param(
            {"schools": named(changed={3: {"institution_number": "100001"}})},
            "schools_distinct",
            "Basisschool De Linde en Atheneum Zuid hebben hetzelfde instellingsnummer (100001).",
            Target("schools", "institution_number", school=103, row=2),
            id="same-number-names-both-targets-the-later",
        ),
        pytest.param(
            {
                "schools": named(
                    changed={3: {"institution_number": "100001", "name": "Basisschool De Linde"}}
                )
            },
            "schools_distinct",
            "Basisschool De Linde staat 2 keer bij de scholen (instellingsnummer 100001).",
            Target("schools", "institution_number", school=103, row=2),
            id="same-school-entered-twice",
        ),
        pytest.param(
            {"schools": named(changed={2: {"institution_number": "١٠٠٠٠٢"}})},
            "schools_distinct",
            "Sint-Jozefsinstituut heeft een ongeldig instellingsnummer: Typ het instellingsnummer "
            "met de cijfers 0 tot 9, bv. 012345.",
            Target("schools", "institution_number", school=102, row=1),
            id="invalid-number",
        ),
        pytest.param(
            {"schools": named(changed={2: {"name": " "}})},
            "schools_eligible",
            "School 2 heeft geen naam.",
            Target("schools", "name", school=102, row=1),
            id="nameless-school-by-its-place",
        ),
        pytest.param(
            {"schools": named(changed={1: {"recognised": False}})},
            "schools_eligible",
            "Basisschool De Linde is niet aangeduid als erkend en gesubsidieerd door de Vlaamse "
            "overheid.",
            Target("schools", "recognised", school=101, row=0),
            id="not-recognised",
        ),
        pytest.param(
            {"schools": named(changed={1: {"levels": frozenset({"dko"})}})},
            "schools_eligible",
            "Basisschool De Linde heeft geen onderwijsniveau dat in aanmerking komt.",
            Target("schools", "levels", school=101, row=0),
            id="no-eligible-level",
        ),
        pytest.param(
            {"schools": named(changed={3: {"delegate_count": 2}})},
            "delegates",
            "Atheneum Zuid vaardigt 2 deelnemers af; bij 3 scholen zijn dat er 3.",
            Target("delegates", "full_name", school=103, row=2),
            id="delegate-short-first-empty-row",
        ),
        pytest.param(
            {"schools": named(changed={1: {"delegate_count": 4}})},
            "delegates",
            "Basisschool De Linde vaardigt 4 deelnemers af; bij 3 scholen zijn dat er 3.",
            Target("delegates", "DELETE", school=101, row=3),
            id="delegate-too-many-first-beyond-quota",
        ),
        pytest.param(
            {"schools": named_with_delegate(2, 1, name="")},
            "delegates",
            "Sint-Jozefsinstituut: afgevaardigde 1 heeft geen naam.",
            Target("delegates", "full_name", school=102, row=0),
            id="nameless-delegate",
        ),
        pytest.param(
            {"schools": ()},
            "delegates",
            "Vul eerst de scholen in.",
            Target("schools", "name", row=0),
            id="delegates-without-schools",
        ),
        pytest.param(
            {"schools": named_with_delegate(3, 2, email="p1@school1.be")},
            "delegates_distinct",
            SAME_PERSON_NAMED,
            Target("delegates", "email", school=103, row=1),
            id="same-person-twice-targets-the-repeat",
        ),
        pytest.param(
            {"schools": named(changed={2: {"has_letter": False}})},
            "letters",
            "Sint-Jozefsinstituut heeft nog geen letter of intent.",
            Target("letters", "file", school=102),
            id="missing-letter",
        ),
        pytest.param(
            {"schools": named(changed={2: {"letter_is_pdf": False}})},
            "letters",
            "De letter of intent van Sint-Jozefsinstituut is geen geldig PDF-bestand.",
            Target("letters", "file", school=102),
            id="letter-not-pdf",
        ),
        pytest.param(
            {"meeting_dates": meetings_with(3, None)},
            "meetings",
            "Er zijn 4 bijeenkomsten met een datum gepland; de oproep vraagt er 5.",
            Target("planning", "date", row=2),
            id="undated-meeting",
        ),
        pytest.param(
            {"meeting_dates": MEETINGS[:4]},
            "meetings",
            "Er zijn 4 bijeenkomsten met een datum gepland; de oproep vraagt er 5.",
            Target("planning", "date", row=4),
            id="missing-meeting-row",
        ),
        pytest.param(
            {"meeting_dates": (*MEETINGS, date(2026, 6, 1))},
            "meetings",
            "Er zijn 6 bijeenkomsten met een datum gepland; de oproep vraagt er 5.",
            Target("planning"),
            id="too-many-meetings-the-page",
        ),
        pytest.param(
            {"meeting_dates": meetings_with(5, date(2026, 9, 1))},
            "meetings",
            "Bijeenkomst 5 valt op 1 september 2026, buiten schooljaar 2025-2026 "
            "(1 september 2025 tot 31 augustus 2026).",
            Target("planning", "date", row=4),
            id="meeting-outside-school-year",
        ),
        pytest.param(
            {"meeting_dates": meetings_with(2, date(2025, 10, 1))},
            "meeting_days",
            "Bijeenkomsten 1 en 2 vallen op dezelfde dag (1 oktober 2025); plan elke "
            "bijeenkomst op een andere dag.",
            Target("planning", "date", row=1),
            id="same-day-targets-the-later",
        ),
        pytest.param(
            {"confirmed_commitments": frozenset({11, 13, 14, 15, 16})},
            "commitments",
            "Engagement “Een rol opnemen” is nog niet bevestigd.",
            Target("commitments", "commitment", item=12),
            id="unconfirmed-commitment",
        ),
        pytest.param(
            {"working_title": ""},
            "motivation",
            "De werktitel van de PLG ontbreekt.",
            Target("plg", "working_title"),
            id="working-title-in-plg-section",
        ),
        pytest.param(
            {"has_theme": False},
            "motivation",
            "Kies een thema uit de oproep of beschrijf een eigen thema.",
            Target("motivation", "theme"),
            id="theme",
        ),
        pytest.param(
            {"answers": answers_with(22, "")},
            "motivation",
            "De tekst bij “Verankering” ontbreekt.",
            Target("motivation", "answer", item=22),
            id="missing-text",
        ),
    ],
)
def test_evaluate_problem_names_schools_and_targets_the_field_that_fixes_it(
    changes, code, message, target
):
    check = evaluate(facts(**changes)).check(code)

    assert list(check.problems) == [message]
    assert [problem.target for problem in check.problems] == [target]
    assert check.target == target


def test_evaluate_never_calls_a_named_school_by_its_place():
    broken = named(
        changed={
            1: {"recognised": False, "levels": frozenset(), "delegate_count": 2},
            2: {"has_letter": False, "institution_number": "100001"},
            3: {"letter_is_pdf": False},
        }
    )
    report = evaluate(facts(schools=broken))

    messages = [problem for check in report.checks for problem in check.problems]
    assert len(messages) == 6
    assert [message for message in messages if re.search(r"\b[Ss]cho(ol|len) \d", message)] == []


def test_evaluate_same_name_warning_names_schools_and_targets_the_second_name():
    report = evaluate(facts(schools=named_with_delegate(3, 1, name="Persoon 1.1")))

    (warning,) = report.check("delegates_distinct").warnings
    assert warning == (
        "De naam “Persoon 1.1” staat meer dan eens bij de afgevaardigden van Basisschool De Linde "
        "en Atheneum Zuid, met een ander e-mailadres. Gaat het om dezelfde persoon, vaardig die "
        "dan maar één keer af."
    )
    assert warning.target == Target("delegates", "full_name", school=103, row=0)


def test_problem_is_its_message_with_a_target():
    problem = Problem("De werktitel van de PLG ontbreekt.", Target("plg", "working_title"))

    assert problem == "De werktitel van de PLG ontbreekt."
    assert " ".join([problem, "Meer."]) == "De werktitel van de PLG ontbreekt. Meer."
    assert Check("motivation", "Motivatie", problems=(problem,)).target == problem.target
    assert Check("online", "Online ingediend").target is None


@pytest.mark.parametrize(
    ("hosts", "hosting_none"),
    [
        ([1, 2, 3, 1, 2], []),
        ([1, 1, 2, 2, None], [3]),
        ([1, 2, None, None, None], []),
        ([1, 1, 2, 3, 3], []),
        ([1, 1, None, None, None], [2, 3]),
        ([None] * 5, []),
    ],
)
def test_schools_hosting_none_when_another_school_hosts_two(hosts, hosting_none):
    assert schools_hosting_none([1, 2, 3], hosts) == hosting_none
