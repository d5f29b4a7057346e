"""A school's contact person fills in its indicators from the link in the mail after the
kick-off, on a 390 px phone, without signing in; the coach then sees who has not and sends a
school its link again."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.utils import timezone

from plgportal.outbox.models import Email
from plgportal.reminders.services import reminders_send_due
from sessions.enums import MeetingKind
from sessions.models import IndicatorRecord, Meeting
from tests.e2e.conftest import DEFAULT_TIMEOUT_MS
from tests.e2e.signing_in import _log_in
from tests.e2e.test_coach_phone_fit import MEASURE, MIN_TARGET, PHONE, TARGETS
from tests.factories import TEST_PASSWORD
from tests.sessions.factories import trajectory_for


def _started_trajectory(coach, applicant):
    """A trajectory whose call held its kick-off two days ago; the requests mailed."""
    trajectory = trajectory_for(coach=coach, created_by=applicant)
    Meeting.objects.create(
        call=trajectory.dossier.call,
        kind=MeetingKind.KICKOFF,
        date=timezone.localdate() - timedelta(days=2),
    )
    reminders_send_due(now=timezone.now())
    return trajectory


def test_contact_person_fills_in_from_the_mail_on_a_phone(
    live_server, browser, transactional_db, coach, applicant
):
    trajectory = _started_trajectory(coach, applicant)
    school = trajectory.dossier.schools.order_by("position").first()
    mail = Email.objects.filter(
        to=applicant.email, event_key__contains=f"indicators-school-{school.pk}-before"
    ).get()
    path = urlsplit(re.search(r"https?://\S+/indicatoren/\S+/", mail.body_text).group(0)).path

    context = browser.new_context(viewport=PHONE, locale="nl-BE")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(live_server.url + path)
        assert page.get_by_role("heading", name=f"Indicatoren van {school.name}").is_visible()
        measured = page.evaluate(MEASURE, {"selector": TARGETS, "min": MIN_TARGET})
        assert measured["width"] <= PHONE["width"]
        assert measured["small"] == [] and measured["sideways"] == []

        page.get_by_label("Hoeveel leerkrachten begonnen").fill("8")
        page.get_by_label("Hoeveel van hen hebben").fill("3")
        page.locator("input[name=induction_policy][value=no]").check()
        page.locator("input[name=career_policy][value=yes]").check()
        page.get_by_label("Wat veranderde er").fill("Een mentor voor elke starter")
        page.get_by_role("button", name="Bewaren").click()
        page.get_by_text("Bedankt! De indicatoren van").wait_for()
        assert page.get_by_label("Hoeveel van hen hebben").input_value() == "3"
    finally:
        context.close()

    record = IndicatorRecord.objects.get(school=school, moment="before")
    assert {v.definition.code: v.value for v in record.values.all()}["starters"] == 8


def test_coach_sees_who_has_not_and_sends_the_link_again(
    live_server, page, transactional_db, coach, applicant
):
    trajectory = _started_trajectory(coach, applicant)
    mailed = Email.objects.count()
    page.goto(f"{live_server.url}/account/login/")
    _log_in(page, coach.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/trajecten/{trajectory.pk}/")
    section = page.locator("#indicators")
    schools = trajectory.dossier.schools.count()
    assert section.get_by_text("nog niet ingevuld").count() == schools
    section.get_by_role("button", name="Link opnieuw sturen").first.click()
    page.get_by_text("is verstuurd naar").wait_for()
    assert Email.objects.count() == mailed + 1
