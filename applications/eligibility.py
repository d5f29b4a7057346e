"""Admissibility of a dossier: pure rules over plain facts, every number and date from its call.

`evaluate(facts)` answers with one `Check` per criterion, in the call's order, each with a stable
code and Dutch messages that name exactly what is wrong (problems block submission; warnings only
ask the applicant to look again), schools by their name. Each message is a `Problem` that also
says where it is fixed (`Target`: section, field, school, row); the views turn that into a link
(`applications.templatetags.dossier_links`). `applications.selectors.eligibility_facts(dossier)`
builds the facts from the database; nothing here queries or writes.

The forms and services of the dossier, and the trajectories' plan check, apply the same rules
through the helpers defined here (`institution_number_normalise`, `duplicate_delegates`,
`schools_hosting_none`) and in the core (`plgportal.text.is_blank`, `plgportal.dates`), so a
rule never has two versions.
"""

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from applications.enums import Section
from plgportal.dates import in_school_year, same_day_groups
from plgportal.text import and_list, comparable_email, comparable_name, is_blank, strip_invisible


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
    id: int | None = None  # the stored school's id: where its problems are fixed


@dataclass(frozen=True)
class DossierFacts:
    rules: CallRules
    schools: tuple[SchoolFacts, ...] = ()
    meeting_dates: tuple[date | None, ...] = ()
    confirmed_commitments: frozenset[int] = frozenset()
    working_title: str = ""
    has_theme: bool = False
    answers: dict[int, str] = field(default_factory=dict)  # criterion id -> text
    submitted: bool = False  # no longer a draft: see AFTER_SUBMISSION


@dataclass(frozen=True)
class Target:
    """Where the applicant fixes a problem: a section of the dossier (a `Section` value) and a
    field of its form. `school` is a school's id (delegates, letters); `row` a 0-based place: a
    school on the schools page, a delegate within `school`, a meeting; `item` the id of the
    call's commitment or criterion the field is about. No field: the section as a whole."""

    section: str
    field: str = ""
    school: int | None = None
    row: int | None = None
    item: int | None = None


class Problem(str):
    """A checklist message that also knows where it is fixed (`target`; None: nowhere in
    particular). A str, so whatever only shows or joins messages (the PDF, the spreadsheets, a
    refused submission) takes it as it is."""

    target: Target | None

    def __new__(cls, message: str, target: Target | None = None):
        problem = super().__new__(cls, message)
        problem.target = target
        return problem


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    problems: tuple[str, ...] = ()  # Problem messages
    warnings: tuple[str, ...] = ()  # shown in the checklist, never block submission

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def target(self) -> Target | None:
        """Where to start fixing this check: where its first problem is fixed."""
        return next(filter(None, map(_target, self.problems)), None)


def _target(message: str) -> Target | None:
    return getattr(message, "target", None)


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
            if facts.submitted or code not in AFTER_SUBMISSION
        )
    )


def _school_name(position: int, school: SchoolFacts) -> str:
    """How a message names a school: by its name; by its place only while it has none."""
    if is_blank(school.name):
        return _("School %(n)d") % {"n": position}
    return strip_invisible(school.name)


def _school_field(index: int, school: SchoolFacts, field: str) -> Target:
    """A field of the school at (0-based) `index` on the schools page."""
    return Target(Section.SCHOOLS, field, school=school.id, row=index)


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


# Hosting ------------------------------------------------------------------------------------------


def schools_hosting_none(school_ids: Iterable[int], host_ids: Iterable[int | None]) -> list[int]:
    """The schools (of `school_ids`, in that order) that host no meeting while another school
    hosts two or more: one of those meetings could go to them, and the call has the
    participating schools take turns as host. Empty when hosting is spread. `host_ids` holds
    each meeting's host school id, None for a meeting without a host yet. The dossier's
    planning page and a trajectory's plan check both warn by this rule."""
    hosted = Counter(host for host in host_ids if host is not None)
    if not any(times >= 2 for times in hosted.values()):
        return []
    return [school_id for school_id in school_ids if not hosted[school_id]]


# The checks, in the order of RULES -------------------------------------------------------------


def _online(facts):
    # Only dossiers filled in through this portal exist: the criterion holds by construction.
    return []


