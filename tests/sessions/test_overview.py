"""Overview figures and traffic lights (hand-checked), the overview pages and exports."""

import re
from datetime import date, time
from io import BytesIO
from types import SimpleNamespace as O

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from sessions.enums import AttendanceStatus, MeetingRole, ReportStatus
from sessions.models import Attendance, EvaluationReport, Preparation, Product, RoleTaken
from sessions.overview.figures import (
    GREEN,
    ORANGE,
    RED,
    Counts,
    rate_colour,
    roles_taken_per_school,
    trajectory_figures,
)
from tests.pdfs import read_pdf
from tests.sessions.factories import trajectory_for

TODAY = date(2026, 1, 15)
P, A, E = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED


def meeting(pk, day, held, start=time(14), end=time(16, 30)):
    return O(pk=pk, date=day, start_time=start, end_time=end, held=held)


def five_meetings_three_held():
    """Schools 1 and 2; participants 11, 12 (school 1) and 21 (school 2); five meetings, the
    first three held (2.5 h each), the fourth dated before TODAY but not held."""
    meetings = [
        meeting(1, date(2025, 10, 1), True),
        meeting(2, date(2025, 11, 1), True),
        meeting(3, date(2025, 12, 1), True),
        meeting(4, date(2026, 1, 10), False),
        meeting(5, date(2026, 3, 1), False),
    ]
    participants = [O(pk=11, school_id=1), O(pk=12, school_id=1), O(pk=21, school_id=2)]
    attendances = [
        O(meeting_id=1, participant_id=11, status=P),
        O(meeting_id=1, participant_id=12, status=P),
        O(meeting_id=1, participant_id=21, status=A),
        O(meeting_id=2, participant_id=11, status=P),
        O(meeting_id=2, participant_id=12, status=E),
        O(meeting_id=2, participant_id=21, status=P),
        O(meeting_id=3, participant_id=11, status=P),
        O(meeting_id=3, participant_id=12, status=P),
        O(meeting_id=3, participant_id=21, status=P),
        # Not counted: meeting 4 is not held.
        O(meeting_id=4, participant_id=11, status=A),
    ]
    return dict(
        meeting_count=5,
        school_ids=[1, 2],
        participants=participants,
        meetings=meetings,
        attendances=attendances,
        roles=[
            O(meeting_id=1, school_id=1, role="host"),
            O(meeting_id=2, school_id=1, role="reporter"),
        ],
        preparations=[
            O(meeting_id=1, school_id=1),
            O(meeting_id=1, school_id=2),
            O(meeting_id=2, school_id=1),
            O(meeting_id=3, school_id=1),
            O(meeting_id=4, school_id=2),  # not held: not counted
        ],
        products=[O(school_id=1)],
        report_status=ReportStatus.DRAFT,
        today=TODAY,
    )


def test_figures_five_meetings_three_held():
    figures = trajectory_figures(**five_meetings_three_held())
    assert (figures.meetings_planned, figures.meetings_held, figures.overdue) == (5, 3, 1)
    assert figures.hours == 7.5
    # 9 records on held meetings: 7 present, 1 absent, 1 excused.
    assert figures.attendance == Counts(present=7, absent=1, excused=1)
    assert figures.attendance.rate == 7 / 9
    assert figures.attendance_per_school == {1: Counts(5, 0, 1), 2: Counts(2, 1, 0)}
    assert figures.attendance_per_participant == {
        11: Counts(3, 0, 0),
        12: Counts(2, 0, 1),
        21: Counts(2, 1, 0),
    }
    assert figures.attendance_per_meeting[1] == {1: Counts(2, 0, 0), 2: Counts(0, 1, 0)}
    assert figures.roles_per_school == {1: ["reporter", "host"], 2: []}  # MeetingRole order
    assert (figures.preparation_done, figures.preparation_expected) == (4, 6)
    assert figures.preparation_per_meeting == {1: 2, 2: 1, 3: 1}
    assert figures.products_per_school == {1: 1, 2: 0}
    # Half-way: a missing role, product or report is orange (still time).
    assert [(light.code, light.colour) for light in figures.lights] == [
        ("meetings", ORANGE),  # one overdue
        ("attendance", ORANGE),  # 7/9 = 77.8 %
        ("roles", ORANGE),
        ("preparation", ORANGE),  # 4/6 = 66.7 %
        ("products", ORANGE),
        ("report", ORANGE),
    ]


