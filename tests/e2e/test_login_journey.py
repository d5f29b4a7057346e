import re
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import Page, expect

from plgportal.accounts.models import User
from plgportal.calls.models import Call
from plgportal.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, PRACTICE_SLUG, seed_demo
from plgportal.outbox.models import Email
from tests.e2e.signing_in import _label, _log_in, _totp_code
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET

NEW_PASSWORD = "lange-zin-als-wachtwoord"
LINK = re.compile(r"https?://\S+")


def _link_in_mail(to: str, path_start: str, live_server) -> str:
    """The link from the mail to `to`, pointed at the live server (mails link to SITE_URL)."""
    paths = [urlsplit(link).path for link in LINK.findall(Email.objects.get(to=to).body_text)]
    return live_server.url + next(path for path in paths if path.startswith(path_start))


def _main_nav(page: Page):
    return page.get_by_role("navigation", name="Hoofdmenu")


def test_demo_director_logs_in_and_sees_director_dashboard(live_server, page):
    seed_demo()
    page.goto(live_server.url)
    page.get_by_role("main").get_by_role("link", name="Aanmelden").click()
    _log_in(page, "director.a@demo.plg", DEMO_PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, An")
    expect(page.get_by_role("heading", name="Mijn dossiers")).to_be_visible()
    practice_call = Call.objects.get(slug=PRACTICE_SLUG)
    expect(page.get_by_role("link", name=practice_call.title)).to_have_attribute(
        "href", f"/oproepen/{PRACTICE_SLUG}/"
    )
    expect(_main_nav(page).get_by_role("link", name="Jury en coaches")).to_have_count(0)


def test_staff_dashboard_after_login(live_server, page):
    seed_demo()
    page.goto(f"{live_server.url}/account/login/")
    _log_in(page, "staff@demo.plg", DEMO_PASSWORD, DEMO_TOTP_SECRET)

    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Sofie")
    expect(_main_nav(page).get_by_role("link", name="Jury en coaches")).to_be_visible()
    # Each count sits above its label, in its own paragraph: inner text puts a break between.
    main = page.get_by_role("main")
    expect(main).to_contain_text(re.compile(r"\b3\s+juryleden\b"), use_inner_text=True)
    expect(main).to_contain_text(re.compile(r"\b1\s+coach\b"), use_inner_text=True)


def test_applicant_registers_confirms_email_and_lands_on_dashboard(live_server, page):
    email = "greet@school.be"
    page.goto(f"{live_server.url}/account/signup/")
    form = page.get_by_role("main").locator("form")
    form.get_by_label(_label("Volledige naam")).fill("Greet Directeur")
    form.get_by_label(_label("E-mailadres")).fill(email)
    form.get_by_label(_label("Wachtwoord")).fill(NEW_PASSWORD)
    form.get_by_label(_label("Wachtwoord (bevestigen)")).fill(NEW_PASSWORD)
    form.get_by_role("button", name="Registreren").click()

    main = page.get_by_role("main")
    expect(main).to_contain_text("We hebben een e-mail verstuurd ter verificatie")
    assert [message.to for message in mail.outbox] == [[email]]
    page.goto(_link_in_mail(email, "/account/confirm-email/", live_server))
    main.get_by_role("button", name="Bevestigen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Greet")
    expect(page.get_by_role("heading", name="Mijn dossiers")).to_be_visible()
    assert User.objects.get(email=email).role == "applicant"


def test_staff_invites_juror_who_sets_password_and_sees_jury_dashboard(
    live_server, page, new_page, settings, staff_user
):
    # Invitation mails link to SITE_URL: they may be rendered by a worker with no request.
    settings.SITE_URL = live_server.url
    email = "jo@jury.be"
    page.goto(f"{live_server.url}/account/login/")
    _log_in(page, staff_user.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    _main_nav(page).get_by_role("link", name="Jury en coaches").click()
    expect(page).to_have_url(f"{live_server.url}/team/")
    invite = page.get_by_role("region", name="Iemand uitnodigen")
    invite.get_by_label(_label("Volledige naam")).fill("Jo Jury")
    invite.get_by_label(_label("E-mailadres")).fill(email)
    invite.get_by_label(_label("Rol")).select_option(label="Jurylid")
    invite.get_by_role("button", name="Uitnodiging versturen").click()

    expect(page.get_by_role("status")).to_have_text(f"Uitnodiging verstuurd naar {email}.")
    member = page.get_by_role("row").filter(has_text=email)
    expect(member).to_contain_text("Jo Jury")
    expect(member).to_contain_text("Uitnodiging openstaand")

    invitee = new_page()
    invitee.goto(_link_in_mail(email, "/uitnodiging/", live_server))
    form = invitee.get_by_role("main").locator("form")
    form.get_by_label(_label("Nieuw wachtwoord")).fill(NEW_PASSWORD)
    form.get_by_label(_label("Nieuw wachtwoord bevestigen")).fill(NEW_PASSWORD)
    form.get_by_role("button", name="Wachtwoord instellen en aanmelden").click()

    # A juror signs in with two factors: first the authenticator app, then the dashboard.
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Twee-factor-authenticatie")
    main = invitee.get_by_role("main")
    expect(main).to_contain_text("Voor uw rol is twee-factor-authenticatie verplicht")
    main.get_by_role("link", name="Activeer").click()
    main.get_by_label(_label("Wachtwoord")).fill(NEW_PASSWORD)  # confirm it is really Jo
    main.get_by_role("button", name="Bevestigen").click()
    secret = main.get_by_label("Authenticator geheim").input_value()
    main.get_by_label(_label("Authenticator code")).fill(_totp_code(secret))
    main.get_by_role("button", name="Activeer").click()

    invitee.get_by_role("link", name="PLG Portal").click()
    expect(invitee.get_by_role("heading", name="Dossiers om te beoordelen")).to_be_visible()
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Welkom, Jo")


def test_wrong_password_shows_dutch_error_and_keeps_email(live_server, page, applicant):
    page.goto(f"{live_server.url}/account/login/")
    _log_in(page, applicant.email, "niet-het-juiste-wachtwoord")

    expect(page).to_have_url(f"{live_server.url}/account/login/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("e-mailadres en/of wachtwoord is niet correct")
    expect(main.get_by_label(_label("E-mailadres"))).to_have_value(applicant.email)