def _school_count(facts):
    count, rules = len(facts.schools), facts.rules
    if rules.min_schools <= count <= rules.max_schools:
        return []
    # Too few: the first empty row; too many: the first school beyond the maximum, to remove.
    if count < rules.min_schools:
        target = Target(Section.SCHOOLS, "name", row=count)
    else:
        target = Target(Section.SCHOOLS, "DELETE", row=rules.max_schools)
    return [
        Problem(
            _(
                "De PLG telt %(count)d scholen; dat moeten er minstens %(min)d en hoogstens "
                "%(max)d zijn."
            )
            % {"count": count, "min": rules.min_schools, "max": rules.max_schools},
            target,
        )
    ]


def _schools_distinct(facts):
    problems, positions = [], defaultdict(list)
    for index, school in enumerate(facts.schools):
        try:
            number = institution_number_normalise(school.institution_number)
        except ValidationError as error:
            # Stored before numbers were checked this strictly: it cannot be told apart.
            problems.append(
                Problem(
                    _("%(school)s heeft een ongeldig instellingsnummer: %(error)s")
                    % {"school": _school_name(index + 1, school), "error": error.messages[0]},
                    _school_field(index, school, "institution_number"),
                )
            )
            continue
        positions[number].append(index)
    for number, indexes in positions.items():
        if len(indexes) < 2:
            continue
        names = [_school_name(index + 1, facts.schools[index]) for index in indexes]
        if len({comparable_name(name) for name in names}) == 1:
            message = _(
                "%(school)s staat %(count)d keer bij de scholen (instellingsnummer %(number)s)."
            ) % {"school": names[0], "count": len(names), "number": number}
        else:
            message = _("%(schools)s hebben hetzelfde instellingsnummer (%(number)s).") % {
                "schools": and_list(names),
                "number": number,
            }
        # The school entered later is the one to correct (or remove).
        second = indexes[1]
        problems.append(
            Problem(message, _school_field(second, facts.schools[second], "institution_number"))
        )
    return problems


def _schools_eligible(facts):
    problems = []
    for index, school in enumerate(facts.schools):
        name = _school_name(index + 1, school)
        if is_blank(school.name):
            problems.append(
                Problem(
                    _("School %(n)d heeft geen naam.") % {"n": index + 1},
                    _school_field(index, school, "name"),
                )
            )
        if not school.recognised:
            problems.append(
                Problem(
                    _(
                        "%(school)s is niet aangeduid als erkend en gesubsidieerd door de "
                        "Vlaamse overheid."
                    )
                    % {"school": name},
                    _school_field(index, school, "recognised"),
                )
            )
        if not school.levels & facts.rules.eligible_levels:
            problems.append(
                Problem(
                    _("%(school)s heeft geen onderwijsniveau dat in aanmerking komt.")
                    % {"school": name},
                    _school_field(index, school, "levels"),
                )
            )
    return problems


FILL_SCHOOLS_FIRST = Target(Section.SCHOOLS, "name", row=0)


def _delegates(facts):
    if not facts.schools:
        return [Problem(_("Vul eerst de scholen in."), FILL_SCHOOLS_FIRST)]
    count = len(facts.schools)
    # Without a quota the school count itself is wrong; that check says so.
    expected = facts.rules.delegates_per_school.get(count)
    problems = []
    for index, school in enumerate(facts.schools, start=1):
        name = _school_name(index, school)
        if expected is not None and school.delegate_count != expected:
            # Too few: the first empty row; too many: the first delegate beyond the quota.
            if school.delegate_count < expected:
                target = Target(
                    Section.DELEGATES, "full_name", school=school.id, row=school.delegate_count
                )
            else:
                target = Target(Section.DELEGATES, "DELETE", school=school.id, row=expected)
            problems.append(
                Problem(
                    ngettext(
                        "%(school)s vaardigt %(actual)d deelnemer af; bij %(schools)d scholen "
                        "zijn dat er %(expected)d.",
                        "%(school)s vaardigt %(actual)d deelnemers af; bij %(schools)d scholen "
                        "zijn dat er %(expected)d.",
                        school.delegate_count,
                    )
                    % {
                        "school": name,
                        "actual": school.delegate_count,
                        "schools": count,
                        "expected": expected,
                    },
                    target,
                )
            )
        problems += [
            Problem(
                _("%(school)s: afgevaardigde %(m)d heeft geen naam.")
                % {"school": name, "m": row + 1},
                Target(Section.DELEGATES, "full_name", school=school.id, row=row),
            )
            for row, delegate in enumerate(school.delegates)
            if is_blank(delegate.name)
        ]
    return problems


