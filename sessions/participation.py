"""A school's part in the trajectory's meetings, seen by one of its people: which schools are
theirs, which PLG meeting comes next, and what their school does there (roles, hosting,
preparation).

Pure: already fetched objects in (roles, preparations, collaborators and participants passed as
iterables, so the rules are tested on unsaved objects), plain answers out. The home page and
the participants' mails use the same answers.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sessions.enums import MeetingKind, MeetingRole


@dataclass(frozen=True)
class SchoolPart:
    """What one school does at one PLG meeting."""

    school: object  # applications.models.School
    roles: tuple[MeetingRole, ...]
    hosts: bool
    prepared: bool

    @property
    def role_labels(self) -> list[str]:
        return [str(role.label) for role in self.roles]


def _sort_key(meeting) -> tuple:
    return (meeting.date or dt.date.max, meeting.start_time or dt.time.min, meeting.position)


def meetings_ahead(meetings: Iterable, today: dt.date) -> list:
    """The PLG meetings still to come, in order: not held, and dated today or later or not yet
    dated (those last)."""
    return sorted(
        (
            m
            for m in meetings
            if m.kind == MeetingKind.PLG and not m.held and (m.date is None or m.date >= today)
        ),
        key=_sort_key,
    )


def next_meeting(meetings: Iterable, today: dt.date):
    """The first dated PLG meeting on or after `today` that was not held yet, or None."""
    dated = [m for m in meetings_ahead(meetings, today) if m.date is not None]
    return dated[0] if dated else None


def next_joint_event(events: Iterable, today: dt.date):
    """The first joint event (kick-off, closing) dated `today` or later, or None."""
    ahead = sorted(
        (e for e in events if e.kind != MeetingKind.PLG and e.date and e.date >= today),
        key=_sort_key,
    )
    return ahead[0] if ahead else None


def school_part(*, meeting, school, roles: Iterable, preparations: Iterable) -> SchoolPart:
    """`school`'s part in `meeting`, from the meeting's RoleTaken and Preparation rows."""
    return SchoolPart(
        school=school,
        roles=tuple(
            MeetingRole(r.role)
            for r in roles
            if r.meeting_id == meeting.pk and r.school_id == school.pk
        ),
        hosts=meeting.host_school_id is not None and meeting.host_school_id == school.pk,
        prepared=any(p.meeting_id == meeting.pk and p.school_id == school.pk for p in preparations),
    )


def schools_of_person(
    *,
    schools: Sequence,
    is_contact: bool,
    lead_school_id: int | None,
    own_collaborators: Iterable,
    email: str,
    participants: Iterable,
) -> list:
    """The schools of the PLG that a person stands for: the lead school for the dossier's contact
    person, the school named on their own collaborator rows (partner directors), and the school
    they are a delegate of (matched by address). When none is known (a contact person who named
    no lead school) every school of the PLG: the contact person speaks for all of them.
    """
    email = email.lower()
    wanted = {c.school_id for c in own_collaborators if c.school_id}
    if is_contact and lead_school_id:
        wanted.add(lead_school_id)
    wanted |= {p.school_id for p in participants if email and p.email.lower() == email}
    return [s for s in schools if s.pk in wanted] or list(schools)