HOST, REPORTER = MeetingRole.HOST, MeetingRole.REPORTER


@pytest.mark.parametrize(
    ("roles", "taken"),
    [
        ([], {1: (), 2: ()}),
        # Counted per school, in MeetingRole order (reporter before host).
        (
            [(1, 1, HOST), (2, 1, REPORTER), (3, 1, REPORTER)],
            {1: (("reporter", 2), ("host", 1)), 2: ()},
        ),
        # Meeting 4 was not held: the role taken there does not count.
        ([(1, 2, HOST), (4, 2, REPORTER)], {1: (), 2: (("host", 1),)}),
        # A school outside the trajectory is ignored.
        ([(1, 9, HOST)], {1: (), 2: ()}),
    ],
)
def test_roles_taken_per_school_counts_held_meetings_only(roles, taken):
    facts = [O(meeting_id=m, school_id=s, role=r) for m, s, r in roles]
    assert (
        roles_taken_per_school(roles=facts, held_meeting_ids={1, 2, 3}, school_ids=[1, 2]) == taken
    )


def test_figures_year_done_turns_missing_commitments_red():
    data = five_meetings_three_held()
    for one in data["meetings"]:
        one.held = True
    figures = trajectory_figures(**data)
    assert figures.meetings_held == 5
    assert figures.overdue == 0
    assert figures.light("meetings") == GREEN
    assert figures.light("roles") == RED
    assert figures.light("products") == RED
    assert figures.light("report") == RED
    # Meeting 4's preparation now counts: 5 of 10.
    assert (figures.preparation_done, figures.preparation_expected) == (5, 10)
    assert figures.light("preparation") == RED


def test_figures_all_commitments_met_are_green():
    data = five_meetings_three_held()
    data["roles"].append(O(meeting_id=3, school_id=2, role="host"))
    data["products"].append(O(school_id=2))
    data["report_status"] = ReportStatus.SUBMITTED
    data["meetings"][3].date = date(2026, 2, 1)  # no longer overdue
    figures = trajectory_figures(**data)
    assert figures.light("meetings") == GREEN
    assert figures.light("roles") == GREEN
    assert figures.light("products") == GREEN
    assert figures.light("report") == GREEN


def test_figures_nothing_held_has_nothing_to_judge():
    data = five_meetings_three_held()
    for one in data["meetings"]:
        one.held = False
        one.date = date(2026, 5, 1)
    figures = trajectory_figures(**data)
    assert figures.hours == 0
    assert figures.attendance.rate is None
    assert figures.preparation_rate is None
    assert figures.light("attendance") is None
    assert figures.light("preparation") is None
    assert figures.light("roles") is None


def test_figures_two_overdue_meetings_are_red():
    data = five_meetings_three_held()
    data["meetings"][4].date = date(2026, 1, 14)
    assert trajectory_figures(**data).light("meetings") == RED


@pytest.mark.parametrize(
    ("rate", "colour"),
    [
        (1.0, GREEN),
        (0.80, GREEN),
        (0.7999, ORANGE),
        (0.60, ORANGE),
        (0.5999, RED),
        (0.0, RED),
        (None, None),
    ],
)
def test_rate_colour_boundaries(rate, colour):
    assert rate_colour(rate, good=0.80, fair=0.60) == colour