class _DelegateRow(NamedTuple):
    school_index: int  # the school's place in the dossier, from 1
    school: SchoolFacts
    row: int  # the delegate's place within the school, from 0
    delegate: DelegateFacts

    def target(self, field: str) -> Target:
        return Target(Section.DELEGATES, field, school=self.school.id, row=self.row)


def _delegate_rows(facts) -> list[_DelegateRow]:
    """Every delegate of the dossier, in the schools' order."""
    return [
        _DelegateRow(index, school, row, delegate)
        for index, school in enumerate(facts.schools, start=1)
        for row, delegate in enumerate(school.delegates)
    ]


def _school_names(rows: list[_DelegateRow]) -> str:
    """The schools of these delegates, each once, in the dossier's order: "A, B en C"."""
    schools = {row.school_index: row.school for row in rows}
    return and_list(_school_name(index, schools[index]) for index in sorted(schools))


def _delegates_distinct(facts):
    rows = _delegate_rows(facts)
    repeats = duplicate_delegates([row.delegate.email for row in rows])
    repeats_of = defaultdict(list)  # index of the first occurrence -> indexes of its repeats
    for repeat, first in sorted(repeats.items()):
        repeats_of[first].append(repeat)
    return [
        Problem(
            _(
                "%(email)s staat %(times)d keer bij de afgevaardigden van %(schools)s; één "
                "persoon kan maar één keer afgevaardigd worden."
            )
            % {
                "email": strip_invisible(rows[first].delegate.email),
                "times": len(later) + 1,
                "schools": _school_names([rows[first], *(rows[index] for index in later)]),
            },
            rows[later[0]].target("email"),
        )
        for first, later in repeats_of.items()
    ]


def _delegates_same_name(facts):
    """Warnings: one name with different addresses may be one person entered twice."""
    by_name = defaultdict(list)
    for row in _delegate_rows(facts):
        if not is_blank(row.delegate.name):
            by_name[comparable_name(row.delegate.name)].append(row)
    return [
        Problem(
            _(
                "De naam “%(name)s” staat meer dan eens bij de afgevaardigden van %(schools)s, "
                "met een ander e-mailadres. Gaat het om dezelfde persoon, vaardig die dan maar "
                "één keer af."
            )
            % {"name": strip_invisible(rows[0].delegate.name), "schools": _school_names(rows)},
            rows[1].target("full_name"),
        )
        for rows in by_name.values()
        if len({comparable_email(row.delegate.email) for row in rows}) > 1
    ]


def _letters(facts):
    if not facts.schools:
        return [Problem(_("Vul eerst de scholen in."), FILL_SCHOOLS_FIRST)]
    problems = []
    for index, school in enumerate(facts.schools, start=1):
        target = Target(Section.LETTERS, "file", school=school.id)
        if not school.has_letter:
            problems.append(
                Problem(
                    _("%(school)s heeft nog geen letter of intent.")
                    % {"school": _school_name(index, school)},
                    target,
                )
            )
        elif not school.letter_is_pdf:
            problems.append(
                Problem(
                    _("De letter of intent van %(school)s is geen geldig PDF-bestand.")
                    % {"school": _school_name(index, school)},
                    target,
                )
            )
    return problems


def meeting_count_problem(meeting_dates: Sequence[date | None], expected: int) -> str | None:
    """The call asks for `expected` meetings: the message when the number with a date differs
    (a meeting without a date is not planned yet), or else when there are more meetings than
    that, some without a date; None when the plan has the call's number. `meeting_dates` holds
    each meeting's date or None. The dossier's checklist and a trajectory's plan check both
    count this way."""
    dated = sum(1 for day in meeting_dates if day is not None)
    if dated != expected:
        return _(
            "Er zijn %(count)d bijeenkomsten met een datum gepland; de oproep vraagt er "
            "%(expected)d."
        ) % {"count": dated, "expected": expected}
    if len(meeting_dates) > expected:
        return _("Er zijn %(count)d bijeenkomsten gepland; de oproep vraagt er %(expected)d.") % {
            "count": len(meeting_dates),
            "expected": expected,
        }
    return None


