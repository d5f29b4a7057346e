"""Writes of the dossier's composition sections: schools, delegates and planning.

Each save takes the section's optimistic lock (`section_lock`) and raises its version
(`section_bump`), like the other section saves in `applications.services`. The pure rules these
sections share with their forms (school-year dates, hosting spread) live here too, so the form
and the service apply the same rule; the institution number and the "one person, one delegate"
rule are those of the checklist (`applications.eligibility`).

A problem with one row of a formset is raised as a ValidationError whose params carry `row` (its
index in the list the service was given) and `field`, so the page shows it next to that field.
"""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.eligibility import duplicate_delegates, institution_number_normalise
from applications.enums import DelegateFunction, Section
from applications.models import Delegate, Dossier, PlannedMeeting, School
from applications.services import section_bump, section_lock
from plgportal.calls.enums import EducationNetwork
from plgportal.calls.models import Call
from plgportal.dates import in_school_year, same_day_groups
from plgportal.text import is_blank, strip_invisible

POSTCODE = re.compile(r"[1-9][0-9]{3}")  # ASCII digits: `\d` would take any script's digits


# Pure rules -------------------------------------------------------------------------------------


def postcode_is_valid(value: str) -> bool:
    """A Belgian postcode: four digits, 1000 to 9999."""
    return bool(POSTCODE.fullmatch(value))


def date_in_school_year(call: Call, day: date) -> bool:
    return in_school_year(day, call.school_year_start, call.school_year_end)


def meeting_end_time(call: Call, start: time | None) -> time | None:
    """When a meeting starting at `start` ends, given the call's meeting duration."""
    if start is None:
        return None
    return (datetime.combine(date.min, start) + call.meeting_duration).time()


def hosting_is_uneven(school_ids: list[int], host_ids: list[int | None]) -> bool:
    """True when a school hosts no meeting while another hosts two or more."""
    hosted = Counter(host for host in host_ids if host is not None)
    return any(hosted[pk] == 0 for pk in school_ids) and any(n >= 2 for n in hosted.values())


def delegate_function_counts(delegates) -> list[tuple[str, int]]:
    """(function label, count) for every function, in the enum's order, across the PLG."""
    counts = Counter(delegate.function for delegate in delegates)
    return [(function.label, counts[function]) for function in DelegateFunction]


# Schools -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolData:
    id: int | None  # an existing school of the dossier, or None for a new one
    name: str
    institution_number: str
    levels: tuple[str, ...] = ()
    network: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    recognised: bool = False


def row_error(message: str, *, row: int | None, field: str, **params) -> ValidationError:
    """A problem of row `row` (0-based; None: a row the caller did not send) in field `field`;
    `message` may use `params`."""
    return ValidationError(message, code=field, params={"row": row, "field": field, **params})


def _school_problems(call: Call, schools: list[SchoolData]) -> list:
    problems = []
    if len(schools) > call.max_schools:
        problems.append(_("Een PLG telt hoogstens %(max)d scholen.") % {"max": call.max_schools})
    seen = {}
    for index, data in enumerate(schools, start=1):
        if is_blank(data.name):
            problems.append(
                row_error(
                    _("School %(n)d: vul de naam van de school in."),
                    row=index - 1,
                    field="name",
                    n=index,
                )
            )
        try:
            number = institution_number_normalise(data.institution_number)
        except ValidationError as error:
            problems.append(_("School %(n)d: %(error)s") % {"n": index, "error": error.messages[0]})
            continue
        if number in seen:
            problems.append(
                _("Scholen %(first)d en %(second)d hebben hetzelfde instellingsnummer.")
                % {"first": seen[number], "second": index}
            )
        seen.setdefault(number, index)
        if set(data.levels) - set(call.eligible_levels):
            problems.append(
                _("School %(n)d: kies enkel onderwijsniveaus van deze oproep.") % {"n": index}
            )
        if data.network and data.network not in EducationNetwork.values:
            problems.append(_("School %(n)d: onbekend onderwijsnet.") % {"n": index})
        if data.postcode and not postcode_is_valid(data.postcode):
            problems.append(
                _("School %(n)d: geef een Belgische postcode van 4 cijfers.") % {"n": index}
            )
    return problems


