"""The trajectory's PDFs (sessions/documents.py) from a demo-sized trajectory: the overview,
the evaluation report and a meeting's attendance sheet; their downloads' file names."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats

from sessions.documents import (
    attendance_sheet_pdf,
    attendance_sheet_pdf_filename,
    evaluation_report_pdf,
    evaluation_report_pdf_filename,
    trajectory_overview_pdf,
    trajectory_overview_pdf_filename,
)
from sessions.guards import REPORT_TEXT_FIELDS
from sessions.models import Trajectory
from sessions.overview.figures import LIGHT_LABELS
from sessions.report.services import report_for
from tests.pdfs import PARAGRAPH, demo_trajectory, read_pdf
from tests.sessions.factories import trajectory_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def trajectory(coach):
    return demo_trajectory(coach=coach)


def test_trajectory_overview_pdf_holds_figures_lights_schools_and_participants(trajectory):
    pdf = read_pdf(trajectory_overview_pdf(Trajectory.objects.get(pk=trajectory.pk)))

    assert len(pdf.pages) == 3
    for label in LIGHT_LABELS.values():
        assert str(label) in pdf.text
    for school in trajectory.dossier.schools.all():
        assert school.name in pdf.text
    for participant in trajectory.participants.all():
        assert participant.full_name in pdf.text
    for expected in (
        "Samen sterk voor starters",
        trajectory.coach.get_full_name(),
        "Bijeenkomsten gehouden 5 / 5",
        "Verslaggever, Host",  # in the evaluation report's order
        "Voorbereiding 15 / 25",
        "Ingediend",
        "Aanwezigheid per bijeenkomst en school",
        "Scholen met voorbereiding",
    ):
        assert expected in pdf.text


def test_evaluation_report_pdf_holds_figures_products_and_every_section(trajectory):
    pdf = read_pdf(evaluation_report_pdf(trajectory.report))

    assert len(pdf.pages) == 4
    for name in REPORT_TEXT_FIELDS:
        title = str(trajectory.report._meta.get_field(name).verbose_name)
        assert title[0].upper() + title[1:] in pdf.text
    assert pdf.text.count(PARAGRAPH[:60]) == 2 * len(REPORT_TEXT_FIELDS) + 1  # + test findings
    for product in trajectory.products.all():
        assert product.title in pdf.text
    for expected in (
        "Gehouden bijeenkomsten: 5 van 5",
        "Verslaggever (1), Host (1)",
        "Kennisbron 5 van Basisschool",
        "Getest in de school",
        "Ingediend",
    ):
        assert expected in pdf.text


def test_evaluation_report_pdf_of_an_unsaved_draft(coach):
    trajectory = trajectory_for(coach=coach)
    pdf = read_pdf(evaluation_report_pdf(report_for(trajectory)))
    assert "Concept" in pdf.text and "Gehouden bijeenkomsten: 0 van 5" in pdf.text


def test_attendance_sheet_pdf_lists_each_school_with_its_participants(trajectory):
    meeting = trajectory.meetings.order_by("position").first()
    pdf = read_pdf(attendance_sheet_pdf(meeting))

    assert len(pdf.pages) == 2  # five schools of two: a school's table never splits
    for school in trajectory.dossier.schools.all():
        assert school.name in pdf.text
    for participant in trajectory.participants.all():
        page = next(page for page in pdf.pages if participant.full_name in page)
        assert participant.school.name in page  # on the same page as its school
    for expected in (
        "Handtekening",
        formats.date_format(meeting.date, "l j F Y"),
        "14:00–16:30",
        "Schoolstraat 1, 9000 Gent",
        "PLG-bijeenkomst 1",
    ):
        assert expected in pdf.text


@pytest.mark.parametrize(
    "render",
    [
        lambda trajectory: trajectory_overview_pdf(trajectory),
        lambda trajectory: evaluation_report_pdf(report_for(trajectory)),
        lambda trajectory: attendance_sheet_pdf(trajectory.meetings.first()),
    ],
    ids=["overview", "report", "attendance"],
)
def test_trajectory_pdfs_run_as_many_queries_for_three_or_five_schools(coach, render):
    counts = []
    for schools in (3, 5):
        trajectory = Trajectory.objects.get(pk=trajectory_for(coach=coach, schools=schools).pk)
        with CaptureQueriesContext(connection) as queries:
            render(trajectory)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_pdf_downloads_are_named_after_the_dossier_reference(client, coach, trajectory):
    reference = trajectory.dossier.reference
    meeting = trajectory.meetings.order_by("position").first()
    client.force_login(coach)
    for url, filename in (
        (
            reverse("sessions:trajectory_overview_pdf", kwargs={"pk": trajectory.pk}),
            f"{reference}-overzicht-traject.pdf",
        ),
        (
            reverse("sessions:trajectory_report_pdf", kwargs={"pk": trajectory.pk}),
            f"{reference}-evaluatieverslag.pdf",
        ),
        (
            reverse("sessions:meeting_attendance_sheet", args=[trajectory.pk, meeting.pk]),
            f"{reference}-aanwezigheidslijst-1.pdf",
        ),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert f'filename="{filename}"' in response["Content-Disposition"]
    assert evaluation_report_pdf_filename(trajectory.report) == f"{reference}-evaluatieverslag.pdf"
    assert trajectory_overview_pdf_filename(trajectory) == f"{reference}-overzicht-traject.pdf"
    assert attendance_sheet_pdf_filename(meeting) == f"{reference}-aanwezigheidslijst-1.pdf"


@pytest.mark.parametrize(
    "name", ["sessions:trajectory_overview_pdf", "sessions:trajectory_report_pdf"]
)
def test_trajectory_pdf_downloads_run_at_most_19_queries_whatever_the_size(client, coach, name):
    """The download reads the trajectory once (the page's permission check and the PDF share
    it), as many queries for three schools as for five. The report's 19: 12, the participants'
    feedback (questions, questionnaires, answers, quoted lines) and the schools' indicators
    (3)."""
    client.force_login(coach)
    counts = []
    for schools in (3, 5):
        trajectory = trajectory_for(coach=coach, schools=schools)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, kwargs={"pk": trajectory.pk})).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 19
