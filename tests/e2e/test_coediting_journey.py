"""Two directors fill in one dossier at the same time, each in their own browser: the contact
person and an invited partner director. Changes to different fields are both kept; when both
change the same field, the second to save sees both versions side by side, with who saved the
other and when, combines them and saves the combined text."""

import re

from playwright.sync_api import Page, expect

from applications.enums import CollaboratorRole
from applications.models import Dossier
from tests.e2e.signing_in import _label, _log_in
from tests.e2e.test_apply_journey import _open_call_2024
from tests.factories import TEST_PASSWORD, DossierFactory, UserFactory

OPENNESS = "Openheid om te implementeren"
THEME = "Thema"
ANCHORING = "Verankering"
SAVED_AT = r"bewaard om \d\d:\d\d \(\d{1,2} \w+ \d{4}\)"  # "bewaard om 14:05 (3 december 2026)"


def _open_motivation(page: Page, live_server, user, dossier) -> None:
    page.goto(f"{live_server.url}/account/login/")
    _log_in(page, user.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/motivatie/")
    expect(page.get_by_role("heading", level=2, name="Thema en motivatie")).to_be_visible()


def _answer(page: Page, title: str):
    return page.get_by_role("main").get_by_label(_label(title))


def _save(page: Page) -> None:
    page.get_by_role("main").get_by_role("button", name="Bewaren", exact=True).click()


def _answers(dossier) -> dict[str, str]:
    stored = Dossier.objects.get(pk=dossier.pk)
    return dict(stored.answers.values_list("criterion__title", "text"))


def test_two_directors_edit_one_section_and_lose_nothing(live_server, new_page):
    contact = UserFactory(full_name="Greet Contact")
    partner = UserFactory(full_name="Piet Partner")
    dossier = DossierFactory(call=_open_call_2024(), created_by=contact)
    dossier.collaborators.create(user=partner, email=partner.email, role=CollaboratorRole.PARTNER)
    greet, piet = new_page(), new_page()
    _open_motivation(greet, live_server, contact, dossier)
    _open_motivation(piet, live_server, partner, dossier)

    # Different fields, both pages opened on the same version: both changes are kept.
    _answer(greet, OPENNESS).fill("Elke school zet de resultaten om in een actieplan.")
    _answer(piet, THEME).fill("Talent houden door samen te leren.")
    _save(greet)
    expect(greet.get_by_role("status").filter(has_text="Bewaard.")).to_be_visible()
    _save(piet)
    piet_status = piet.get_by_role("status")
    expect(piet_status.filter(has_text="Bewaard.")).to_be_visible()
    expect(piet_status).to_contain_text(
        f"Wat iemand anders intussen wijzigde, is behouden: {OPENNESS}."
    )
    expect(piet.get_by_role("alert")).to_have_count(0)
    expect(_answer(piet, OPENNESS)).to_have_value(
        "Elke school zet de resultaten om in een actieplan."
    )
    expect(_answer(piet, THEME)).to_have_value("Talent houden door samen te leren.")
    stored = _answers(dossier)
    assert stored[OPENNESS] == "Elke school zet de resultaten om in een actieplan."
    assert stored[THEME] == "Talent houden door samen te leren."

    # The same field: Greet saves first (her page still shows the old theme text, and that
    # is not taken for a change of hers); Piet then sees both versions and combines them.
    _answer(greet, ANCHORING).fill("Een kerngroep blijft na de begeleiding samenkomen.")
    _answer(piet, ANCHORING).fill("De PLG wordt een vast punt op de directievergadering.")
    _save(greet)
    expect(greet.get_by_role("status").filter(has_text="Bewaard.")).to_be_visible()
    assert _answers(dossier)[THEME] == "Talent houden door samen te leren."
    _save(piet)

    alert = piet.get_by_role("alert")
    expect(
        alert.get_by_role("heading", name="Iemand anders heeft dit onderdeel intussen bewaard")
    ).to_be_visible()
    expect(alert.get_by_role("link", name=ANCHORING)).to_be_visible()
    conflict = piet.locator(f"#conflict-answer_{dossier.call.criteria.get(title=ANCHORING).pk}")
    expect(conflict.get_by_role("heading", name=f"{ANCHORING}: twee versies")).to_be_visible()
    mine = conflict.get_by_role("region", name="Uw versie")
    expect(mine).to_contain_text("De PLG wordt een vast punt op de directievergadering.")
    theirs = conflict.get_by_role(
        "region", name=re.compile(rf"^Versie van Greet Contact, {SAVED_AT}$")
    )
    expect(theirs).to_contain_text("Een kerngroep blijft na de begeleiding samenkomen.")
    expect(_answer(piet, ANCHORING)).to_have_value(
        "De PLG wordt een vast punt op de directievergadering."
    )
    assert _answers(dossier)[ANCHORING] == "Een kerngroep blijft na de begeleiding samenkomen."
    piet.screenshot(path="/tmp/journey-coediting-conflict.png", full_page=True)

    # Piet starts from Greet's version and adds his own sentence.
    theirs.get_by_role("button", name="Versie van Greet Contact in het veld zetten").click()
    field = _answer(piet, ANCHORING)
    expect(field).to_have_value("Een kerngroep blijft na de begeleiding samenkomen.")
    field.press("End")
    field.press_sequentially(" De PLG wordt een vast punt op de directievergadering.")
    expect(conflict.get_by_label(re.compile("^Wat in het veld hieronder staat"))).to_be_checked()
    _save(piet)

    combined = (
        "Een kerngroep blijft na de begeleiding samenkomen. "
        "De PLG wordt een vast punt op de directievergadering."
    )
    expect(piet.get_by_role("status").filter(has_text="Bewaard.")).to_be_visible()
    expect(piet.get_by_role("alert")).to_have_count(0)
    assert _answers(dossier)[ANCHORING] == combined
    greet.reload()
    expect(_answer(greet, ANCHORING)).to_have_value(combined)
    expect(_answer(greet, THEME)).to_have_value("Talent houden door samen te leren.")


def test_two_directors_change_one_plg_field_and_the_second_keeps_the_other_version(
    live_server, new_page
):
    contact = UserFactory(full_name="Greet Contact")
    partner = UserFactory(full_name="Piet Partner")
    dossier = DossierFactory(call=_open_call_2024(), created_by=contact, working_title="Oud")
    dossier.collaborators.create(user=partner, email=partner.email, role=CollaboratorRole.PARTNER)
    greet, piet = new_page(), new_page()
    for page, user in ((greet, contact), (piet, partner)):
        page.goto(f"{live_server.url}/account/login/")
        _log_in(page, user.email, TEST_PASSWORD)
        page.goto(f"{live_server.url}/dossiers/{dossier.pk}/plg/")

    greet.get_by_role("main").get_by_label(_label("Werktitel van de PLG")).fill("Samen sterk")
    greet.get_by_role("main").get_by_label(_label("Uw telefoonnummer")).fill("09 123 45 67")
    _save(greet)
    expect(greet.get_by_role("status").filter(has_text="Bewaard om")).to_be_visible()
    piet.get_by_role("main").get_by_label(_label("Werktitel van de PLG")).fill("Talent houden")
    _save(piet)

    alert = piet.get_by_role("alert").filter(has_text="intussen bewaard")
    expect(alert.get_by_role("link", name="Werktitel van de PLG")).to_be_visible()
    # The number Greet typed (a field Piet did not touch) is saved and shown as it is stored.
    expect(
        piet.get_by_role("main").get_by_label(_label("Telefoonnummer van de contactpersoon"))
    ).to_have_value("09 123 45 67")
    piet.get_by_role("main").get_by_label("De versie van Greet Contact").check()
    _save(piet)

    expect(piet.get_by_role("status").filter(has_text="Bewaard om")).to_be_visible()
    stored = Dossier.objects.get(pk=dossier.pk)
    assert (stored.working_title, stored.contact_phone) == ("Samen sterk", "09 123 45 67")
    expect(piet.get_by_role("main").get_by_label(_label("Werktitel van de PLG"))).to_have_value(
        "Samen sterk"
    )


def test_autosave_colliding_with_a_co_editor_says_so_and_overwrites_nothing(live_server, new_page):
    contact = UserFactory(full_name="Greet Contact")
    partner = UserFactory(full_name="Piet Partner")
    dossier = DossierFactory(call=_open_call_2024(), created_by=contact)
    dossier.collaborators.create(user=partner, email=partner.email, role=CollaboratorRole.PARTNER)
    greet, piet = new_page(), new_page()
    _open_motivation(greet, live_server, contact, dossier)
    _open_motivation(piet, live_server, partner, dossier)
    _answer(piet, ANCHORING).fill("Versie van Piet.")
    _save(piet)
    expect(piet.get_by_role("status").filter(has_text="Bewaard.")).to_be_visible()

    # Greet types (no save button): the autosave stores her other text and keeps Piet's.
    _answer(greet, OPENNESS).fill("Elke school maakt een actieplan.")
    _answer(greet, ANCHORING).press_sequentially("Versie van Greet.")
    status = greet.locator("#autosave-status").get_by_role("alert")
    expect(status).to_contain_text(re.compile(r"^Deels bewaard om \d\d:\d\d\. Bij Verankering"))
    stored = _answers(dossier)
    assert stored[ANCHORING] == "Versie van Piet."
    assert stored[OPENNESS] == "Elke school maakt een actieplan."

    # Saving shows both versions; nothing was lost on either side.
    _save(greet)
    conflict = greet.locator(f"#conflict-answer_{dossier.call.criteria.get(title=ANCHORING).pk}")
    expect(conflict.get_by_role("region", name="Uw versie")).to_contain_text("Versie van Greet.")
    expect(
        conflict.get_by_role("region", name=re.compile(rf"^Versie van Piet Partner, {SAVED_AT}$"))
    ).to_contain_text("Versie van Piet.")
