"""Admissibility of a dossier: pure rules over plain facts, every number and date from its call.

`evaluate(facts)` answers with one `Check` per criterion, in the call's order, each with a stable
code and Dutch messages that name exactly what is wrong. `applications.selectors.
eligibility_facts(dossier)` builds the facts from the database; nothing here queries or writes.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


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
class SchoolFacts:
    name: str
    institution_number: str
    levels: frozenset[str] = frozenset()
    recognised: bool = True
    delegate_count: int = 0
    has_letter: bool = False
    letter_is_pdf: bool = True


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
    "letters": gettext_lazy("Letter of intent per school"),
    "meetings": gettext_lazy("Bijeenkomsten in het schooljaar"),
    "commitments": gettext_lazy("Engagementen bevestigd"),
    "motivation": gettext_lazy("Werktitel, thema en motivatie ingevuld"),
}


def evaluate(facts: DossierFacts) -> EligibilityReport:
    return EligibilityReport(
        checks=tuple(
            Check(code=code, label=str(LABELS[code]), problems=tuple(rule(facts)))
            for code, rule in RULES
        )
    )


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
    numbers = Counter(school.institution_number.lstrip("0") for school in facts.schools)
    problems = []
    for number, times in numbers.items():
        if times > 1:
            positions = [
                str(index)
                for index, school in enumerate(facts.schools, start=1)
                if school.institution_number.lstrip("0") == number
            ]
            problems.append(
                _("Scholen %(positions)s hebben hetzelfde instellingsnummer (%(number)s).")
                % {"positions": " en ".join(positions), "number": number.zfill(6)}
            )
    return problems


def _schools_eligible(facts):
    problems = []
    for index, school in enumerate(facts.schools, start=1):
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
    expected = facts.rules.delegates_per_school.get(count)
    if expected is None:
        return []  # the school count itself is wrong; that check says so
    return [
        _(
            "School %(n)d vaardigt %(actual)d deelnemers af; bij %(schools)d scholen zijn dat "
            "er %(expected)d."
        )
        % {"n": index, "actual": school.delegate_count, "schools": count, "expected": expected}
        for index, school in enumerate(facts.schools, start=1)
        if school.delegate_count != expected
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


def in_school_year(day: date, start: date, end: date) -> bool:
    """The one rule for "inside the call's school year", first and last day included."""
    return start <= day <= end


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


def _commitments(facts):
    return [
        _("Engagement “%(title)s” is nog niet bevestigd.") % {"title": title}
        for commitment_id, title in facts.rules.commitments.items()
        if commitment_id not in facts.confirmed_commitments
    ]


def _motivation(facts):
    problems = []
    if not facts.working_title.strip():
        problems.append(_("De werktitel van de PLG ontbreekt."))
    if not facts.has_theme:
        problems.append(_("Kies een thema uit de oproep of beschrijf een eigen thema."))
    for criterion_id, (title, max_chars) in facts.rules.criteria.items():
        # Browsers submit a textarea's line breaks as CRLF but count (and show) one character.
        text = facts.answers.get(criterion_id, "").replace("\r\n", "\n").strip()
        if not text:
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
    ("letters", _letters),
    ("meetings", _meetings),
    ("commitments", _commitments),
    ("motivation", _motivation),
)
