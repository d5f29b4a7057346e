"""Does a PLG's meeting plan follow its call? Pure rules over plain facts, shown as warnings.

`check_plan(facts)` answers with one `PlanWarning` per problem, grouped by rule in a fixed order,
each with a stable code and a Dutch message that names exactly what is wrong. The rules a
dossier's checklist has too (meeting count, school year, hosting spread) come from
`applications.eligibility`, so the plan and the dossier are judged alike. Every number and
date (school year, meeting count, meeting duration) comes from the call through `PlanRules`;
nothing here queries or writes.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.eligibility import (
    meeting_count_problem,
    outside_school_year_problem,
    schools_hosting_none,
)
from plgportal.dates import same_day_groups


@dataclass(frozen=True)
class PlanRules:
    school_year_label: str
    school_year_start: dt.date
    school_year_end: dt.date
    meeting_count: int
    meeting_duration: dt.timedelta


@dataclass(frozen=True)
class MeetingFacts:
    position: int
    date: dt.date | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    host_school_id: int | None = None


@dataclass(frozen=True)
class PlanFacts:
    rules: PlanRules
    meetings: tuple[MeetingFacts, ...]
    school_ids: tuple[int, ...]
    school_names: dict[int, str]


@dataclass(frozen=True)
class PlanWarning:
    code: str
    message: str
    meeting_position: int | None = None


@dataclass(frozen=True)
class ComplianceReport:
    warnings: tuple[PlanWarning, ...]

    @property
    def is_compliant(self) -> bool:
        return not self.warnings

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(warning.code for warning in self.warnings)


def check_plan(facts: PlanFacts) -> ComplianceReport:
    return ComplianceReport(warnings=tuple(w for rule in RULES for w in rule(facts)))


def format_duration(length: dt.timedelta) -> str:
    minutes = int(length.total_seconds()) // 60
    return _("%(hours)d u %(minutes)d min") % {"hours": minutes // 60, "minutes": minutes % 60}


def _day(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _meeting_count(facts):
    # The dossier checklist's rule and message: meetings with a date (and, those being right,
    # all meetings) against the call's number.
    message = meeting_count_problem([m.date for m in facts.meetings], facts.rules.meeting_count)
    return [PlanWarning("meeting_count", message)] if message else []


def _no_date(facts):
    return [
        PlanWarning(
            "no_date",
            _("Bijeenkomst %(n)d heeft nog geen datum.") % {"n": meeting.position},
            meeting.position,
        )
        for meeting in facts.meetings
        if meeting.date is None
    ]


def _outside_school_year(facts):
    rules = facts.rules
    warnings = []
    for meeting in facts.meetings:
        if meeting.date is None:
            continue
        message = outside_school_year_problem(
            meeting.position,
            meeting.date,
            year=rules.school_year_label,
            start=rules.school_year_start,
            end=rules.school_year_end,
        )
        if message:
            warnings.append(PlanWarning("outside_school_year", message, meeting.position))
    return warnings


def _duration(facts):
    expected, warnings = facts.rules.meeting_duration, []
    for meeting in facts.meetings:
        if meeting.start is None or meeting.end is None:
            continue
        # Times carry no date; a meeting never spans midnight, so any day will do.
        length = dt.datetime.combine(dt.date.min, meeting.end) - dt.datetime.combine(
            dt.date.min, meeting.start
        )
        if length <= dt.timedelta(0):
            message = _("Bijeenkomst %(n)d eindigt om %(end)s, niet na het begin om %(start)s.") % {
                "n": meeting.position,
                "start": meeting.start.strftime("%H:%M"),
                "end": meeting.end.strftime("%H:%M"),
            }
        elif length != expected:
            message = _("Bijeenkomst %(n)d duurt %(actual)s; dat moet %(expected)s zijn.") % {
                "n": meeting.position,
                "actual": format_duration(length),
                "expected": format_duration(expected),
            }
        else:
            continue
        warnings.append(PlanWarning("duration", message, meeting.position))
    return warnings


def _same_day(facts):
    groups = same_day_groups((meeting.position, meeting.date) for meeting in facts.meetings)
    return [
        PlanWarning(
            "same_day",
            _("Bijeenkomsten %(positions)s vallen op dezelfde dag (%(date)s).")
            % {
                "positions": _("%(list)s en %(last)d")
                % {"list": ", ".join(map(str, positions[:-1])), "last": positions[-1]},
                "date": _day(day),
            },
        )
        for day, positions in groups
    ]


def _host_never(facts):
    hosts = [meeting.host_school_id for meeting in facts.meetings]
    return [
        PlanWarning(
            "host_never",
            _(
                "%(school)s ontvangt geen enkele bijeenkomst, terwijl er genoeg bijeenkomsten "
                "zijn om het hosten over alle scholen te spreiden."
            )
            % {"school": facts.school_names.get(school_id, _("School %d") % school_id)},
        )
        for school_id in schools_hosting_none(facts.school_ids, hosts)
    ]


RULES = (
    _meeting_count,
    _no_date,
    _outside_school_year,
    _duration,
    _same_day,
    _host_never,
)
