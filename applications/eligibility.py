"""Admissibility of a dossier: pure rules over plain facts, every number and date from its call.

`evaluate(facts)` answers with one `Check` per criterion, in the call's order, each with a stable
code and Dutch messages that name exactly what is wrong (problems block submission; warnings only
ask the applicant to look again). `applications.selectors.eligibility_facts(dossier)` builds the
facts from the database; nothing here queries or writes.

The forms and services of the dossier apply the same rules through the helpers defined here
(`institution_number_normalise`, `duplicate_delegates`) and in the core (`plgportal.text.is_blank`,
`plgportal.dates`), so a rule never has two versions.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plgportal.dates import in_school_year, same_day_groups
from plgportal.text import comparable_email, comparable_name, is_blank, strip_invisible


@dataclass(frozen=True)
class CallRules:
    min_schools: int
    max_schools: int
    delegates_per_school: dict[int, int]
    school_year_label: str
    school_year_start: date
    school_year_end: date
    meeting_count: int
    eligible_levels: frozenset[str]
    commitments: dict[int, str]  # commitment id -> title
    criteria: dict[int, tuple[str, int]]  # criterion id -> (title, maximum characters)


@dataclass(frozen=True)
class DelegateFacts:
    name: str
    email: str


@dataclass(frozen=True)
class SchoolFacts:
    name: str
    institution_number: str
    levels: frozenset[str] = frozenset()
    recognised: bool = True
    delegate_count: int = 0
    has_letter: bool = False
    letter_is_pdf: bool = True
    delegates: tuple[DelegateFacts, ...] = ()


@dataclass(frozen=True)
class DossierFacts:
    rules: CallRules
    schools: tuple[SchoolFacts, ...] = ()
    meeting_dates: tuple[date | None, ...] = ()
    confirmed_commitments: frozenset[int] = frozenset()
    working_title: str = ""
    has_theme: bool = False
    answers: dict[int, str] = field(default_factory=dict)  # criterion id -> text


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # shown in the checklist, never block submission

    @property
    def passed(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class EligibilityReport:
    checks: tuple[Check, ...]

    @property
    def is_eligible(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def failing(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if not check.passed)

    def check(self, code: str) -> Check:
        return next(check for check in self.checks if check.code == code)


# The admissibility criteria of the call, then what a jury needs to judge the dossier at all.
LABELS = {
    "online": gettext_lazy("Online ingediend"),
    "school_count": gettext_lazy("Aantal scholen"),
    "schools_distinct": gettext_lazy("Verschillende scholen"),
    "schools_eligible": gettext_lazy("Scholen die in aanmerking komen"),
    "delegates": gettext_lazy("Afgevaardigden per school"),
    "delegates_distinct": gettext_lazy("Elke afgevaardigde één keer"),
    "letters": gettext_lazy("Letter of intent per school"),
    "meetings": gettext_lazy("Bijeenkomsten in het schooljaar"),
    "meeting_days": gettext_lazy("Bijeenkomsten op verschillende dagen"),
    "commitments": gettext_lazy("Engagementen bevestigd"),
    "motivation": gettext_lazy("Werktitel, thema en motivatie ingevuld"),
}


def evaluate(facts: DossierFacts) -> EligibilityReport:
    return EligibilityReport(
        checks=tuple(
            Check(
                code=code,
                label=str(LABELS[code]),
                problems=tuple(rule(facts)),
                warnings=tuple(WARNINGS[code](facts)) if code in WARNINGS else (),
            )
            for code, rule in RULES
        )
    )


def _and_list(numbers: list[int]) -> str:
    """[1, 3, 4] -> "1, 3 en 4"."""
    if len(numbers) == 1:
        return str(numbers[0])
    return _("%(list)s en %(last)d") % {
        "list": ", ".join(map(str, numbers[:-1])),
        "last": numbers[-1],
    }


# Institution numbers ------------------------------------------------------------------------------

# ASCII digits only: `\d` alone would also take Arabic-Indic, Devanagari... digits.
INSTITUTION_NUMBER = re.compile(r"[0-9]{1,6}")


def institution_number_normalise(value: str) -> str:
    """The one canonical form of an instellingsnummer: six ASCII digits ("12345" -> "012345").

    Used by the schools form, its service, the school lookup and the rules below, so that one
    school never looks like two. NFKC first: full-width digits ("１２３４５") become ASCII ones
    and are accepted. Digits of other scripts (Arabic-Indic "١٢٣", Devanagari...), which NFKC
    leaves as they are, are refused with their own message rather than stored as a different
    number. Raises ValidationError (code "institution_number") for anything else.
    """
    value = strip_invisible(unicodedata.normalize("NFKC", value or ""))
    if any(char.isdigit() and not char.isascii() for char in value):
        raise ValidationError(
            _("Typ het instellingsnummer met de cijfers 0 tot 9, bv. 012345."),
            code="institution_number",
        )
    if not INSTITUTION_NUMBER.fullmatch(value):
        raise ValidationError(
            _("Een instellingsnummer bestaat uit hoogstens 6 cijfers, bv. 012345."),
            code="institution_number",
        )
    return value.zfill(6)


# Delegates ----------------------------------------------------------------------------------------


def duplicate_delegates(emails: list[str]) -> dict[int, int]:
    """The delegates (by index in `emails`) whose address already came earlier in the list,
    mapped to the index of that first occurrence. Addresses compare as `comparable_email`:
    "Jan@School.be" and "jan@school.be " are the same person."""
    first_seen: dict[str, int] = {}
    repeats = {}
    for index, email in enumerate(emails):
        key = comparable_email(email)
        if not key:
            continue
        if key in first_seen:
            repeats[index] = first_seen[key]
        else:
            first_seen[key] = index
    return repeats


# The checks, in the order of RULES -------------------------------------------------------------


def _online(facts):
    # Only dossiers filled in through this portal exist: the criterion holds by construction.
    return []


def _school_count(facts):
    count, rules = len(facts.schools), facts.rules
    if rules.min_schools <= count <= rules.max_schools:
        return []
    return [
        _(
            "De PLG telt %(count)d scholen; dat moeten er minstens %(min)d en hoogstens "
            "%(max)d zijn."
        )
        % {"count": count, "min": rules.min_schools, "max": rules.max_schools}
    ]


def _schools_distinct(facts):
    problems, positions = [], defaultdict(list)
    for index, school in enumerate(facts.schools, start=1):
        try:
            number = institution_number_normalise(school.institution_number)
        except ValidationError as error:
            # Stored before numbers were checked this strictly: it cannot be told apart.
            problems.append(
                _("School %(n)d (%(name)s) heeft een ongeldig instellingsnummer: %(error)s")
                % {"n": index, "name": school.name, "error": error.messages[0]}
            )
            continue
        positions[number].append(index)
    for number, indexes in positions.items():
        if len(indexes) > 1:
            problems.append(
                _("Scholen %(positions)s hebben hetzelfde instellingsnummer (%(number)s).")
                % {"positions": _and_list(indexes), "number": number}
            )
    return problems


def _schools_eligible(facts):
    problems = []
    for index, school in enumerate(facts.schools, start=1):
        if is_blank(school.name):
            problems.append(_("School %(n)d heeft geen naam.") % {"n": index})
        if not school.recognised:
            problems.append(
                _(
                    "School %(n)d (%(name)s) is niet aangeduid als erkend en gesubsidieerd door "
                    "de Vlaamse overheid."
                )
                % {"n": index, "name": school.name}
            )
        if not school.levels & facts.rules.eligible_levels:
            problems.append(
                _("School %(n)d (%(name)s) heeft geen onderwijsniveau dat in aanmerking komt.")
                % {"n": index, "name": school.name}
            )
    return problems


def _delegates(facts):
    if not facts.schools:
        return [_("Vul eerst de scholen in.")]
    count = len(facts.schools)
    # Without a quota the school count itself is wrong; that check says so.
    expected = facts.rules.delegates_per_school.get(count)
    problems = []
    for index, school in enumerate(facts.schools, start=1):
        if expected is not None and school.delegate_count != expected:
            problems.append(
                _(
                    "School %(n)d vaardigt %(actual)d deelnemers af; bij %(schools)d scholen "
                    "zijn dat er %(expected)d."
                )
                % {
                    "n": index,
                    "actual": school.delegate_count,
                    "schools": count,
                    "expected": expected,
                }
            )
        problems += [
            _("School %(n)d: afgevaardigde %(m)d heeft geen naam.") % {"n": index, "m": position}
            for position, delegate in enumerate(school.delegates, start=1)
            if is_blank(delegate.name)
        ]
    return problems


def _delegate_rows(facts):
    """(school position, delegate) for every delegate of the dossier, in the schools' order."""
    return [
        (index, delegate)
        for index, school in enumerate(facts.schools, start=1)
        for delegate in school.delegates
    ]


