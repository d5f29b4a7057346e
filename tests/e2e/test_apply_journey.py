"""The issue's "Done when" in a real browser: a director registers, builds the dossier section by
section while the checklist turns green, submits and downloads the PDF; staff decide on it."""

import re
from datetime import timedelta
from pathlib import Path

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from applications.enums import DossierStatus
from applications.models import Dossier
from applications.services import dossier_submit
from plgportal.accounts.services import user_set_role
from plgportal.calls.call_2024 import COMMITMENTS, CRITERIA, EXAMPLE_THEMES, call_2024_upsert
from plgportal.outbox.models import Email
from tests.e2e.signing_in import _label, _log_in
from tests.e2e.test_login_journey import NEW_PASSWORD, _link_in_mail
from tests.factories import (
    MINIMAL_PDF,
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    DossierFactory,
    UserFactory,
    eligible_dossier,
    give_second_factor,
)

SCHOOLS = [
    ("Basisschool De Linde", "012341", "Lager onderwijs", "Gent", "9000"),
    ("Sint-Jozefsinstituut", "012342", "Secundair onderwijs", "Brugge", "8000"),
    ("Atheneum Zuid", "012343", "Secundair onderwijs", "Antwerpen", "2000"),
]
# Five dates inside the school year 2025-2026, hosted by schools 1, 2, 3, 1, 2.
MEETINGS = ["2025-10-06", "2025-12-01", "2026-02-02", "2026-03-30", "2026-05-18"]
FUNCTIONS = ["Directeur", "Leerkracht", "Interne beleidsondersteuner"]


def _open_call_2024():
    return call_2024_upsert(
        slug="plg-2024",
        opens_at=timezone.now() - timedelta(days=10),
        deadline=timezone.now() + timedelta(days=30),
    )


def _checklist(page: Page):
    return page.get_by_role("complementary", name="Ontvankelijkheid")


def _save(page: Page) -> None:
    page.get_by_role("main").get_by_role("button", name="Bewaren", exact=True).click()


def _expect_saved(page: Page) -> None:
    """What a section shows once saved: "Bewaard" or "Bewaard om 14:05" after an htmx save, the
    message "Bewaard." after a plain POST."""
    saved = page.get_by_role("main").get_by_role("status").filter(has_text="Bewaard")
    expect(saved).to_be_visible()


def _open_section(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Onderdelen van het dossier").get_by_role(
        "link", name=name, exact=True
    ).click()
    expect(page.get_by_role("heading", level=2, name=name)).to_be_visible()


