import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from sessions.enums import AttendanceStatus, MeetingRole, ProductStage, ReportStatus
from sessions.models import Attendance, EvaluationReport, Preparation, Product, RoleTaken
from sessions.overview.selectors import overview_row, with_overview_data
from sessions.report.data import (
    AttendanceFact,
    MeetingFact,
    RoleFact,
    SchoolFact,
    SourceFact,
    report_figures,
    report_figures_for,
)
from sessions.report.services import report_save, report_set_status
from sessions.selectors import trajectories_full
from tests.sessions.factories import complete_report_texts, trajectory_for

PRESENT, ABSENT, EXCUSED = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.ABSENT,
    AttendanceStatus.EXCUSED,
)


# --- sessions.report.data: pure ----------------------------------------------------------


def figures(**overrides):
    values = {
        "schools": [SchoolFact(1, "School A"), SchoolFact(2, "School B")],
        "meetings": [MeetingFact(10, 1, True), MeetingFact(11, 2, True), MeetingFact(12, 3, False)],
        "attendances": [],
        "roles": [],
        "sources": [],
        "meetings_required": 5,
    }
    return report_figures(**{**values, **overrides})


def test_meetings_held_counts_only_held_meetings():
    result = figures()
    assert (result.meetings_held, result.meetings_required) == (2, 5)


@pytest.mark.parametrize(
    ("statuses", "rate"),
    [
        ([PRESENT, PRESENT, PRESENT, PRESENT], 1.0),
        ([PRESENT, PRESENT, EXCUSED, ABSENT], 0.5),
        ([EXCUSED, ABSENT], 0.0),
        ([], None),
    ],
)
def test_attendance_rate_counts_excused_and_absent_as_not_present(statuses, rate):
    attendances = [AttendanceFact(10 + i % 2, 1, status) for i, status in enumerate(statuses)]
    row = figures(attendances=attendances).attendance[0]
    assert row.rate == rate
    assert (row.present, row.excused, row.absent) == (
        statuses.count(PRESENT),
        statuses.count(EXCUSED),
        statuses.count(ABSENT),
    )


def test_attendance_ignores_meetings_not_held_and_other_schools():
    attendances = [
        AttendanceFact(10, 1, PRESENT),
        AttendanceFact(12, 1, ABSENT),  # not held
        AttendanceFact(10, 2, ABSENT),
    ]
    school_a, school_b = figures(attendances=attendances).attendance
    assert (school_a.present, school_a.absent, school_a.rate_percent) == (1, 0, 100)
    assert (school_b.present, school_b.absent, school_b.rate_percent) == (0, 1, 0)


def test_roles_counted_per_school_in_role_order():
    roles = [
        RoleFact(10, 1, MeetingRole.REPORTER),
        RoleFact(11, 1, MeetingRole.REPORTER),
        RoleFact(11, 1, MeetingRole.HOST),
    ]
    school_a, school_b = figures(roles=roles).roles
    assert school_a.roles == (("Verslaggever", 2), ("Host", 1))
    assert school_b.roles == ()


def test_roles_at_a_meeting_not_held_are_not_counted():
    roles = [RoleFact(10, 1, MeetingRole.HOST), RoleFact(12, 1, MeetingRole.REPORTER)]
    school_a, _school_b = figures(roles=roles).roles
    assert school_a.roles == (("Host", 1),)


def test_sources_in_meeting_order_each_once_and_titled():
    sources = [
        SourceFact(2, "School B", "Leren in netwerken", "Verbiest", ""),
        SourceFact(1, "School A", "Guskey revisited", "Guskey", "https://example.org"),
        SourceFact(3, "School A", "leren in netwerken ", "Verbiest", ""),
        SourceFact(3, "School A", "", "Zonder titel", ""),
    ]
    assert [s.title for s in figures(sources=sources).sources] == [
        "Guskey revisited",
        "Leren in netwerken",
    ]


# --- services: save and status flow ------------------------------------------------------------


@pytest.fixture
def trajectory(db, applicant, coach):
    return trajectory_for(coach=coach, created_by=applicant)


def test_participant_saves_a_draft_and_coach_continues(trajectory, applicant, coach):
    report = report_save(report=EvaluationReport(trajectory=trajectory), by=applicant, learning="L")
    report_save(report=report, by=coach, anchoring="A")
    report.refresh_from_db()
    assert (report.learning, report.anchoring, report.status) == ("L", "A", ReportStatus.DRAFT)


def test_report_cannot_be_edited_after_submission(trajectory, applicant):
    report = report_save(
        report=EvaluationReport(trajectory=trajectory), by=applicant, **complete_report_texts()
    )
    report = report_set_status(report=report, status=ReportStatus.SUBMITTED, by=applicant)
    assert report.submitted_at is not None
    with pytest.raises(ValidationError):
        report_save(report=report, by=applicant, learning="changed")


def test_staff_and_strangers_do_not_write_the_report(trajectory, staff_user, other_applicant):
    for user in (staff_user, other_applicant):
        with pytest.raises(PermissionDenied):
            report_save(report=EvaluationReport(trajectory=trajectory), by=user, learning="x")


