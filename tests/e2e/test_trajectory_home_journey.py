"""The selected director's journey: from the home page to their PLG's trajectory."""

from datetime import time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from jury.enums import Outcome
from jury.models import Decision
from sessions.enums import MeetingRole
from sessions.models import RoleTaken
from tests.e2e.signing_in import _log_in
from tests.factories import TEST_PASSWORD, UserFactory
from tests.jury.factories import admissible_dossier
from tests.sessions.factories import trajectory_for

TITLE = "Samen sterk tegen uitval"


def _selected_trajectory(*, director, staff_user, coach):
    """Director's dossier, selected by the jury and coached; meeting 1 in ten days at the
    second school, where the director's (lead) school reports."""
    dossier = admissible_dossier(by=staff_user, created_by=director, working_title=TITLE)
    Decision.objects.create(dossier=dossier, outcome=Outcome.SELECTED, decided_by=staff_user)
    trajectory = trajectory_for(dossier=dossier, coach=coach)
    schools = list(dossier.schools.order_by("position"))
    dossier.lead_school = schools[0]
    dossier.save(update_fields=["lead_school"])
    today = timezone.localdate()
    for meeting in trajectory.meetings.all():
        meeting.date = today + timedelta(days=10 + 30 * (meeting.position - 1))
        meeting.start_time, meeting.end_time = time(14), time(16, 30)
        meeting.host_school = schools[1]
        meeting.address = "Kerkstraat 1, 9000 Gent"
        meeting.save()
    first = trajectory.meetings.get(position=1)
    RoleTaken.objects.create(meeting=first, school=schools[0], role=MeetingRole.REPORTER)
    return trajectory, first, schools


def test_selected_director_reaches_the_trajectory_from_the_home_page(
    live_server, page, staff_user, coach
):
    director = UserFactory(role="applicant", email="directeur@linde.be", full_name="An Peeters")
    trajectory, meeting, schools = _selected_trajectory(
        director=director, staff_user=staff_user, coach=coach
    )

    page.goto(f"{live_server.url}/account/login/")
    _log_in(page, director.email, TEST_PASSWORD)

    # Signing in lands on the home page, which shows the trajectory first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, An")
    panel = page.get_by_role("article", name=TITLE)
    expect(panel).to_contain_text(f"Coach: {coach.full_name}")
    when = f"{date_format(meeting.date, 'l j F Y')}, 14:00–16:30"
    expect(panel.locator(".next-meeting")).to_contain_text(f"PLG-bijeenkomst 1: {when}")
    expect(panel).to_contain_text(f"Gastschool: {schools[1].name} – Kerkstraat 1, 9000 Gent")
    expect(panel.locator(".school-part")).to_have_count(1)
    expect(panel.locator(".school-part")).to_contain_text(f"{schools[0].name} – rol: Verslaggever")
    expect(panel.locator(".school-part")).to_contain_text("Nog geen voorbereiding geregistreerd")
    expect(panel.get_by_role("link", name="Agenda-abonnement (iCalendar)")).to_be_visible()
    # From now on the menu leads there too.
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Trajecten")).to_be_visible()

    panel.get_by_role("link", name="Traject bekijken").click()
    expect(page).to_have_url(
        f"{live_server.url}{reverse('sessions:trajectory_detail', args=[trajectory.pk])}"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("row").filter(has_text="PLG-bijeenkomst 1")).to_contain_text(
        date_format(meeting.date, "l j F Y")
    )

    # The menu's link lists the trajectory too.
    menu.get_by_role("link", name="Trajecten").click()
    row = page.get_by_role("main").get_by_role("row").filter(has_text=TITLE)
    expect(row.get_by_role("link", name=trajectory.dossier.reference)).to_be_visible()