def _register_and_confirm(page: Page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/account/signup/")
    form = page.get_by_role("main").locator("form")
    form.get_by_label(_label("Volledige naam")).fill("Greet Directeur")
    form.get_by_label(_label("E-mailadres")).fill(email)
    form.get_by_label(_label("Wachtwoord")).fill(NEW_PASSWORD)
    form.get_by_label(_label("Wachtwoord (bevestigen)")).fill(NEW_PASSWORD)
    form.get_by_role("button", name="Registreren").click()
    expect(page.get_by_role("main")).to_contain_text("We hebben een e-mail verstuurd")
    assert [message.to for message in mail.outbox] == [[email]]
    page.goto(_link_in_mail(email, "/account/confirm-email/", live_server))
    page.get_by_role("main").get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Greet")


def _fill_schools(page: Page) -> None:
    _open_section(page, "Scholen")
    for number, (name, institution_number, level, city, postcode) in enumerate(SCHOOLS, 1):
        row = page.get_by_role("group", name=re.compile(rf"^School {number}\b"))
        row.get_by_label(_label("Naam van de school")).fill(name)
        row.get_by_label(_label("Instellingsnummer")).fill(institution_number)
        row.get_by_label(level, exact=True).check()
        row.get_by_label(_label("Onderwijsnet")).select_option(
            label="Katholiek Onderwijs Vlaanderen"
        )
        row.get_by_label(_label("Straat en nummer")).fill(f"Schoolstraat {number}")
        row.get_by_label(_label("Postcode")).fill(postcode)
        row.get_by_label(_label("Gemeente")).fill(city)
        row.get_by_label(re.compile("erkend en gesubsidieerd")).check()
    page.screenshot(path="/tmp/journey-schools-filled.png", full_page=True)
    _save(page)
    _expect_saved(page)
    expect(_checklist(page)).to_contain_text("In orde: Aantal scholen")
    expect(_checklist(page)).to_contain_text("In orde: Scholen die in aanmerking komen")
    expect(_checklist(page)).to_contain_text("Basisschool De Linde vaardigt 0 deelnemers af")


def _fill_plg(page: Page) -> None:
    _open_section(page, "PLG en contactpersoon")
    main = page.get_by_role("main")
    main.get_by_label(_label("Werktitel van de PLG")).fill("Talent houden over de muren heen")
    main.get_by_label(_label("Uw functie")).fill("Directeur")
    main.get_by_label(_label("Uw telefoonnummer")).fill("09 123 45 67")
    main.get_by_label(_label("Trekkende school")).select_option(label=SCHOOLS[0][0])
    _save(page)
    _expect_saved(page)


def _fill_delegates(page: Page) -> None:
    _open_section(page, "Afgevaardigden")
    expect(page.get_by_role("heading", level=1)).to_have_text("Talent houden over de muren heen")
    for number, (name, *_rest) in enumerate(SCHOOLS, 1):
        school = page.get_by_role("group", name=f"School {number}: {name}")
        expect(school).to_contain_text(f"{name} moet 3 afgevaardigden hebben")
        for row, function in enumerate(FUNCTIONS):
            school.get_by_label(_label("Volledige naam")).nth(row).fill(f"Deelnemer {number}.{row}")
            school.get_by_label(_label("E-mailadres")).nth(row).fill(f"d{number}{row}@school.be")
            school.get_by_label(_label("Functie")).nth(row).select_option(label=function)
    _save(page)
    _expect_saved(page)
    expect(_checklist(page)).to_contain_text("In orde: Afgevaardigden per school")
    page.screenshot(path="/tmp/journey-delegates.png", full_page=True)


def _upload_letters(page: Page, pdf_path) -> None:
    _open_section(page, "Letters of intent")
    for name, *_rest in SCHOOLS:
        card = page.get_by_role("region", name=name, exact=True)
        expect(card).to_contain_text("Ontbreekt")
        card.get_by_label(_label("Letter of intent (PDF)")).set_input_files(pdf_path)
        card.get_by_label(_label("Ondertekend door")).fill(f"Directeur van {name}")
        card.get_by_label(_label("Functie van de ondertekenaar")).fill("Directeur")
        card.get_by_role("button", name="Opladen").click()
        expect(card.get_by_role("status")).to_have_text("De letter of intent is opgeladen.")
        expect(card).to_contain_text(f"Directeur van {name}, Directeur")
    expect(_checklist(page)).to_contain_text("In orde: Letter of intent per school")
    page.screenshot(path="/tmp/journey-letters.png", full_page=True)


def _fill_motivation(page: Page) -> None:
    _open_section(page, "Thema en motivatie")
    main = page.get_by_role("main")
    main.get_by_label(_label("Thema uit de oproep")).select_option(label=EXAMPLE_THEMES[1])
    counters = main.get_by_text(re.compile(r"^\d+ / 3000 tekens$"))
    expect(counters).to_have_text(["0 / 3000 tekens"] * len(CRITERIA))
    for index, (title, _description) in enumerate(CRITERIA):
        text = f"Onze aanpak voor {title.lower()}: concreet, gedragen en verankerd."
        main.get_by_label(_label(title)).fill(text)
        expect(counters.nth(index)).to_have_text(f"{len(text)} / 3000 tekens")
    page.screenshot(path="/tmp/journey-motivation.png", full_page=True)
    _save(page)
    _expect_saved(page)
    expect(_checklist(page)).to_contain_text("In orde: Werktitel, thema en motivatie ingevuld")


def _fill_planning(page: Page) -> None:
    _open_section(page, "Planning")
    for number, day in enumerate(MEETINGS, 1):
        meeting = page.get_by_role("group", name=f"Bijeenkomst {number}")
        meeting.get_by_label(_label("Datum")).fill(day)
        meeting.get_by_label(_label("Beginuur")).fill("13:30")
        expect(meeting).to_contain_text("Einduur: 16:00")
        host = SCHOOLS[(number - 1) % len(SCHOOLS)][0]
        meeting.get_by_label(_label("Gastschool")).select_option(label=host)
    _save(page)
    _expect_saved(page)
    expect(_checklist(page)).to_contain_text("In orde: Bijeenkomsten in het schooljaar")
    page.screenshot(path="/tmp/journey-planning.png", full_page=True)


def _confirm_commitments(page: Page) -> None:
    _open_section(page, "Engagementen")
    main = page.get_by_role("main")
    for title, _description in COMMITMENTS:
        main.get_by_label(title, exact=True).check()
    _save(page)
    _expect_saved(page)


def test_director_registers_builds_dossier_and_submits(live_server, page, settings, tmp_path):
    settings.SITE_URL = live_server.url
    call = _open_call_2024()
    email = "greet@school.be"
    pdf_path = tmp_path / "letter-of-intent.pdf"
    pdf_path.write_bytes(MINIMAL_PDF)

    _register_and_confirm(page, live_server, email)
    page.get_by_role("button", name="Dossier starten").click()
    main = page.get_by_role("main")
    expect(main.get_by_role("status")).to_contain_text("Uw dossier is aangemaakt.")
    expect(_checklist(page)).to_contain_text("Nog 6 criteria niet in orde.")
    expect(_checklist(page)).to_contain_text("De PLG telt 0 scholen")
    expect(_checklist(page)).to_contain_text("De werktitel van de PLG ontbreekt.")
    page.screenshot(path="/tmp/journey-start.png", full_page=True)

    _fill_schools(page)
    _fill_plg(page)
    _fill_delegates(page)
    _upload_letters(page, pdf_path)
    _fill_motivation(page)
    _fill_planning(page)
    expect(_checklist(page)).to_contain_text("Nog 1 criterium niet in orde.")
    _confirm_commitments(page)
    expect(_checklist(page)).to_contain_text("Alle criteria zijn in orde.")

    _open_section(page, "Nakijken en indienen")
    page.screenshot(path="/tmp/journey-review.png", full_page=True)
    main.get_by_role("button", name="Dossier indienen").click()
    expect(main.get_by_role("status").filter(has_text="Uw dossier is ingediend.")).to_have_text(
        re.compile(r"Uw dossier is ingediend\. Uw dossiernummer is PLG-2024-\d{3}\.")
    )
    expect(main.get_by_text("Ingediend", exact=True)).to_be_visible()
    expect(main).to_contain_text("Dit dossier is ingediend en kan niet meer gewijzigd worden.")
    page.screenshot(path="/tmp/journey-submitted.png", full_page=True)
    dossier = Dossier.objects.get(call=call)
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.reference.startswith("PLG-2024-")
    confirmation = Email.objects.filter(to=email).exclude(attachments=None).get()
    assert dossier.reference in confirmation.body_text
    attachment = confirmation.attachments.get()
    assert attachment.filename == f"{dossier.reference}.pdf"
    assert bytes(attachment.content).startswith(b"%PDF")

    with page.expect_download() as download_info:
        main.get_by_role("link", name="Dossier als PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"{dossier.reference}.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")


def test_staff_marks_submitted_dossier_admissible(live_server, page):
    dossier = eligible_dossier()
    dossier_submit(dossier=dossier, user=dossier.created_by)
    dossier.refresh_from_db()
    staff = give_second_factor(
        user_set_role(user=UserFactory(full_name="Sofie Staf"), role="staff")
    )

    page.goto(f"{live_server.url}/account/login/")
    _log_in(page, staff.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.get_by_role("row").filter(has_text=dossier.call.title).get_by_role(
        "link", name="Dossiers"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossiers")
    page.get_by_role("link", name=dossier.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(dossier.working_title)

    decision = page.get_by_role("region", name="Beslissing over de ontvankelijkheid")
    decision.get_by_label("Ontvankelijk", exact=True).check()
    decision.get_by_role("button", name="Beslissing bewaren").click()

    main = page.get_by_role("main")
    expect(main.get_by_role("status")).to_have_text(
        "Het dossier is als “Ontvankelijk” geregistreerd."
    )
    history = page.get_by_role("region", name="Statusgeschiedenis")
    expect(history.get_by_role("row").filter(has_text="Ingediend → Ontvankelijk")).to_contain_text(
        "Sofie Staf"
    )
    page.screenshot(path="/tmp/journey-staff-decided.png", full_page=True)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.ADMISSIBLE


def test_autosave_keeps_motivation_text(live_server, page, applicant):
    dossier = DossierFactory(call=_open_call_2024(), created_by=applicant)
    page.goto(f"{live_server.url}/account/login/")
    _log_in(page, applicant.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/motivatie/")
    main = page.get_by_role("main")
    anchoring = main.get_by_label(_label("Verankering"))

    # Typing (no save button): htmx saves after three idle seconds and shows the marker.
    anchoring.press_sequentially("Een kerngroep blijft")
    expect(main.get_by_text(re.compile(r"^Bewaard om \d\d:\d\d$"))).to_be_visible()
    # A second pause saves again, on the section version the first save answered.
    with page.expect_response(re.compile(r"/motivatie/autosave/$")) as second_save:
        anchoring.press_sequentially(" samenkomen.")
    assert second_save.value.ok
    expect(main.get_by_role("alert")).to_have_count(0)  # no conflict with the first save
    text = "Een kerngroep blijft samenkomen."
    assert dossier.answers.get(criterion__title="Verankering").text == text

    page.reload()
    expect(main.get_by_label(_label("Verankering"))).to_have_value(text)
    expect(main.get_by_text(re.compile(r"^\d+ / 3000 tekens$")).nth(1)).to_have_text(
        f"{len(text)} / 3000 tekens"
    )