def test_full_flow_with_changes_requested(trajectory, applicant, coach, staff_user):
    report = report_save(
        report=EvaluationReport(trajectory=trajectory), by=coach, **complete_report_texts()
    )
    report_set_status(report=report, status=ReportStatus.SUBMITTED, by=coach)
    with pytest.raises(ValidationError) as error:
        report_set_status(report=report, status=ReportStatus.CHANGES_REQUESTED, by=staff_user)
    assert "comments" in error.value.message_dict
    report = report_set_status(
        report=report, status=ReportStatus.CHANGES_REQUESTED, by=staff_user, reason="Meer"
    )
    assert (report.staff_comments, report.decided_at is not None) == ("Meer", True)
    report_save(report=report, by=applicant, learning="L2")
    report_set_status(report=report, status=ReportStatus.SUBMITTED, by=applicant)
    report_set_status(report=report, status=ReportStatus.APPROVED, by=staff_user, reason="Top")
    report.refresh_from_db()
    assert (report.status, report.learning, report.staff_comments) == (
        ReportStatus.APPROVED,
        "L2",
        "Top",
    )
    history = [
        (change.old_status, change.new_status, change.changed_by, change.reason)
        for change in report.status_changes.all()
    ]
    assert history == [
        ("draft", "submitted", coach, ""),
        ("submitted", "changes_requested", staff_user, "Meer"),
        ("changes_requested", "submitted", applicant, ""),
        ("submitted", "approved", staff_user, "Top"),
    ]


@pytest.mark.parametrize(
    ("start", "target", "who"),
    [
        (ReportStatus.DRAFT, ReportStatus.APPROVED, "staff_user"),
        (ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED, "staff_user"),
        (ReportStatus.APPROVED, ReportStatus.SUBMITTED, "applicant"),
        (ReportStatus.SUBMITTED, ReportStatus.SUBMITTED, "applicant"),
        (ReportStatus.APPROVED, ReportStatus.DRAFT, "staff_user"),
    ],
)
def test_refused_moves(trajectory, request, start, target, who):
    report = EvaluationReport.objects.create(trajectory=trajectory, status=start)
    with pytest.raises(ValidationError):
        report_set_status(report=report, status=target, by=request.getfixturevalue(who), reason="x")


def test_only_staff_decide_and_only_writers_submit(trajectory, coach, staff_user):
    report = EvaluationReport.objects.create(trajectory=trajectory, **complete_report_texts())
    with pytest.raises(PermissionDenied):
        report_set_status(report=report, status=ReportStatus.SUBMITTED, by=staff_user)
    report_set_status(report=report, status=ReportStatus.SUBMITTED, by=coach)
    with pytest.raises(PermissionDenied):
        report_set_status(report=report, status=ReportStatus.APPROVED, by=coach)


# --- views -------------------------------------------------------------------------------------


def with_meeting_data(trajectory):
    """Meeting 1 held: first school's participants present, the others' excused; roles and a
    source for the first school; one tested product."""
    meeting = trajectory.meetings.order_by("position").first()
    meeting.held = True
    meeting.save(update_fields=["held"])
    first_school = trajectory.dossier.schools.order_by("position").first()
    for participant in trajectory.participants.all():
        status = PRESENT if participant.school_id == first_school.pk else EXCUSED
        Attendance.objects.create(meeting=meeting, participant=participant, status=status)
    RoleTaken.objects.create(meeting=meeting, school=first_school, role=MeetingRole.REPORTER)
    Preparation.objects.create(
        meeting=meeting, school=first_school, source_title="Samen leren", source_author="Stoll"
    )
    Product.objects.create(
        trajectory=trajectory,
        school=first_school,
        title="Onthaalbrochure",
        stage=ProductStage.TESTED,
        test_findings="Startende leerkrachten vonden hun weg sneller",
    )
    return first_school


def report_url(trajectory, name="sessions:trajectory_report"):
    return reverse(name, kwargs={"pk": trajectory.pk})


@pytest.mark.django_db
def test_report_and_overview_give_one_school_the_same_roles(trajectory):
    """The evaluation-report PDF and the overview PDF read these figures: a role recorded for
    a meeting that was not held shows in neither."""
    first_school = with_meeting_data(trajectory)
    not_held = trajectory.meetings.order_by("position")[1]
    RoleTaken.objects.create(meeting=not_held, school=first_school, role=MeetingRole.HOST)
    full = with_overview_data(trajectories_full()).get(pk=trajectory.pk)
    report_roles = report_figures_for(full).roles[0].roles
    overview_roles = overview_row(full).school_rows[0]["roles"]
    assert report_roles == (("Verslaggever", 1),)
    assert [label for label, _times in report_roles] == overview_roles


def test_report_page_shows_pulled_figures(client, trajectory, applicant):
    with_meeting_data(trajectory)
    client.force_login(applicant)
    response = client.get(report_url(trajectory))
    content = response.content.decode()
    assert "Gehouden bijeenkomsten: 1 van 5" in content
    assert "100%" in content and "0%" in content
    assert "Samen leren" in content and "Stoll" in content
    assert "Onthaalbrochure" in content
    assert "Verslaggever (1)" in content
    assert not EvaluationReport.objects.exists()  # a GET writes nothing


