"""A participant without an account answers the questionnaire after a meeting from the link in
the mail, on a 390 px phone, and changes an answer later; the coach then sees the figures."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.html import escape

from plgportal.outbox.models import Email
from plgportal.reminders.services import reminders_send_due
from sessions.feedback.services import feedback_answer_save, feedback_questions_ensure
from sessions.meetings.services import attendance_save
from sessions.models import FeedbackAnswer, FeedbackRequest, Meeting
from tests.e2e.conftest import DEFAULT_TIMEOUT_MS
from tests.e2e.signing_in import _log_in
from tests.e2e.test_coach_phone_fit import MEASURE, MIN_TARGET, PHONE, TARGETS
from tests.factories import TEST_PASSWORD
from tests.sessions.factories import trajectory_for


def _mailed_link(meeting) -> tuple[FeedbackRequest, str]:
    """Attendance recorded, the meeting over: the first participant's questionnaire mail and
    the path of its link."""
    participants = list(meeting.trajectory.participants.order_by("pk"))
    attendance_save(meeting=meeting, entries=[(p, "present", "") for p in participants])
    FeedbackRequest.objects.update(
        opens_at=timezone.now() - timedelta(hours=1),
        closes_at=timezone.now() + timedelta(days=14),
    )
    reminders_send_due(now=timezone.now())
    request = FeedbackRequest.objects.get(meeting=meeting, participant=participants[0])
    mail = Email.objects.get(
        to=request.participant.email, event_key__startswith="reminder:feedback_request:"
    )
    link = re.search(r"https?://\S+/vragenlijst/\S+/", mail.body_text).group(0)
    return request, urlsplit(link).path


def test_participant_answers_from_the_mail_on_a_phone(
    live_server, browser, transactional_db, coach
):
    trajectory = trajectory_for(coach=coach)
    meeting = trajectory.meetings.order_by("position").first()
    Meeting.objects.filter(pk=meeting.pk).update(date=timezone.localdate() - timedelta(days=1))
    meeting.refresh_from_db()
    questions = {q.position: q for q in feedback_questions_ensure(call=meeting.call)}
    request, path = _mailed_link(meeting)

    context = browser.new_context(viewport=PHONE, locale="nl-BE")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(live_server.url + path)
        assert page.get_by_role("heading", name="Hoe was de bijeenkomst?").is_visible()
        measured = page.evaluate(MEASURE, {"selector": TARGETS, "min": MIN_TARGET})
        assert measured["width"] <= PHONE["width"]
        assert measured["small"] == [] and measured["sideways"] == []

        page.locator(f"input[name=q{questions[1].pk}][value='4']").check()
        page.locator(f"input[name=q{questions[2].pk}][value='5']").check()
        page.get_by_label(questions[3].text).fill("Hoe een onthaalbeleid begint")
        page.get_by_label(questions[4].text).fill("Een meter voor elke starter")
        page.get_by_role("button", name="Antwoorden versturen").click()
        page.get_by_text("Bedankt! Uw antwoorden zijn bewaard.").wait_for()

        # Later the same day: the link still opens the answers, and they may change.
        page.goto(live_server.url + path)
        assert page.get_by_label(questions[3].text).input_value() == "Hoe een onthaalbeleid begint"
        page.locator(f"input[name=q{questions[1].pk}][value='2']").check()
        page.get_by_role("button", name="Antwoorden versturen").click()
        page.get_by_text("Bedankt! Uw antwoorden zijn bewaard.").wait_for()
    finally:
        context.close()

    stored = {a.question_id: a for a in FeedbackAnswer.objects.filter(request=request)}
    assert stored[questions[1].pk].score == 2
    assert stored[questions[4].pk].text == "Een meter voor elke starter"
    assert len(stored) == len(questions)


def test_coach_sees_the_figures_on_the_meeting_page(live_server, page, transactional_db, coach):
    trajectory = trajectory_for(coach=coach)
    meeting = trajectory.meetings.order_by("position").first()
    Meeting.objects.filter(pk=meeting.pk).update(date=timezone.localdate() - timedelta(days=1))
    meeting.refresh_from_db()
    request, path = _mailed_link(meeting)
    questions = feedback_questions_ensure(call=meeting.call)
    answers = {q.pk: 5 if q.is_score else "Samen lezen" for q in questions}
    feedback_answer_save(request=request, answers=answers)

    page.goto(f"{live_server.url}/account/login/")
    _log_in(page, coach.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/trajecten/{trajectory.pk}/bijeenkomsten/{meeting.pk}/")
    section = page.locator("#reacties")
    invited = FeedbackRequest.objects.filter(meeting=meeting).count()
    assert f"1 van {invited} deelnemers antwoordden" in section.inner_text()
    assert section.locator("svg.chart").count() == 1
    assert escape(request.participant.full_name) not in section.inner_html()