def _delegates_distinct(facts):
    rows = _delegate_rows(facts)
    repeats = duplicate_delegates([delegate.email for _index, delegate in rows])
    schools_of = defaultdict(list)  # index of the first occurrence -> school positions
    for repeat, first in repeats.items():
        schools_of[first].append(rows[repeat][0])
    return [
        _(
            "%(email)s staat %(times)d keer bij de afgevaardigden (school %(schools)s); één "
            "persoon kan maar één keer afgevaardigd worden."
        )
        % {
            "email": strip_invisible(rows[first][1].email),
            "times": len(schools) + 1,
            "schools": _and_list(sorted({rows[first][0], *schools})),
        }
        for first, schools in schools_of.items()
    ]


def _delegates_same_name(facts):
    """Warnings: one name with different addresses may be one person entered twice."""
    by_name = defaultdict(list)
    for index, delegate in _delegate_rows(facts):
        if not is_blank(delegate.name):
            by_name[comparable_name(delegate.name)].append((index, delegate))
    return [
        _(
            "De naam “%(name)s” staat meer dan eens bij de afgevaardigden (school %(schools)s), "
            "met een ander e-mailadres. Gaat het om dezelfde persoon, vaardig die dan maar één "
            "keer af."
        )
        % {
            "name": strip_invisible(rows[0][1].name),
            "schools": _and_list(sorted({index for index, _delegate in rows})),
        }
        for rows in by_name.values()
        if len({comparable_email(delegate.email) for _index, delegate in rows}) > 1
    ]