def test_participant_edits_draft_then_not_after_submission(client, trajectory, applicant):
    client.force_login(applicant)
    texts = complete_report_texts(reactions="Tevreden", learning="Veel")
    response = client.post(report_url(trajectory), texts)
    assert response.status_code == 302
    assert EvaluationReport.objects.get().reactions == "Tevreden"
    client.post(report_url(trajectory, "sessions:trajectory_report_submit"))
    assert EvaluationReport.objects.get().status == ReportStatus.SUBMITTED
    page = client.get(report_url(trajectory)).content.decode()
    assert 'id="report-form"' not in page and "Tevreden" in page
    assert client.post(report_url(trajectory), {"reactions": "Anders"}).status_code == 403
    assert EvaluationReport.objects.get().reactions == "Tevreden"


def test_staff_decide_with_required_comments(client, trajectory, staff_user):
    EvaluationReport.objects.create(trajectory=trajectory, status=ReportStatus.SUBMITTED)
    client.force_login(staff_user)
    url = report_url(trajectory, "sessions:trajectory_report_decide")
    response = client.post(url, {"beslissing-decision": "changes_requested"})
    assert response.status_code == 200
    assert "Zeg welke aanpassingen u vraagt." in response.content.decode()
    assert EvaluationReport.objects.get().status == ReportStatus.SUBMITTED
    response = client.post(
        url, {"beslissing-decision": "changes_requested", "beslissing-comments": "Meer data"}
    )
    assert response.status_code == 302
    report = EvaluationReport.objects.get()
    assert (report.status, report.staff_comments) == (ReportStatus.CHANGES_REQUESTED, "Meer data")


def test_report_pdf_has_sections_and_figures(client, trajectory, coach):
    with_meeting_data(trajectory)
    EvaluationReport.objects.create(trajectory=trajectory, anchoring="Maandelijks overleg")
    client.force_login(coach)
    response = client.get(report_url(trajectory, "sessions:trajectory_report_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in (
        "Reacties van de deelnemers",
        "Effect op leerkrachten en leerlingen",
        "Aanbevelingen aan de Stichting",
        "Maandelijks overleg",
        "Gehouden bijeenkomsten: 1 van 5",
        "Samen leren",
        "Onthaalbrochure",
        "100%",
    ):
        assert expected in text


def test_products_add_and_edit(client, trajectory, applicant):
    school = trajectory.dossier.schools.order_by("position").first()
    client.force_login(applicant)
    url = reverse("sessions:trajectory_products", kwargs={"pk": trajectory.pk})
    response = client.post(url, {"title": "", "description": "Bewaard", "stage": "idea"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Geef het product een titel." in content and "Bewaard" in content
    data = {"title": "Mentorplan", "school": school.pk, "stage": "idea", "description": ""}
    assert client.post(url, data).status_code == 302
    product = Product.objects.get()
    edit = reverse(
        "sessions:trajectory_product_edit", kwargs={"pk": trajectory.pk, "product_pk": product.pk}
    )
    assert client.get(edit).status_code == 200
    response = client.post(edit, {**data, "stage": "tested", "test_findings": "Werkt"})
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.stage, product.test_findings) == ("tested", "Werkt")


def test_product_of_another_trajectory_is_404(client, trajectory, applicant):
    other = trajectory_for()
    product = Product.objects.create(trajectory=other, title="X", stage="idea")
    client.force_login(applicant)
    edit = reverse(
        "sessions:trajectory_product_edit", kwargs={"pk": trajectory.pk, "product_pk": product.pk}
    )
    assert client.get(edit).status_code == 404


@pytest.mark.parametrize("who", ["other_applicant", "juror"])
def test_strangers_get_404(client, trajectory, request, who):
    client.force_login(request.getfixturevalue(who))
    for name in (
        "sessions:trajectory_report",
        "sessions:trajectory_report_pdf",
        "sessions:trajectory_products",
    ):
        assert client.get(report_url(trajectory, name)).status_code == 404


def test_other_coach_gets_404(client, trajectory):
    from tests.factories import UserFactory

    client.force_login(UserFactory(role="coach", email="coach.2@example.org"))
    assert client.get(report_url(trajectory)).status_code == 404


@pytest.mark.parametrize("schools", [3, 5])
def test_report_page_query_count(client, django_assert_num_queries, applicant, coach, schools):
    trajectory = trajectory_for(coach=coach, created_by=applicant, schools=schools)
    with_meeting_data(trajectory)
    EvaluationReport.objects.create(trajectory=trajectory)
    client.force_login(coach)
    client.get(report_url(trajectory))  # warm caches (session, content types)
    with django_assert_num_queries(QUERIES_REPORT_PAGE):
        assert client.get(report_url(trajectory)).status_code == 200


# trajectory + 4 prefetches, session, user, report, attendances, roles, sources, products,
# the feedback (questions, questionnaires, answers, quoted lines) and the schools' indicators
# (definitions, records, values).
QUERIES_REPORT_PAGE = 19
