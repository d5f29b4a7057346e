"""A call's attendance and products as tables (sessions/datasets.py)."""

from datetime import date, datetime, time

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plgportal.spreadsheets.tables import write_csv, write_xlsx
from sessions.datasets import (
    attendance_count,
    attendance_table,
    products_count,
    products_table,
    trajectories_table_for_call,
)
from sessions.meetings.services import attendance_save
from sessions.models import Meeting, Product
from tests.sessions.factories import trajectory_for
from tests.spreadsheets.helpers import as_dicts, csv_rows, xlsx_rows


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def record(meeting, participants, status="present", note=""):
    attendance_save(meeting=meeting, entries=[(p, status, note) for p in participants])


def test_attendance_table_has_plg_meetings_and_joint_events(db):
    trajectory = trajectory_for()
    call = trajectory.dossier.call
    participant, *others = trajectory.participants.order_by("school__position", "full_name")
    participant.full_name = "Zoë Vanderheyden"
    participant.save()
    meeting = trajectory.meetings.order_by("position").first()
    record(meeting, [participant], status="excused", note="=ziek")
    kickoff = Meeting.objects.create(call=call, kind="kickoff", date=date(2025, 9, 1))
    record(kickoff, [participant])
    trajectory_for()  # another call: left out

    rows = as_dicts(xlsx_rows(write_xlsx(attendance_table(call))))

    assert attendance_count(call) == 2
    assert rows == [
        {
            "Dossiernummer": None,  # the dossier is a draft: no reference yet
            "Soort bijeenkomst": "Startbijeenkomst",
            "Bijeenkomst": None,
            "Datum": datetime(2025, 9, 1),  # Excel dates read back as datetimes at midnight
            "Deelnemer": "Zoë Vanderheyden",
            "E-mailadres": participant.email,
            "School": participant.school.name,
            "Aanwezigheid": "Aanwezig",
            "Opmerking": None,
        },
        {
            "Dossiernummer": None,
            "Soort bijeenkomst": "PLG-bijeenkomst",
            "Bijeenkomst": 1,
            "Datum": datetime.combine(meeting.date, time()),
            "Deelnemer": "Zoë Vanderheyden",
            "E-mailadres": participant.email,
            "School": participant.school.name,
            "Aanwezigheid": "Verontschuldigd",
            "Opmerking": "=ziek",
        },
    ]
    csv_last = as_dicts(csv_rows(write_csv(attendance_table(call))))[-1]
    assert (csv_last["Datum"], csv_last["Opmerking"]) == (
        meeting.date.strftime("%d/%m/%Y"),
        "'=ziek",
    )


def test_products_table_lists_every_product_with_stage_and_attachment(db):
    trajectory = trajectory_for()
    school = trajectory.dossier.schools.first()
    Product.objects.create(
        trajectory=trajectory,
        school=school,
        title="Mentorplan voor starters",
        stage="tested",
        description="Een plan, één pagina.",
        test_findings="Werkt.",
    )
    with_file = Product(trajectory=trajectory, title="Draaiboek", stage="prototype")
    with_file.attachment = ContentFile(b"plan", name="draaiboek.pdf")
    with_file.attachment_name = "draaiboek.pdf"
    with_file.save()
    trajectory_for()  # another call

    rows = as_dicts(csv_rows(write_csv(products_table(trajectory.dossier.call))))

    assert products_count(trajectory.dossier.call) == 2
    assert rows == [
        {
            "Dossiernummer": "",
            "School": school.name,
            "Titel": "Mentorplan voor starters",
            "Stadium": "Getest in de school",
            "Beschrijving": "Een plan, één pagina.",
            "Bevindingen van de test": "Werkt.",
            "Bijlage": "nee",
            "Naam bijlage": "",
        },
        {
            "Dossiernummer": "",
            "School": "",
            "Titel": "Draaiboek",
            "Stadium": "Prototype",
            "Beschrijving": "",
            "Bevindingen van de test": "",
            "Bijlage": "ja",
            "Naam bijlage": "draaiboek.pdf",
        },
    ]


def add_trajectory_data(call):
    trajectory = trajectory_for(call=call)
    record(trajectory.meetings.first(), trajectory.participants.all())
    record(Meeting.objects.get(call=call, kind="kickoff"), trajectory.participants.all()[:2])
    Product.objects.create(trajectory=trajectory, title="Plan", stage="idea")


@pytest.mark.parametrize("build", [attendance_table, products_table, trajectories_table_for_call])
def test_sessions_tables_queries_do_not_grow(db, build, django_assert_num_queries):
    call = trajectory_for().dossier.call
    Meeting.objects.create(call=call, kind="kickoff", date=date(2025, 9, 1))
    add_trajectory_data(call)
    with CaptureQueriesContext(connection) as one:
        small = build(call)
    for _ in range(3):
        add_trajectory_data(call)

    with django_assert_num_queries(len(one)):
        large = build(call)

    assert len(large.rows) > len(small.rows)


def test_trajectories_table_has_the_overview_figures_per_trajectory(db):
    call = trajectory_for().dossier.call
    Meeting.objects.create(call=call, kind="kickoff", date=date(2025, 9, 1))
    add_trajectory_data(call)

    table = trajectories_table_for_call(call)

    assert len(table.rows) == 2
    values = dict(zip(table.headers, table.rows[1], strict=True))
    assert values["Bijeenkomsten voorzien"] == 5
    assert values["Producten"] == 1
    assert values["Evaluatieverslag"] == "Nog niet begonnen"