def _letters(facts):
    if not facts.schools:
        return [_("Vul eerst de scholen in.")]
    problems = []
    for index, school in enumerate(facts.schools, start=1):
        if not school.has_letter:
            problems.append(
                _("School %(n)d (%(name)s) heeft nog geen letter of intent.")
                % {"n": index, "name": school.name}
            )
        elif not school.letter_is_pdf:
            problems.append(
                _("De letter of intent van school %(n)d (%(name)s) is geen geldig PDF-bestand.")
                % {"n": index, "name": school.name}
            )
    return problems


def _meetings(facts):
    rules, problems = facts.rules, []
    planned = [meeting for meeting in facts.meeting_dates if meeting is not None]
    if len(planned) != rules.meeting_count:
        problems.append(
            _(
                "Er zijn %(count)d bijeenkomsten met een datum gepland; de oproep vraagt er "
                "%(expected)d."
            )
            % {"count": len(planned), "expected": rules.meeting_count}
        )
    for index, day in enumerate(facts.meeting_dates, start=1):
        if day is not None and not in_school_year(
            day, rules.school_year_start, rules.school_year_end
        ):
            problems.append(
                _(
                    "Bijeenkomst %(n)d valt op %(date)s, buiten schooljaar %(year)s "
                    "(%(start)s tot %(end)s)."
                )
                % {
                    "n": index,
                    "date": date_format(day, "j F Y"),
                    "year": rules.school_year_label,
                    "start": date_format(rules.school_year_start, "j F Y"),
                    "end": date_format(rules.school_year_end, "j F Y"),
                }
            )
    return problems


def _meeting_days(facts):
    return [
        _(
            "Bijeenkomsten %(positions)s vallen op dezelfde dag (%(date)s); plan elke "
            "bijeenkomst op een andere dag."
        )
        % {"positions": _and_list(positions), "date": date_format(day, "j F Y")}
        for day, positions in same_day_groups(enumerate(facts.meeting_dates, start=1))
    ]


def _commitments(facts):
    return [
        _("Engagement “%(title)s” is nog niet bevestigd.") % {"title": title}
        for commitment_id, title in facts.rules.commitments.items()
        if commitment_id not in facts.confirmed_commitments
    ]


def _motivation(facts):
    problems = []
    if is_blank(facts.working_title):
        problems.append(_("De werktitel van de PLG ontbreekt."))
    if not facts.has_theme:
        problems.append(_("Kies een thema uit de oproep of beschrijf een eigen thema."))
    for criterion_id, (title, max_chars) in facts.rules.criteria.items():
        # Browsers submit a textarea's line breaks as CRLF but count (and show) one character;
        # invisible characters around the text count for nothing, as blanks do.
        text = strip_invisible(facts.answers.get(criterion_id, "").replace("\r\n", "\n"))
        if is_blank(text):
            problems.append(_("De tekst bij “%(title)s” ontbreekt.") % {"title": title})
        elif len(text) > max_chars:
            problems.append(
                _("De tekst bij “%(title)s” telt %(length)d tekens; het maximum is %(max)d.")
                % {"title": title, "length": len(text), "max": max_chars}
            )
    return problems


RULES = (
    ("online", _online),
    ("school_count", _school_count),
    ("schools_distinct", _schools_distinct),
    ("schools_eligible", _schools_eligible),
    ("delegates", _delegates),
    ("delegates_distinct", _delegates_distinct),
    ("letters", _letters),
    ("meetings", _meetings),
    ("meeting_days", _meeting_days),
    ("commitments", _commitments),
    ("motivation", _motivation),
)

WARNINGS = {
    "delegates_distinct": _delegates_same_name,
}