@transaction.atomic
def dossier_save_schools(*, dossier: Dossier, version: int, schools: list[SchoolData]) -> int:
    """Save section 2: the dossier's schools become exactly `schools`, in that order.

    Rows are matched by id, so a school that stays keeps its delegates, letter of intent,
    hosted meetings and collaborators whatever its new position. Side effects: schools created,
    updated (institution numbers normalised to 6 digits) and deleted; deleting a school deletes
    its delegates and letter, and empties the host and lead-school fields that named it. When
    schools are added or deleted, the delegates section (one block per school) gets a new
    version, and on deletion the planning section too (its host choices), so a form of those
    sections opened before is refused instead of saving against another set of schools.
    Returns the new version of the schools section.
    """
    locked = section_lock(dossier, Section.SCHOOLS, version)
    problems = _school_problems(locked.call, schools)
    if problems:
        raise ValidationError(problems)
    existing = {school.pk: school for school in locked.schools.all()}
    numbers = {pk: school.institution_number for pk, school in existing.items()}
    unknown = {data.id for data in schools if data.id is not None} - set(existing)
    if unknown:
        raise ValidationError(
            _("Een van deze scholen werd intussen verwijderd. Laad de pagina opnieuw.")
        )
    kept_ids = {data.id for data in schools if data.id is not None}
    removed = [pk for pk in existing if pk not in kept_ids]
    School.objects.filter(pk__in=removed).delete()

    updated, created = [], []
    for position, data in enumerate(schools, start=1):
        school = existing[data.id] if data.id is not None else School(dossier=locked)
        school.position = position
        school.name = strip_invisible(data.name)
        school.institution_number = institution_number_normalise(data.institution_number)
        school.levels = [level for level in locked.call.eligible_levels if level in data.levels]
        school.network = data.network
        school.street = data.street.strip()
        school.postcode = data.postcode.strip()
        school.city = data.city.strip()
        school.recognised = data.recognised
        # Levels may stay empty in a draft (the checklist says so); the model field may not.
        school.full_clean(
            exclude=["dossier", "levels"], validate_unique=False, validate_constraints=False
        )
        (updated if data.id is not None else created).append(school)
    if any(school.institution_number != numbers[school.pk] for school in updated):
        # Two kept schools may swap numbers: give each a temporary value first (never digits), so
        # the unique constraint (dossier, institution number) never sees a transient duplicate.
        temporary = [
            School(pk=school.pk, institution_number=f"~{index}")
            for index, school in enumerate(updated)
        ]
        School.objects.bulk_update(temporary, ["institution_number"])
    fields = ["position", "name", "institution_number", "levels", "network"]
    fields += ["street", "postcode", "city", "recognised"]
    School.objects.bulk_update(updated, fields)
    School.objects.bulk_create(created)
    if removed or created:
        section_bump(locked, Section.DELEGATES)
    if removed:
        section_bump(locked, Section.PLANNING)
    return section_bump(locked, Section.SCHOOLS)


# Delegates ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DelegateData:
    id: int | None  # an existing delegate of the dossier, or None for a new one
    school_id: int
    full_name: str
    email: str
    function: str


