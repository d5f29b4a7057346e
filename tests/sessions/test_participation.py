"""A school's part in the meetings, and which meeting comes next: pure rules on unsaved objects."""

from datetime import date, time

import pytest

from applications.models import Collaborator, School
from sessions.enums import MeetingKind, MeetingRole
from sessions.models import Meeting, Participant, Preparation, RoleTaken
from sessions.participation import (
    meetings_ahead,
    next_joint_event,
    next_meeting,
    school_part,
    schools_of_person,
)

TODAY = date(2026, 3, 10)


def _meeting(pk, day=None, *, start=None, held=False, kind=MeetingKind.PLG, host=None):
    return Meeting(
        pk=pk, kind=kind, position=pk, date=day, start_time=start, held=held, host_school_id=host
    )


@pytest.mark.parametrize(
    ("meetings", "expected"),
    [
        ([], None),
        ([_meeting(1, date(2026, 3, 9))], None),  # yesterday
        ([_meeting(1, TODAY, held=True), _meeting(2, date(2026, 4, 1))], 2),  # held today
        ([_meeting(1, TODAY)], 1),  # today, not held yet
        ([_meeting(1), _meeting(2, date(2026, 5, 1)), _meeting(3, date(2026, 4, 1))], 3),
        ([_meeting(1, TODAY, start=time(19)), _meeting(2, TODAY, start=time(9))], 2),
        ([_meeting(1, TODAY, kind=MeetingKind.KICKOFF)], None),  # joint events apart
    ],
)
def test_next_meeting_is_the_first_dated_plg_meeting_ahead(meetings, expected):
    found = next_meeting(meetings, TODAY)
    assert (found.pk if found else None) == expected


def test_meetings_ahead_keeps_undated_ones_last():
    meetings = [_meeting(1), _meeting(2, date(2026, 2, 1)), _meeting(3, date(2026, 4, 1))]
    assert [m.pk for m in meetings_ahead(meetings, TODAY)] == [3, 1]


def test_next_joint_event_ignores_plg_meetings_and_past_events():
    events = [
        _meeting(1, date(2026, 3, 1), kind=MeetingKind.KICKOFF),
        _meeting(2, date(2026, 3, 20)),
        _meeting(3, date(2026, 5, 1), kind=MeetingKind.CLOSING),
    ]
    assert next_joint_event(events, TODAY).pk == 3
    assert next_joint_event(events[:2], TODAY) is None


@pytest.mark.parametrize(
    ("roles", "preparations", "host", "expected"),
    [
        ([], [], None, ((), False, False)),
        ([(1, 7, "reporter")], [(1, 7)], 7, ((MeetingRole.REPORTER,), True, True)),
        ([(1, 8, "reporter"), (2, 7, "host")], [(2, 7), (1, 8)], 8, ((), False, False)),
        (
            [(1, 7, "host"), (1, 7, "other")],
            [],
            None,
            ((MeetingRole.HOST, MeetingRole.OTHER), False, False),
        ),
    ],
)
def test_school_part_reads_the_schools_own_rows_of_this_meeting(
    roles, preparations, host, expected
):
    school = School(pk=7, name="De Linde")
    part = school_part(
        meeting=_meeting(1, TODAY, host=host),
        school=school,
        roles=[RoleTaken(meeting_id=m, school_id=s, role=r) for m, s, r in roles],
        preparations=[Preparation(meeting_id=m, school_id=s) for m, s in preparations],
    )
    assert (part.school, (part.roles, part.hosts, part.prepared)) == (school, expected)
    assert part.role_labels == [str(role.label) for role in expected[0]]


SCHOOLS = [School(pk=1, name="A"), School(pk=2, name="B"), School(pk=3, name="C")]


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        # The contact person stands for the lead school, or for all when none is named.
        ({"is_contact": True, "lead_school_id": 2}, [2]),
        ({"is_contact": True}, [1, 2, 3]),
        # A partner director for the school of their invitation; a lead school is not theirs.
        ({"own_collaborators": [Collaborator(school_id=3)], "lead_school_id": 2}, [3]),
        ({"own_collaborators": [Collaborator(school_id=None)]}, [1, 2, 3]),
        # A delegate for the school they represent, their address compared case-insensitively.
        ({"participants": [Participant(school_id=2, email="An@School.be")]}, [2]),
        ({"participants": [Participant(school_id=2, email="other@school.be")]}, [1, 2, 3]),
        # Someone with two hats: both schools.
        (
            {
                "is_contact": True,
                "lead_school_id": 1,
                "participants": [Participant(school_id=3, email="an@school.be")],
            },
            [1, 3],
        ),
    ],
)
def test_schools_of_person(person, expected):
    arguments = {
        "is_contact": False,
        "lead_school_id": None,
        "own_collaborators": [],
        "participants": [],
        **person,
    }
    schools = schools_of_person(schools=SCHOOLS, email="an@school.be", **arguments)
    assert [s.pk for s in schools] == expected