def test_attendance_boundary_four_of_five_is_green():
    data = five_meetings_three_held()
    data["meetings"] = [meeting(1, date(2025, 10, 1), True)]
    data["participants"] = [O(pk=n, school_id=1) for n in range(1, 6)]
    statuses = [P, P, P, P, E]
    data["attendances"] = [
        O(meeting_id=1, participant_id=n, status=s) for n, s in enumerate(statuses, start=1)
    ]
    assert trajectory_figures(**data).light("attendance") == GREEN
    data["attendances"][3].status = A  # 3/5 = 60 %
    assert trajectory_figures(**data).light("attendance") == ORANGE


# Pages -------------------------------------------------------------------------------------


def held_trajectory(coach, **kwargs):
    """A trajectory with its first two meetings held: every participant present at the first,
    absent at the second; school 1 host and prepared at both; one product; a draft report."""
    trajectory = trajectory_for(coach=coach, **kwargs)
    meetings = list(trajectory.meetings.order_by("position"))
    participants = list(trajectory.participants.all())
    school = trajectory.dossier.schools.order_by("position").first()
    for index, one in enumerate(meetings[:2]):
        one.held, one.start_time, one.end_time = True, time(14), time(16, 30)
        one.save(update_fields=["held", "start_time", "end_time"])
        status = AttendanceStatus.PRESENT if index == 0 else AttendanceStatus.ABSENT
        Attendance.objects.bulk_create(
            Attendance(meeting=one, participant=p, status=status) for p in participants
        )
        RoleTaken.objects.create(meeting=one, school=school, role=MeetingRole.HOST)
        Preparation.objects.create(meeting=one, school=school, source_title="Artikel")
    Product.objects.create(
        trajectory=trajectory, school=school, title="Onthaalbrochure", stage="idea"
    )
    EvaluationReport.objects.create(trajectory=trajectory)
    return trajectory


@pytest.mark.django_db
def test_overview_staff_sees_all_coach_only_own(client, staff_user, coach, other_juror):
    own = held_trajectory(coach)
    other = trajectory_for(call=own.dossier.call)
    url = reverse("sessions:overview", kwargs={"slug": own.dossier.call.slug})
    client.force_login(staff_user)
    page = client.get(url).content.decode()
    assert str(own.dossier) in page and str(other.dossier) in page
    assert "<svg" in page
    client.force_login(coach)
    page = client.get(url).content.decode()
    assert str(own.dossier) in page and str(other.dossier) not in page


