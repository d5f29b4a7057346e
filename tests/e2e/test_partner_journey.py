"""A partner director in the order the invitation mail tells them: invited by the contact person,
they register with the invited address, confirm it, open the dossier and confirm its final text;
the contact person then sees them confirmed and submits."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from applications.enums import DossierStatus
from applications.models import Dossier
from plgportal.outbox.models import Email
from tests.e2e.signing_in import _label, _log_in
from tests.e2e.test_login_journey import LINK, NEW_PASSWORD
from tests.factories import TEST_PASSWORD, UserFactory, eligible_dossier

PARTNER = "piet.partner@school.be"


def _link_in_mails(to: str, path_start: str, live_server) -> str:
    """The newest link starting with `path_start` in the mails to `to`, pointed at the live
    server (the partner receives several: the invitation, then the address confirmation)."""
    for email in Email.objects.filter(to=to).order_by("-pk"):
        for link in LINK.findall(email.body_text):
            if urlsplit(link).path.startswith(path_start):
                return live_server.url + urlsplit(link).path
    raise AssertionError(f"no mail to {to} links to {path_start}")


def _partners_row(page: Page):
    """The partner's line in "Wie werkt mee aan dit dossier" on the dossier overview."""
    return (
        page.get_by_role("region", name="Wie werkt mee aan dit dossier")
        .get_by_role("listitem")
        .filter(has_text=PARTNER)
    )


def _open_dossier_from_home(page: Page, dossier: Dossier) -> None:
    page.get_by_role("link", name="PLG Portal").click()
    my_dossiers = page.get_by_role("region", name="Mijn dossiers")
    row = my_dossiers.get_by_role("row").filter(has_text=dossier.working_title)
    row.get_by_role("link", name=re.compile(r"^Openen\b")).click()
    expect(page.get_by_role("heading", level=2, name="Overzicht")).to_be_visible()


def _contact_invites_partner(page: Page, live_server, dossier: Dossier, school_name: str):
    page.goto(f"{live_server.url}/account/login/")
    _log_in(page, dossier.created_by.email, TEST_PASSWORD)
    _open_dossier_from_home(page, dossier)
    page.get_by_role("link", name="Partnerscholen uitnodigen en medewerkers beheren").click()
    invite = page.get_by_role("region", name="Directeur van een partnerschool uitnodigen")
    # Typed as people do; the portal keeps addresses in lower case.
    invite.get_by_label(_label("E-mailadres van de directeur")).fill("Piet.Partner@School.be")
    invite.get_by_label(_label("Partnerschool")).select_option(label=school_name)
    invite.get_by_role("button", name="Uitnodigen").click()
    expect(page.get_by_role("status")).to_have_text(f"Uitnodiging verstuurd naar {PARTNER}.")
    expect(page.get_by_role("row").filter(has_text=PARTNER)).to_contain_text("uitgenodigd")


def _partner_registers_from_the_mail(page: Page, live_server) -> None:
    page.goto(_link_in_mails(PARTNER, "/account/signup/", live_server))
    form = page.get_by_role("main").locator("form")
    form.get_by_label(_label("Volledige naam")).fill("Piet Partner")
    form.get_by_label(_label("E-mailadres")).fill(PARTNER)
    form.get_by_label(_label("Wachtwoord")).fill(NEW_PASSWORD)
    form.get_by_label(_label("Wachtwoord (bevestigen)")).fill(NEW_PASSWORD)
    form.get_by_role("button", name="Registreren").click()
    expect(page.get_by_role("main")).to_contain_text("We hebben een e-mail verstuurd")

    page.goto(_link_in_mails(PARTNER, "/account/confirm-email/", live_server))
    page.get_by_role("main").get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Piet")


def test_invited_partner_registers_confirms_final_text_and_contact_submits(
    live_server, page, new_page, settings
):
    # Invitation mails link to SITE_URL: they may be rendered by a worker with no request.
    settings.SITE_URL = live_server.url
    contact = UserFactory(email="greet@school.be", full_name="Greet Directeur")
    dossier = eligible_dossier(created_by=contact)
    partner_school = dossier.schools.all()[1]

    _contact_invites_partner(page, live_server, dossier, partner_school.name)

    partner = new_page()
    _partner_registers_from_the_mail(partner, live_server)
    main = partner.get_by_role("main")
    expect(main.get_by_role("heading", name="Mijn dossiers")).to_be_visible()
    _open_dossier_from_home(partner, dossier)
    partner.get_by_role("button", name="Ik bevestig de eindtekst van dit dossier").click()
    expect(partner.get_by_role("status")).to_have_text(
        "U hebt de eindtekst van het dossier bevestigd."
    )
    expect(main).not_to_contain_text("Alleen directeurs van partnerscholen")
    expect(partner.get_by_role("row").filter(has_text=PARTNER)).to_contain_text(
        "eindtekst bevestigd op"
    )

    _open_dossier_from_home(page, dossier)
    expect(_partners_row(page)).to_contain_text("eindtekst bevestigd op")
    expect(_partners_row(page)).not_to_contain_text("uitgenodigd")
    page.get_by_role("link", name="Nakijken en indienen").first.click()
    review = page.get_by_role("region", name="Wie werkt mee aan dit dossier")
    expect(review.get_by_role("listitem").filter(has_text=PARTNER)).to_contain_text(
        "eindtekst bevestigd op"
    )
    page.get_by_role("main").get_by_role("button", name="Dossier indienen").click()
    expect(page.get_by_role("status").filter(has_text="Uw dossier is ingediend.")).to_have_text(
        re.compile(r"Uw dossier is ingediend\. Uw dossiernummer is \S+\.")
    )

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    collaborator = dossier.collaborators.get(email=PARTNER)
    assert collaborator.user.email == PARTNER
    assert collaborator.school == partner_school
    # The partner director receives the submitted dossier too.
    assert Email.objects.filter(to=PARTNER).exclude(attachments=None).exists()