@transaction.atomic
def dossier_save_delegates(*, dossier: Dossier, version: int, delegates: list[DelegateData]) -> int:
    """Save section 3: the dossier's delegates become exactly `delegates`.

    Side effects: delegate rows created, updated (also moved to another school of the dossier)
    and deleted. The count per school is not enforced here: a draft may be incomplete, and the
    eligibility checklist names each school whose count is off. A name made only of blanks, or
    an address that already belongs to another delegate of the dossier (compared as the
    checklist does: case, blanks and Unicode forms do not count), is refused. Returns the new
    version.
    """
    locked = section_lock(dossier, Section.DELEGATES, version)
    problems = [
        row_error(_("Vul de naam van de afgevaardigde in."), row=index, field="full_name")
        for index, data in enumerate(delegates)
        if is_blank(data.full_name)
    ]
    problems += [
        row_error(
            _(
                "%(email)s staat al bij de afgevaardigden van deze PLG: één persoon kan maar "
                "één keer afgevaardigd worden."
            ),
            row=index,
            field="email",
            email=strip_invisible(delegates[index].email),
        )
        for index in duplicate_delegates([data.email for data in delegates])
    ]
    if problems:
        raise ValidationError(problems)
    school_ids = set(locked.schools.values_list("pk", flat=True))
    if {data.school_id for data in delegates} - school_ids:
        raise ValidationError(
            _("Een van deze scholen werd intussen verwijderd. Laad de pagina opnieuw.")
        )
    existing = {d.pk: d for d in Delegate.objects.filter(school__dossier=locked)}
    if {data.id for data in delegates if data.id is not None} - set(existing):
        raise ValidationError(
            _("Een van deze afgevaardigden werd intussen verwijderd. Laad de pagina opnieuw.")
        )
    kept_ids = {data.id for data in delegates if data.id is not None}
    Delegate.objects.filter(pk__in=set(existing) - kept_ids).delete()
    updated, created = [], []
    for data in delegates:
        delegate = existing[data.id] if data.id is not None else Delegate()
        delegate.school_id = data.school_id
        delegate.full_name = strip_invisible(data.full_name)
        delegate.email = strip_invisible(data.email)
        delegate.function = data.function
        delegate.full_clean(exclude=["school"], validate_unique=False, validate_constraints=False)
        (updated if data.id is not None else created).append(delegate)
    Delegate.objects.bulk_update(updated, ["school", "full_name", "email", "function"])
    Delegate.objects.bulk_create(created)
    return section_bump(locked, Section.DELEGATES)


# Planning ----------------------------------------------------------------------------------------


def _same_day_problems(stored: dict, meetings: list) -> list[ValidationError]:
    """Two meetings on one day, in the plan as it would be saved (stored dates where `meetings`
    gives none): one error on each later meeting of that day."""
    dates = {position: meeting.date for position, meeting in stored.items()}
    dates |= {data.position: data.date for data in meetings}
    row_of = {data.position: row for row, data in enumerate(meetings)}
    return [
        row_error(
            _("Bijeenkomst %(n)d valt op dezelfde dag als bijeenkomst %(first)d."),
            row=row_of.get(position),
            field="date",
            n=position,
            first=positions[0],
        )
        for _day, positions in same_day_groups(sorted(dates.items()))
        for position in positions[1:]
    ]


@dataclass(frozen=True)
class MeetingData:
    position: int  # 1 .. call.meeting_count
    date: date | None
    start_time: time | None
    host_school_id: int | None


@transaction.atomic
def dossier_save_planning(*, dossier: Dossier, version: int, meetings: list[MeetingData]) -> int:
    """Save section 6: date, start time and host school of each of the call's meetings.

    Empty fields are allowed (a draft); a date outside the call's school year, two meetings on
    one day or a host that is not a school of the dossier is refused. Side effects: the
    planned-meeting rows, created for positions that have none yet. Returns the new version.
    """
    locked = section_lock(dossier, Section.PLANNING, version)
    call = locked.call
    school_ids = set(locked.schools.values_list("pk", flat=True))
    problems = []
    for data in meetings:
        if not 1 <= data.position <= call.meeting_count:
            problems.append(_("Onbekende bijeenkomst %(n)d.") % {"n": data.position})
        if data.date is not None and not date_in_school_year(call, data.date):
            problems.append(
                _("Bijeenkomst %(n)d valt buiten schooljaar %(year)s.")
                % {"n": data.position, "year": call.school_year_label}
            )
        if data.host_school_id is not None and data.host_school_id not in school_ids:
            problems.append(
                _("Bijeenkomst %(n)d: kies een school van dit dossier.") % {"n": data.position}
            )
    rows = {meeting.position: meeting for meeting in locked.meetings.all()}
    problems += _same_day_problems(rows, meetings)
    if problems:
        raise ValidationError(problems)
    missing = [
        PlannedMeeting(dossier=locked, position=position)
        for position in range(1, call.meeting_count + 1)
        if position not in rows
    ]
    for meeting in PlannedMeeting.objects.bulk_create(missing):
        rows[meeting.position] = meeting
    changed = []
    for data in meetings:
        meeting = rows[data.position]
        meeting.date = data.date
        meeting.start_time = data.start_time
        meeting.host_school_id = data.host_school_id
        changed.append(meeting)
    PlannedMeeting.objects.bulk_update(changed, ["date", "start_time", "host_school"])
    return section_bump(locked, Section.PLANNING)
