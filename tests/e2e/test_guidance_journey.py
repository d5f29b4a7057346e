"""A director who finds something wrong is led to fix it, also without a mouse: a failing item of
the checklist (or of the list beside the disabled submit button) opens the field that fixes it;
a planning with one wrong date keeps the right meetings, the error summary takes focus and leads
to the wrong field, and saving with Enter keeps focus in the form."""

import re
from datetime import date

from playwright.sync_api import Page, expect

from applications.models import CommitmentConfirmation, School
from tests.e2e.signing_in import _log_in
from tests.factories import TEST_PASSWORD, eligible_dossier

NAMES = ["Basisschool De Linde", "Sint-Jozefsinstituut", "Atheneum Zuid"]


def _named_dossier():
    dossier = eligible_dossier()
    for school, name in zip(dossier.schools.order_by("position"), NAMES, strict=True):
        School.objects.filter(pk=school.pk).update(name=name)
    return dossier


def _sign_in(page: Page, live_server, dossier) -> None:
    page.goto(f"{live_server.url}/account/login/")
    _log_in(page, dossier.created_by.email, TEST_PASSWORD)


def _checklist(page: Page):
    return page.get_by_role("complementary", name="Ontvankelijkheid")


def _focus_in_section_form(page: Page) -> bool:
    return page.evaluate("document.activeElement.closest('#section-form') !== null")


def _tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until `selector` has focus, as a keyboard user moves through the page."""
    for _press in range(limit):
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} not reached with {limit} presses of Tab")


def test_failing_checklist_item_leads_to_the_field_that_fixes_it(live_server, page):
    dossier = _named_dossier()
    short = dossier.schools.get(name="Sint-Jozefsinstituut")
    short.delegates.order_by("pk").last().delete()
    unconfirmed = CommitmentConfirmation.objects.filter(dossier=dossier).order_by("pk").last()
    unconfirmed.delete()
    _sign_in(page, live_server, dossier)

    # The review page: the disabled button says what still blocks it, each item linked.
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/nakijken/")
    submit = page.get_by_role("button", name="Dossier indienen")
    expect(submit).to_be_disabled()
    expect(submit).to_have_attribute("aria-describedby", "submit-blockers")
    blockers = page.locator("#submit-blockers")
    expect(blockers).to_contain_text(
        "Sint-Jozefsinstituut vaardigt 2 deelnemers af; bij 3 scholen zijn dat er 3."
    )
    expect(blockers).not_to_contain_text(re.compile(r"\bSchool \d"))
    blockers.get_by_role("link", name="Engagementen bevestigd").click()

    expect(page).to_have_url(
        re.compile(
            rf"/dossiers/{dossier.pk}/engagementen/#id_commitment_{unconfirmed.commitment_id}$"
        )
    )
    commitment = page.locator(f"#id_commitment_{unconfirmed.commitment_id}")
    expect(commitment).to_be_focused()
    expect(commitment).to_be_in_viewport()
    page.screenshot(path="/tmp/journey-fix-commitment.png", full_page=True)

    # The checklist beside every section: the failing item names the school and opens its row.
    _checklist(page).get_by_role(
        "link", name=re.compile(r"^Sint-Jozefsinstituut vaardigt 2 deelnemers af")
    ).click()
    anchor = f"id_school-{short.pk}-2-full_name"
    expect(page).to_have_url(re.compile(rf"/dossiers/{dossier.pk}/afgevaardigden/#{anchor}$"))
    name = page.locator(f"#{anchor}")
    expect(name).to_be_focused()
    expect(name).to_be_in_viewport()
    page.screenshot(path="/tmp/journey-fix-delegate.png", full_page=True)

    # Fixed from there with the keyboard; Enter saves and focus stays in the form.
    page.keyboard.type("Lotte Peeters")
    page.keyboard.press("Tab")
    page.keyboard.type("lotte.peeters@sint-jozef.be")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the first function
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("main").get_by_role("status").filter(has_text="Bewaard")
    ).to_be_visible()
    expect(_checklist(page)).to_contain_text("In orde: Afgevaardigden per school")
    assert _focus_in_section_form(page)
    assert short.delegates.count() == 3


def test_keyboard_only_planning_with_a_wrong_date(live_server, page):
    dossier = _named_dossier()
    dossier.meetings.update(date=None, start_time=None, host_school=None)
    _sign_in(page, live_server, dossier)
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/planning/")
    main = page.get_by_role("main")

    # Tab, type, Enter: no mouse. A date field takes its digits in the order of the browser's
    # locale (day or month first): days whose day and month are the same read alike in both.
    # The third date lies after the school year 2025-2026.
    days = ["10102025", "11112025", "01012027", "03032026", "05052026"]
    for number, day in enumerate(days):
        _tab_to(page, f"#id_meetings-{number}-date")
        page.keyboard.type(day)
    page.keyboard.press("Enter")  # in the last meeting's date: saves

    # The summary takes focus and is announced; the right meetings are stored.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("alert")).to_contain_text("Er is een probleem")
    outcome = main.get_by_role("status").filter(has_text="zijn bewaard")
    expect(outcome.get_by_role("paragraph")).to_have_text(
        [
            "Bijeenkomsten 1, 2, 4 en 5 zijn bewaard.",
            "Bijeenkomst 3 is niet bewaard: verbeter de fout en bewaar opnieuw.",
        ]
    )
    expect(page.get_by_role("group", name=re.compile("^Bijeenkomst 3"))).to_contain_text(
        "Niet bewaard"
    )
    page.screenshot(path="/tmp/journey-planning-refused.png", full_page=True)
    assert [meeting.date for meeting in dossier.meetings.order_by("position")] == [
        date(2025, 10, 10),
        date(2025, 11, 11),
        None,
        date(2026, 3, 3),
        date(2026, 5, 5),
    ]

    # The summary's link moves focus to the wrong field, which still shows what was typed.
    page.keyboard.press("Tab")
    link = summary.get_by_role("link")
    expect(link).to_be_focused()
    expect(link).to_contain_text("Bijeenkomst 3 – Datum: Kies een datum in schooljaar 2025-2026")
    page.keyboard.press("Enter")
    wrong = page.locator("#id_meetings-2-date")
    expect(wrong).to_be_focused()
    expect(wrong).to_have_value("2027-01-01")

    # Fixed and saved with Enter: focus stays on the field, and Tab goes on in the form.
    page.keyboard.type("02022026")
    page.keyboard.press("Enter")
    expect(main.get_by_role("status").filter(has_text="Bewaard")).to_have_text("Bewaard")
    expect(summary).to_have_count(0)
    expect(wrong).to_be_focused()
    _tab_to(page, "#id_meetings-2-start_time", limit=5)
    assert dossier.meetings.get(position=3).date == date(2026, 2, 2)
    expect(_checklist(page)).to_contain_text("In orde: Bijeenkomsten in het schooljaar")

    # Saved with Enter on the button: focus stays on it, not on the page's body.
    _tab_to(page, "#section-form button[type=submit]")
    # "Bewaard" still shows from the save before: wait for this save's own answer, so the test
    # never ends (and its database goes) while the server is still handling it.
    with page.expect_response(lambda r: r.request.method == "POST" and "/planning/" in r.url):
        page.keyboard.press("Enter")
    expect(main.get_by_role("status").filter(has_text="Bewaard")).to_be_visible()
    page.wait_for_function("document.activeElement !== document.body")
    assert page.evaluate("document.activeElement.matches('#section-form button[type=submit]')")
