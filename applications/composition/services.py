"""Writes of the dossier's composition sections: schools, delegates and planning.

Each save takes the section's optimistic lock (`section_lock`) and raises its version
(`section_bump`), like the other section saves in `applications.services`. The pure rules these
sections share with their forms (school-year dates, meeting end time) live here too, so the form
and the service apply the same rule; the institution number, the "one person, one delegate"
rule and the hosting spread are those of the checklist (`applications.eligibility`).

A problem with one row of a formset is raised as a ValidationError whose params carry `row` (its
index in the list the service was given) and `field`, so the page shows it next to that field.
Schools are named by their name in these messages. The planning is saved meeting by meeting: a
wrong meeting is refused with its error, the others are stored (`PlanningSaved`).
"""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.checklist import refresh_checklist
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
    for row, data in enumerate(schools):
        # By its name; by its place only while it has none.
        name = strip_invisible(data.name) or _("School %(n)d") % {"n": row + 1}
        if is_blank(data.name):
            problems.append(
                row_error(
                    _("School %(n)d: vul de naam van de school in."),
                    row=row,
                    field="name",
                    n=row + 1,
                )
            )
        try:
            number = institution_number_normalise(data.institution_number)
        except ValidationError as error:
            problems.append(
                row_error(
                    _("%(school)s: %(error)s"),
                    row=row,
                    field="institution_number",
                    school=name,
                    error=error.messages[0],
                )
            )
            continue
        if number in seen:
            problems.append(
                row_error(
                    _("%(school)s heeft hetzelfde instellingsnummer als %(first)s."),
                    row=row,
                    field="institution_number",
                    school=name,
                    first=seen[number],
                )
            )
        seen.setdefault(number, name)
        if set(data.levels) - set(call.eligible_levels):
            problems.append(
                row_error(
                    _("%(school)s: kies enkel onderwijsniveaus van deze oproep."),
                    row=row,
                    field="levels",
                    school=name,
                )
            )
        if data.network and data.network not in EducationNetwork.values:
            problems.append(
                row_error(
                    _("%(school)s: onbekend onderwijsnet."), row=row, field="network", school=name
                )
            )
        if data.postcode and not postcode_is_valid(data.postcode):
            problems.append(
                row_error(
                    _("%(school)s: geef een Belgische postcode van 4 cijfers."),
                    row=row,
                    field="postcode",
                    school=name,
                )
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
    sections opened before is refused instead of saving against another set of schools. The
    stored checklist outcome is refreshed. Returns the new version of the schools section.
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
    refresh_checklist(locked)
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
    checklist does: case, blanks and Unicode forms do not count), is refused. The stored
    checklist outcome is refreshed. Returns the new version.
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
    refresh_checklist(locked)
    return section_bump(locked, Section.DELEGATES)


# Planning ----------------------------------------------------------------------------------------


def same_day_refusals(stored: dict[int, date | None], proposed: dict[int, date | None]) -> dict:
    """Which proposed meeting dates to refuse so that no two meetings of the plan fall on one
    day: {position refused: position of the meeting whose day it would share}.

    The plan holds the proposed dates accepted so far and the stored dates of the others. A
    proposal that moves a meeting onto the day of a meeting that keeps its date is refused; of
    proposals that meet on a new day, the earliest meeting keeps it. A refused meeting keeps
    its stored date, which may meet another proposal in turn, hence the rounds (each refuses
    one more, so they end). Meetings that shared a day before and are not moved are left as
    they are: the checklist names them, and they do not stop other meetings being saved.
    """
    refused: dict[int, int] = {}
    while True:
        accepted = {p: day for p, day in proposed.items() if p not in refused}
        moved = {p for p, day in accepted.items() if day != stored.get(p)}
        found = {}
        for _day, positions in same_day_groups(sorted((stored | accepted).items())):
            kept = [p for p in positions if p not in moved] or positions[:1]
            found |= {p: kept[0] for p in positions if p in moved and p != kept[0]}
        if not found:
            return refused
        refused |= found


@dataclass(frozen=True)
class MeetingData:
    position: int  # 1 .. call.meeting_count
    date: date | None
    start_time: time | None
    host_school_id: int | None


@dataclass(frozen=True)
class PlanningSaved:
    """What `dossier_save_planning` did: the section's new version, the meetings it stored (by
    position) and an error for each meeting it refused (params `row`, `field`, as `row_error`)."""

    version: int
    saved: tuple[int, ...]
    refused: tuple[ValidationError, ...] = ()


@transaction.atomic
def dossier_save_planning(
    *, dossier: Dossier, version: int, meetings: list[MeetingData]
) -> PlanningSaved:
    """Save section 6: date, start time and host school of each of the call's meetings.

    Meeting by meeting: empty fields are allowed (a draft); a meeting whose date falls outside
    the call's school year or on the day of another meeting (`same_day_refusals`), or whose host
    is not a school of the dossier, is refused and keeps what was stored, while the other
    meetings are saved. A position the call does not have refuses the whole save. Side effects:
    the planned-meeting rows (created for positions that have none yet), the section version
    and the stored checklist outcome.
    """
    locked = section_lock(dossier, Section.PLANNING, version)
    call = locked.call
    unknown = [data.position for data in meetings if not 1 <= data.position <= call.meeting_count]
    if unknown:
        raise ValidationError(_("Onbekende bijeenkomst %(n)d.") % {"n": unknown[0]})
    school_ids = set(locked.schools.values_list("pk", flat=True))
    refused = {}
    for row, data in enumerate(meetings):
        if data.date is not None and not date_in_school_year(call, data.date):
            refused[row] = row_error(
                _("Bijeenkomst %(n)d valt buiten schooljaar %(year)s."),
                row=row,
                field="date",
                n=data.position,
                year=call.school_year_label,
            )
        elif data.host_school_id is not None and data.host_school_id not in school_ids:
            refused[row] = row_error(
                _("Bijeenkomst %(n)d: kies een school van dit dossier."),
                row=row,
                field="host_school",
                n=data.position,
            )
    rows = {meeting.position: meeting for meeting in locked.meetings.all()}
    row_of = {data.position: row for row, data in enumerate(meetings)}
    same_day = same_day_refusals(
        {position: meeting.date for position, meeting in rows.items()},
        {data.position: data.date for row, data in enumerate(meetings) if row not in refused},
    )
    for position, first in same_day.items():
        refused[row_of[position]] = row_error(
            _("Bijeenkomst %(n)d valt op dezelfde dag als bijeenkomst %(first)d."),
            row=row_of[position],
            field="date",
            n=position,
            first=first,
        )
    missing = [
        PlannedMeeting(dossier=locked, position=position)
        for position in range(1, call.meeting_count + 1)
        if position not in rows
    ]
    for meeting in PlannedMeeting.objects.bulk_create(missing):
        rows[meeting.position] = meeting
    saved = [data for row, data in enumerate(meetings) if row not in refused]
    for data in saved:
        meeting = rows[data.position]
        meeting.date = data.date
        meeting.start_time = data.start_time
        meeting.host_school_id = data.host_school_id
    PlannedMeeting.objects.bulk_update(
        [rows[data.position] for data in saved], ["date", "start_time", "host_school"]
    )
    refresh_checklist(locked)
    return PlanningSaved(
        version=section_bump(locked, Section.PLANNING),
        saved=tuple(sorted(data.position for data in saved)),
        refused=tuple(refused[row] for row in sorted(refused)),
    )