def outside_school_year_problem(
    position: int, day: date, *, year: str, start: date, end: date
) -> str | None:
    """The message when meeting `position` falls on `day` outside school year `year` (`start`
    to `end`, both included), else None. Shared with a trajectory's plan check."""
    if in_school_year(day, start, end):
        return None
    return _(
        "Bijeenkomst %(n)d valt op %(date)s, buiten schooljaar %(year)s (%(start)s tot %(end)s)."
    ) % {
        "n": position,
        "date": date_format(day, "j F Y"),
        "year": year,
        "start": date_format(start, "j F Y"),
        "end": date_format(end, "j F Y"),
    }


def _meetings(facts):
    rules, problems = facts.rules, []
    count_problem = meeting_count_problem(facts.meeting_dates, rules.meeting_count)
    if count_problem:
        # The first meeting the planning page shows without a date, else the page itself.
        undated = [
            row
            for row in range(rules.meeting_count)
            if row >= len(facts.meeting_dates) or facts.meeting_dates[row] is None
        ]
        problems.append(
            Problem(
                count_problem,
                _meeting_date(undated[0]) if undated else Target(Section.PLANNING),
            )
        )
    for index, day in enumerate(facts.meeting_dates, start=1):
        if day is None:
            continue
        problem = outside_school_year_problem(
            index,
            day,
            year=rules.school_year_label,
            start=rules.school_year_start,
            end=rules.school_year_end,
        )
        if problem:
            problems.append(Problem(problem, _meeting_date(index - 1)))
    return problems


def _meeting_date(row: int) -> Target:
    return Target(Section.PLANNING, "date", row=row)


def _meeting_days(facts):
    # The later meeting of the day is the one to move.
    return [
        Problem(
            _(
                "Bijeenkomsten %(positions)s vallen op dezelfde dag (%(date)s); plan elke "
                "bijeenkomst op een andere dag."
            )
            % {"positions": and_list(positions), "date": date_format(day, "j F Y")},
            _meeting_date(positions[1] - 1),
        )
        for day, positions in same_day_groups(enumerate(facts.meeting_dates, start=1))
    ]


def _commitments(facts):
    return [
        Problem(
            _("Engagement “%(title)s” is nog niet bevestigd.") % {"title": title},
            Target(Section.COMMITMENTS, "commitment", item=commitment_id),
        )
        for commitment_id, title in facts.rules.commitments.items()
        if commitment_id not in facts.confirmed_commitments
    ]


def _motivation(facts):
    problems = []
    if is_blank(facts.working_title):
        problems.append(
            Problem(_("De werktitel van de PLG ontbreekt."), Target(Section.PLG, "working_title"))
        )
    if not facts.has_theme:
        problems.append(
            Problem(
                _("Kies een thema uit de oproep of beschrijf een eigen thema."),
                Target(Section.MOTIVATION, "theme"),
            )
        )
    for criterion_id, (title, max_chars) in facts.rules.criteria.items():
        # Browsers submit a textarea's line breaks as CRLF but count (and show) one character;
        # invisible characters around the text count for nothing, as blanks do.
        text = strip_invisible(facts.answers.get(criterion_id, "").replace("\r\n", "\n"))
        target = Target(Section.MOTIVATION, "answer", item=criterion_id)
        if is_blank(text):
            problems.append(
                Problem(_("De tekst bij “%(title)s” ontbreekt.") % {"title": title}, target)
            )
        elif len(text) > max_chars:
            problems.append(
                Problem(
                    _("De tekst bij “%(title)s” telt %(length)d tekens; het maximum is %(max)d.")
                    % {"title": title, "length": len(text), "max": max_chars},
                    target,
                )
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

# Criteria shown only once the dossier is submitted: a draft is not "submitted online" yet, and
# nothing about it can fail before (only dossiers filled in through this portal exist).
AFTER_SUBMISSION = frozenset({"online"})
