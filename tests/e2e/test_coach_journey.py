"""The coach's journey: log a meeting on a phone, then pull its data into the evaluation report."""

import re

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from sessions.meetings.services import attendance_save, preparation_save
from sessions.models import Attendance, Preparation, RoleTaken
from tests.e2e.conftest import DEFAULT_TIMEOUT_MS
from tests.e2e.signing_in import _label, _log_in
from tests.factories import TEST_PASSWORD
from tests.sessions.factories import trajectory_for

PHONE = {"width": 390, "height": 844}
SOURCE_TITLE = "Leerkrachten die blijven"
SOURCE_AUTHOR = "Geert Kelchtermans"


def _attendance_of(page: Page, participant):
    """The fieldset of one participant: its radio group is named after them."""
    group = page.get_by_role("group", name=participant.full_name, exact=True)
    return page.locator("fieldset").filter(has=group)


def _mark(page: Page, participant, status: str, note: str = "") -> None:
    fieldset = _attendance_of(page, participant)
    # The radios are visually hidden behind their button-styled labels: click the label.
    fieldset.locator("label.btn", has_text=status).click()
    expect(fieldset.get_by_label(status, exact=True)).to_be_checked()
    if note:
        fieldset.get_by_label(_label("Opmerking")).fill(note)


def _preparation_card(page: Page, school):
    return page.locator(".card").filter(
        has=page.get_by_role("heading", name=re.compile(rf"^\s*{re.escape(school.name)}\b"))
    )


def test_coach_logs_a_meeting_on_a_phone(live_server, browser, transactional_db, coach):
    trajectory = trajectory_for(coach=coach)
    meeting = trajectory.meetings.order_by("position").first()
    participants = list(trajectory.participants.all())
    schools = list(trajectory.dossier.schools.order_by("position"))
    absent, excused = participants[0], participants[-1]

    context = browser.new_context(viewport=PHONE, locale="nl-BE")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/account/login/")
        _log_in(page, coach.email, TEST_PASSWORD)

        title = trajectory.dossier.working_title
        page.get_by_role("main").get_by_role("link", name=title).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        page.get_by_role("link", name=str(meeting), exact=True).click()
        expect(page.get_by_role("heading", name=str(meeting), exact=True)).to_be_visible()

        # Everyone present first, then two exceptions.
        page.get_by_role("button", name="Iedereen aanwezig").click()
        expect(page.get_by_role("status")).to_contain_text("De aanwezigheden zijn bewaard.")
        _mark(page, absent, "Afwezig")
        _mark(page, excused, "Verontschuldigd", note="Ziek gemeld")
        page.get_by_role("button", name="Aanwezigheden bewaren").click()
        expect(page.get_by_role("status")).to_contain_text("De aanwezigheden zijn bewaard.")
        expect(_attendance_of(page, excused).get_by_label(_label("Opmerking"))).to_have_value(
            "Ziek gemeld"
        )

        roles = dict(zip(schools, ["Host", "Procescoach", "Verslaggever"], strict=False))
        roles_section = page.locator("#rollen")
        for school, role in roles.items():
            roles_section.get_by_label(_label(school.name)).select_option(label=role)
        page.get_by_role("button", name="Rollen bewaren").click()
        expect(page.get_by_role("status")).to_contain_text("De rollen zijn bewaard.")

        prepared = schools[0]
        card = _preparation_card(page, prepared)
        card.get_by_label(_label("Kennisbron: titel")).fill(SOURCE_TITLE)
        card.get_by_label(_label("Kennisbron: auteur")).fill(SOURCE_AUTHOR)
        page.get_by_role("button", name="Voorbereiding bewaren").click()
        expect(page.get_by_role("status")).to_contain_text("De voorbereiding is bewaard.")
        expect(_preparation_card(page, prepared).get_by_text("Geen voorbereiding")).to_have_count(0)
        for school in schools[1:]:
            expect(
                _preparation_card(page, school).get_by_text("Geen voorbereiding")
            ).to_be_visible()

        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path="/tmp/coach-phone.png", full_page=True)
    finally:
        context.close()

    statuses = {a.participant_id: (a.status, a.note) for a in meeting.attendances.all()}
    expected = {p.pk: ("present", "") for p in participants}
    expected[absent.pk] = ("absent", "")
    expected[excused.pk] = ("excused", "Ziek gemeld")
    assert statuses == expected
    assert {(r.school_id, r.role) for r in RoleTaken.objects.filter(meeting=meeting)} == {
        (schools[0].pk, "host"),
        (schools[1].pk, "process_coach"),
        (schools[2].pk, "reporter"),
    }
    preparation = Preparation.objects.get(meeting=meeting)
    assert (preparation.school, preparation.source_title, preparation.source_author) == (
        prepared,
        SOURCE_TITLE,
        SOURCE_AUTHOR,
    )
    meeting.refresh_from_db()
    assert meeting.held
    assert Attendance.objects.filter(meeting=meeting, status="present").count() == (
        len(participants) - 2
    )


def test_evaluation_report_pdf_pulls_meeting_data(live_server, page, coach):
    trajectory = trajectory_for(coach=coach)
    meeting = trajectory.meetings.order_by("position").first()
    participants = list(trajectory.participants.all())
    school = trajectory.dossier.schools.order_by("position").first()
    attendance_save(
        meeting=meeting,
        entries=[(p, "absent" if i == 0 else "present", "") for i, p in enumerate(participants)],
    )
    preparation_save(
        meeting=meeting, school=school, source_title=SOURCE_TITLE, source_author=SOURCE_AUTHOR
    )

    page.goto(f"{live_server.url}/account/login/")
    _log_in(page, coach.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/trajecten/{trajectory.pk}/evaluatieverslag/")
    expect(page.locator("#sources-list")).to_contain_text(SOURCE_TITLE)
    page.get_by_label(_label("Reacties van de deelnemers")).fill("De deelnemers waren tevreden.")
    page.get_by_role("button", name="Verslag bewaren").click()
    expect(page.get_by_role("status")).to_contain_text("Het verslag is bewaard.")
    expect(page.get_by_label(_label("Reacties van de deelnemers"))).to_have_value(
        "De deelnemers waren tevreden."
    )

    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF downloaden").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-evaluatieverslag.pdf")
    # Table cells wrap in the PDF: compare with the whitespace collapsed.
    text = " ".join(
        " ".join(pdf_page.extract_text() for pdf_page in PdfReader(download.path()).pages).split()
    )
    assert SOURCE_TITLE in text
    assert "De deelnemers waren tevreden." in text
    first_school_present = sum(1 for p in participants[1:] if p.school_id == school.pk)
    assert f"{school.name} {first_school_present} 0 1 " in text
