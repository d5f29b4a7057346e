"""A director finds the call, registers from its page and lands on starting a dossier; starting a
second one for the same call from the home page warns first and names the first one."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from applications.models import Dossier
from plgportal.calls.call_2024 import call_2024_upsert
from tests.e2e.signing_in import _label
from tests.e2e.test_login_journey import NEW_PASSWORD, _link_in_mail


def _register(page: Page, email: str) -> None:
    form = page.get_by_role("main").locator("form")
    form.get_by_label(_label("Volledige naam")).fill("Greet Directeur")
    form.get_by_label(_label("E-mailadres")).fill(email)
    form.get_by_label(_label("Wachtwoord")).fill(NEW_PASSWORD)
    form.get_by_label(_label("Wachtwoord (bevestigen)")).fill(NEW_PASSWORD)
    form.get_by_role("button", name="Registreren").click()
    expect(page.get_by_role("main")).to_contain_text("We hebben een e-mail verstuurd")


def test_director_registers_from_the_call_and_is_warned_before_a_second_dossier(
    live_server, page, settings
):
    settings.SITE_URL = live_server.url
    call = call_2024_upsert(
        slug="plg-2024",
        opens_at=timezone.now() - timedelta(days=10),
        deadline=timezone.now() + timedelta(days=30),
    )
    email = "greet@school.be"

    page.goto(f"{live_server.url}/oproepen/{call.slug}/")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Aanmelden", exact=True)).to_be_visible()
    main.get_by_role("link", name="Registreren en dossier starten").click()
    _register(page, email)
    page.goto(_link_in_mail(email, "/account/confirm-email/", live_server))
    page.get_by_role("main").get_by_role("button", name="Bevestigen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Dossier starten")
    main = page.get_by_role("main")
    expect(main).to_contain_text("U start een nieuw dossier voor deze oproep")
    main.get_by_role("button", name="Dossier starten").click()
    expect(main.get_by_role("status")).to_contain_text("Uw dossier is aangemaakt.")
    expect(main).to_contain_text("De lijst “Ontvankelijkheid” toont wat nog ontbreekt.")
    checklist = page.get_by_role("complementary", name="Ontvankelijkheid")
    expect(checklist).not_to_contain_text("Online ingediend")
    first = Dossier.objects.get()

    page.goto(live_server.url)
    card = page.get_by_role("article").filter(has_text=call.title)
    card.get_by_role("button", name="Dossier starten").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Dossier starten")
    warning = page.get_by_role("region", name="U werkt al mee aan een dossier voor deze oproep.")
    expect(warning.get_by_role("link", name="Dossier in opmaak")).to_have_attribute(
        "href", f"/dossiers/{first.pk}/"
    )
    page.get_by_role("button", name="Toch een nieuw dossier starten").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(
        "Uw dossier is aangemaakt."
    )
    assert Dossier.objects.filter(call=call, created_by__email=email).count() == 2