@pytest.mark.django_db
def test_overview_refused_for_participants_and_jurors_with_403(client, applicant, juror, coach):
    """The call is public, so its overview answers 403 (not 404) to the signed-in others."""
    trajectory = held_trajectory(coach, created_by=applicant)
    for user in (applicant, juror):
        client.force_login(user)
        slug = trajectory.dossier.call.slug
        assert client.get(reverse("sessions:overview", kwargs={"slug": slug})).status_code == 403
        assert (
            client.get(reverse("sessions:overview_xlsx", kwargs={"slug": slug})).status_code == 403
        )
    # The trajectory pages hide the trajectory (404), even from its own participant.
    client.force_login(applicant)
    url = reverse("sessions:trajectory_overview", kwargs={"pk": trajectory.pk})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_trajectory_overview_shows_figures_and_charts(client, coach):
    trajectory = held_trajectory(coach)
    client.force_login(coach)
    response = client.get(reverse("sessions:trajectory_overview", kwargs={"pk": trajectory.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    # 3 schools × 3 delegates: 9 present, 9 absent = 50 %; school 1 prepared 2 of 6.
    assert "2 / 5" in page
    assert "50&nbsp;%" in page
    assert "2 / 6" in page
    assert page.count("<svg") == 2


@pytest.mark.django_db
def test_overview_xlsx_parses_back(client, staff_user, coach):
    trajectory = held_trajectory(coach)
    client.force_login(staff_user)
    response = client.get(
        reverse("sessions:overview_xlsx", kwargs={"slug": trajectory.dossier.call.slug})
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:6] == (
        "Dossier",
        "Titel",
        "Coach",
        "Bijeenkomsten gehouden",
        "Bijeenkomsten voorzien",
        "Uren",
    )
    values = dict(zip(header, rows[1], strict=True))
    assert values["Dossier"] == str(trajectory.dossier)
    assert values["Bijeenkomsten gehouden"] == 2
    assert values["Uren"] == 5
    assert (values["Aanwezig"], values["Afwezig"], values["Verontschuldigd"]) == (9, 9, 0)
    assert values["Aanwezigheid (%)"] == 50
    assert values["Scholen zonder rol"] == 2
    assert values["Voorbereiding (%)"] == 33
    assert values["Producten"] == 1
    assert values["Aanwezigheid – signaal"] == "rood"


@pytest.mark.django_db
def test_trajectory_overview_pdf_holds_the_figures(client, staff_user, coach):
    trajectory = held_trajectory(coach)
    client.force_login(staff_user)
    response = client.get(reverse("sessions:trajectory_overview_pdf", kwargs={"pk": trajectory.pk}))
    assert response["Content-Type"] == "application/pdf"
    text = read_pdf(response.content).text
    assert "Overzicht van het traject" in text
    assert str(trajectory.dossier) in text
    assert "Bijeenkomsten gehouden" in text


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 5])
def test_overview_query_count_does_not_grow(
    client, django_assert_num_queries, staff_user, coach, count
):
    first = held_trajectory(coach)
    for _n in range(count - 1):
        held_trajectory(coach, call=first.dossier.call)
    client.force_login(staff_user)
    url = reverse("sessions:overview", kwargs={"slug": first.dossier.call.slug})
    # 11, then the participants' feedback (questions, questionnaires, answers) and the schools'
    # indicators (3).
    with django_assert_num_queries(17):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<svg") == count


@pytest.mark.django_db
@pytest.mark.parametrize("schools", [3, 5])
def test_trajectory_overview_query_count_does_not_grow(
    client, django_assert_num_queries, coach, schools
):
    trajectory = held_trajectory(coach, schools=schools)
    client.force_login(coach)
    # 12, then the participants' feedback (questions, questionnaires, answers) and the schools'
    # indicators (3).
    with django_assert_num_queries(18):
        response = client.get(reverse("sessions:trajectory_overview", kwargs={"pk": trajectory.pk}))
    assert response.status_code == 200


def test_counts_rate_excused_counts_in_the_denominator():
    assert Counts(present=4, absent=0, excused=1).rate == 0.8
    assert Counts().rate is None
    assert Counts(1, 2, 3) + Counts(1, 1, 1) == Counts(2, 3, 4)


@pytest.mark.django_db
def test_overview_rows_show_each_trajectorys_own_figures(client, staff_user, coach):
    """The figures come from attendance, roles and preparations read for all trajectories at
    once: each row still counts only its own trajectory's meetings."""
    held = held_trajectory(coach)
    idle = trajectory_for(call=held.dossier.call)
    client.force_login(staff_user)
    page = client.get(reverse("sessions:overview", kwargs={"slug": held.dossier.call.slug}))
    rows = {
        trajectory: next(
            row for row in page.content.decode().split("<tr>") if escape(trajectory.dossier) in row
        )
        for trajectory in (held, idle)
    }
    # 9 present and 9 absent over two held meetings; school 1 of 3 prepared both; one product.
    assert re.findall(r'<td class="text-end">([^<]*?)\s*<', rows[held]) == [
        "2/5",
        "5,0",
        "50&nbsp;%",
        "2/6",
        "1",
    ]
    assert re.findall(r'<td class="text-end">([^<]*?)\s*<', rows[idle]) == [
        "0/5",
        "0,0",
        "–",
        "0/0",
        "0",
    ]
    assert page.content.decode().count("<svg") == 1
