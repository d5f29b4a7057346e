"""The jury in a real browser: a juror scores a dossier; staff decide during the deliberation."""

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from jury.deliberation.services import decision_record
from jury.enums import JuryPhase
from jury.models import Decision, Jury
from jury.setup.services import dossiers_to_score
from plgportal.accounts.models import User
from plgportal.calls.models import Call
from plgportal.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, seed_demo
from plgportal.outbox.models import Email
from tests.e2e.signing_in import _label, _log_in
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET
from tests.jury.factories import AssignmentFactory, admissible_dossier


def _weighted_total(page: Page):
    return page.get_by_text(re.compile(r"^\s*Gewogen totaal"))


def test_juror_declares_no_conflict_and_scores_a_dossier(live_server, page, staff_user, juror):
    dossier = admissible_dossier(by=staff_user, working_title="Samen sterk")
    AssignmentFactory(dossier=dossier, juror=juror)
    jury = Jury.objects.get(call=dossier.call)
    jury.members.add(juror)
    jury.phase = JuryPhase.SCORING
    jury.save(update_fields=["phase"])
    criteria = list(dossier.call.criteria.order_by("position"))
    assert criteria, "the call needs criteria to score"

    page.goto(f"{live_server.url}/account/login/")
    _log_in(page, juror.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    overview = page.get_by_role("region", name=dossier.call.title)
    expect(overview).to_contain_text("0 van 1 beoordeeld")
    row = overview.get_by_role("row").filter(has_text=dossier.reference)
    expect(row).to_contain_text("Samen sterk")
    row.get_by_role("link", name=re.compile("^Belangenconflict verklaren")).click()

    main = page.get_by_role("main")
    main.get_by_label("Geen belangenconflict: ik beoordeel dit dossier").check()
    main.get_by_role("button", name="Verklaring bewaren").click()
    expect(page.get_by_text("Genoteerd: geen belangenconflict.")).to_be_visible()

    form = page.get_by_role("region", name="Uw beoordeling")
    maximum = 5 * len(criteria)
    expect(_weighted_total(page)).to_contain_text(f"0,00 / {maximum},00")
    running = 0
    for value, criterion in enumerate(criteria, start=2):
        group = form.get_by_role("group", name=re.compile(rf"^{re.escape(criterion.title)}\b"))
        group.get_by_role("radio", name=str(min(value, 5)), exact=True).check()
        running += min(value, 5)
        expect(_weighted_total(page)).to_contain_text(f"{running},00 / {maximum},00")
        group.get_by_label(_label("Motivering")).fill(f"Motivering bij {criterion.title}.")
    form.get_by_role("button", name="Indienen", exact=True).click()

    expect(page.get_by_text("Uw beoordeling is ingediend.", exact=True)).to_be_visible()
    expect(form).to_contain_text("Uw beoordeling is ingediend en ligt vast.")
    expect(form.get_by_role("button", name="Indienen")).to_have_count(0)
    first = form.get_by_role("group", name=re.compile(rf"^{re.escape(criteria[0].title)}\b"))
    expect(first.get_by_role("radio", name="2", exact=True)).to_be_checked()
    expect(first.get_by_role("radio", name="2", exact=True)).to_be_disabled()
    expect(first.get_by_label(_label("Motivering"))).to_have_value(
        f"Motivering bij {criteria[0].title}."
    )
    expect(_weighted_total(page)).to_contain_text(f"{running},00 / {maximum},00")

    page.get_by_role("navigation", name="Kruimelpad").get_by_role(
        "link", name="Mijn overzicht"
    ).click()
    expect(overview).to_contain_text("1 van 1 beoordeeld")
    expect(overview).to_contain_text("U hebt al uw dossiers in deze jury ingediend.")
    overview.get_by_role("link", name="Alle toegewezen dossiers (1)").click()
    expect(page.get_by_role("row").filter(has_text=dossier.reference)).to_contain_text("ingediend")


def test_staff_records_a_decision_in_deliberation(live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed_demo()
    call = Call.objects.get(slug="plg-2024")

    page.goto(f"{live_server.url}/account/login/")
    _log_in(page, "staff@demo.plg", DEMO_PASSWORD, DEMO_TOTP_SECRET)
    call_row = page.get_by_role("row").filter(
        has=page.get_by_role("link", name=call.title, exact=True)
    )
    call_row.get_by_role("link", name="Jury", exact=True).click()
    page.get_by_role("link", name="Rangschikking en deliberatie").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Rangschikking en deliberatie")
    table = page.get_by_role("table", name=re.compile("^Rangschikking van de ontvankelijke"))
    disputed = table.get_by_role("row").filter(has_text="PLG-2024-006")
    expect(disputed).to_contain_text("onenigheid")
    table.get_by_role("link", name="PLG-2024-001", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Samen sterk in aanvangsbegeleiding")
    decision = page.get_by_role("region", name="Beslissing")
    decision.get_by_label("Geselecteerd", exact=True).check()
    decision.get_by_label(_label("Motivering")).fill("Sterkste dossier: breed gedragen.")
    decision.get_by_role("button", name="Beslissing bewaren").click()

    expect(page.get_by_text("Beslissing voor PLG-2024-001")).to_be_visible()
    row = table.get_by_role("row").filter(has_text="PLG-2024-001")
    expect(row).to_contain_text("Geselecteerd")
    assert Decision.objects.get(dossier__reference="PLG-2024-001").outcome == "selected"


def test_staff_publishes_results_and_applicant_sees_decision(
    live_server, page, new_page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    seed_demo()
    jury = Jury.objects.get(call__slug="plg-2024")
    staff = User.objects.get(email="staff@demo.plg")
    for position, dossier in enumerate(dossiers_to_score(jury).order_by("reference")):
        outcome = "selected" if position < 10 else "reserve"
        decision_record(
            dossier=dossier,
            outcome=outcome,
            reserve_rank=1 if outcome == "reserve" else None,
            motivation="Beslist in de deliberatie.",
            by=staff,
        )

    page.goto(f"{live_server.url}/account/login/")
    _log_in(page, staff.email, DEMO_PASSWORD, DEMO_TOTP_SECRET)
    page.goto(f"{live_server.url}{reverse('jury:ranking', args=['plg-2024'])}")
    page.get_by_role("link", name="Resultaten publiceren").click()
    expect(page.locator("#outcome-counts")).to_contain_text("Geselecteerd")
    main = page.get_by_role("main")
    main.get_by_role("checkbox").check()
    main.get_by_role("button", name="Resultaten publiceren").click()
    expect(page.locator("#published")).to_contain_text("De resultaten zijn gepubliceerd op")

    jury.refresh_from_db()
    assert jury.phase == JuryPhase.PUBLISHED
    mails = Email.objects.filter(to="director.a@demo.plg", event_key__startswith="jury-result:")
    assert mails.count() == 1
    body = mails.get().body_text
    assert "Geselecteerd" in body or "geselecteerd" in body
    for juror in jury.members.all():
        assert juror.full_name not in body

    applicant = new_page()
    applicant.goto(f"{live_server.url}/account/login/")
    _log_in(applicant, "director.a@demo.plg", DEMO_PASSWORD)
    applicant.get_by_role("link", name="Openen").first.click()
    expect(applicant.get_by_role("main")).to_contain_text("Geselecteerd")
