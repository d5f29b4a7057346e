"""The participants' questionnaire after a meeting: opened when attendance is saved, mailed
once after the meeting with one reminder, answered from the signed link without an account
(changeable until it closes 14 days later), shown to the coach and staff without tying names
to answers fewer than three gave."""

import re
from datetime import date, time, timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from plgportal.calls.services import call_copy
from plgportal.outbox.models import Email
from plgportal.reminders.services import reminders_send_due
from sessions.enums import MeetingKind, ReportStatus
from sessions.feedback.services import (
    DEFAULT_QUESTIONS,
    feedback_answer_save,
    feedback_questions_ensure,
    feedback_quotes_save,
)
from sessions.feedback.tokens import questionnaire_token, read_questionnaire_token
from sessions.meetings.services import attendance_save
from sessions.models import (
    EvaluationReport,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackRequest,
    Meeting,
)
from sessions.report.services import report_for, report_save
from tests.factories import brussels
from tests.pdfs import read_pdf
from tests.sessions.factories import trajectory_for

pytestmark = pytest.mark.django_db

MEETING_DAY = date(2026, 3, 10)
AFTER_MEETING = brussels(2026, 3, 10, 22, 5)


@pytest.fixture
def trajectory(applicant, coach):
    trajectory = trajectory_for(coach=coach, created_by=applicant)
    Meeting.objects.filter(trajectory=trajectory, position=1).update(
        date=MEETING_DAY, start_time=time(19, 0), end_time=time(21, 30)
    )
    return trajectory


@pytest.fixture
def meeting(trajectory):
    return trajectory.meetings.get(position=1)


def record_attendance(meeting, absent=()):
    """Everyone present but `absent` (participants), recorded the evening of the meeting."""
    entries = [
        (p, "absent" if p in absent else "present", "")
        for p in meeting.trajectory.participants.order_by("pk")
    ]
    attendance_save(meeting=meeting, entries=entries)


@pytest.fixture
def opened(meeting):
    record_attendance(meeting)
    return list(FeedbackRequest.objects.filter(meeting=meeting).order_by("pk"))


def questions_of(meeting):
    return {q.position: q for q in FeedbackQuestion.objects.filter(call=meeting.call)}


def answers(meeting, *, useful=4, prepared=5, learned="Veel", tried="Iets", comment=""):
    q = questions_of(meeting)
    return {
        q[1].pk: useful,
        q[2].pk: prepared,
        q[3].pk: learned,
        q[4].pk: tried,
        q[5].pk: comment,
    }


def form_data(meeting, **kwargs):
    return {f"q{pk}": value for pk, value in answers(meeting, **kwargs).items()}


def questionnaire_url(request):
    return reverse("sessions:feedback_questionnaire", args=[questionnaire_token(request.pk)])


def open_all(requests):
    """As if the meeting ended before now: the questionnaires may be answered."""
    FeedbackRequest.objects.filter(pk__in=[r.pk for r in requests]).update(
        opens_at=timezone.now() - timedelta(hours=1),
        closes_at=timezone.now() + timedelta(days=13),
    )
    for request in requests:
        request.refresh_from_db()


# Opening -------------------------------------------------------------------------------------


def test_attendance_opens_one_questionnaire_per_participant_present(meeting):
    first, *others = meeting.trajectory.participants.order_by("pk")
    record_attendance(meeting, absent=[first])
    record_attendance(meeting, absent=[first])  # saved again: nothing opened twice

    requests = FeedbackRequest.objects.filter(meeting=meeting)
    assert sorted(r.participant_id for r in requests) == sorted(p.pk for p in others)
    request = requests.first()
    # Mailed from the meeting's end (attendance is recorded before it here), open 14 days.
    assert request.opens_at == max(brussels(2026, 3, 10, 21, 30), request.opens_at)
    assert request.closes_at - request.opens_at == timedelta(days=14)


def test_one_questionnaire_per_participant_and_meeting_in_the_database(opened):
    request = opened[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackRequest.objects.create(
            participant=request.participant,
            meeting=request.meeting,
            opens_at=request.opens_at,
            closes_at=request.closes_at,
        )


def test_call_without_questions_gets_the_five_default_ones(meeting):
    FeedbackQuestion.objects.filter(call=meeting.call).delete()

    record_attendance(meeting)

    questions = FeedbackQuestion.objects.filter(call=meeting.call).order_by("position")
    assert [q.text for q in questions] == [dutch for _k, _l, dutch, _fr, _r in DEFAULT_QUESTIONS]
    assert feedback_questions_ensure(call=meeting.call) == list(questions)


def test_copied_call_copies_its_questions(meeting):
    source = meeting.call
    feedback_questions_ensure(call=source)
    FeedbackQuestion.objects.filter(call=source, position=1).update(text="Was het de moeite?")

    copy = call_copy(source=source, title="Oproep 2026", slug="oproep-2026")

    copied = FeedbackQuestion.objects.filter(call=copy).order_by("position")
    assert [q.text for q in copied][0] == "Was het de moeite?"
    assert copied.count() == FeedbackQuestion.objects.filter(call=source).count()


# Mailing -------------------------------------------------------------------------------------


def feedback_mails():
    return Email.objects.filter(event_key__startswith="reminder:feedback_request:")


def test_questionnaire_mailed_once_after_the_meeting(meeting, opened):
    reminders_send_due(now=brussels(2026, 3, 10, 21, 0))
    assert not feedback_mails().exists()  # still going on
    # The requests were opened now (attendance recorded "today"): mail from their opens_at.
    FeedbackRequest.objects.update(
        opens_at=brussels(2026, 3, 10, 21, 30), closes_at=brussels(2026, 3, 24, 21, 30)
    )

    reminders_send_due(now=AFTER_MEETING)
    assert feedback_mails().count() == len(opened)
    reminders_send_due(now=AFTER_MEETING + timedelta(hours=5))
    assert feedback_mails().count() == len(opened)

    mail = feedback_mails().get(to=opened[0].participant.email)
    token = re.search(r"/vragenlijst/([^/\s]+)/", mail.body_text).group(1)
    assert read_questionnaire_token(token) == opened[0].pk
    assert "24 maart 2026" in mail.body_text
    assert escape(str(meeting.trajectory.dossier)) in mail.body_html


def test_one_reminder_to_those_who_did_not_answer(meeting, opened):
    FeedbackRequest.objects.update(
        opens_at=brussels(2026, 3, 10, 21, 30), closes_at=brussels(2026, 3, 24, 21, 30)
    )
    reminders_send_due(now=AFTER_MEETING)
    answered = opened[0]
    feedback_answer_save(request=answered, answers=answers(meeting), now=brussels(2026, 3, 12, 9))

    week_later = brussels(2026, 3, 17, 21, 35)
    reminders_send_due(now=week_later)
    reminded = feedback_mails().filter(event_key__contains=":d7:")
    assert reminded.count() == len(opened) - 1
    assert answered.participant.email not in {mail.to for mail in reminded}
    reminders_send_due(now=week_later + timedelta(days=3))
    reminders_send_due(now=brussels(2026, 3, 25, 9))  # closed: nothing more
    assert feedback_mails().count() == 2 * len(opened) - 1


# Answering -----------------------------------------------------------------------------------


def test_participant_answers_without_an_account_and_may_change(client, meeting, opened):
    request = opened[0]
    open_all([request])
    url = questionnaire_url(request)

    page = client.get(url)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert escape("Hoe nuttig was deze bijeenkomst voor u?") in page.content.decode()

    response = client.post(url, form_data(meeting, useful=2, learned="Feedback geven"))
    assert response.status_code == 302
    request.refresh_from_db()
    first_answered = request.answered_at
    assert first_answered is not None

    response = client.post(url, form_data(meeting, useful=5, learned="Feedback vragen"))
    assert response.status_code == 302
    stored = FeedbackAnswer.objects.filter(request=request)
    assert stored.count() == 5  # one answer per question, replaced, not added
    q = questions_of(meeting)
    assert stored.get(question=q[1]).score == 5
    assert stored.get(question=q[3]).text == "Feedback vragen"
    request.refresh_from_db()
    assert request.answered_at == first_answered
    assert request.updated_at > first_answered
    assert "al ingevuld" in client.get(url).content.decode()


def test_required_question_left_empty_comes_back(client, meeting, opened):
    request = opened[0]
    open_all([request])
    data = form_data(meeting)
    del data[f"q{questions_of(meeting)[1].pk}"]

    response = client.post(questionnaire_url(request), data)

    assert response.status_code == 200
    assert "Beantwoord deze vraag." in response.content.decode()
    assert not FeedbackAnswer.objects.exists()


def test_closed_questionnaire_says_so_and_saves_nothing(client, meeting, opened):
    request = opened[0]
    FeedbackRequest.objects.filter(pk=request.pk).update(
        opens_at=timezone.now() - timedelta(days=14, minutes=1),
        closes_at=timezone.now() - timedelta(minutes=1),
    )
    url = questionnaire_url(request)

    page = client.get(url)
    assert page.status_code == 410
    assert "Deze vragenlijst is gesloten" in page.content.decode()
    assert client.post(url, form_data(meeting)).status_code == 410
    assert not FeedbackAnswer.objects.exists()


def test_service_refuses_an_answer_after_closing(meeting, opened):
    request = opened[0]
    with pytest.raises(ValidationError) as refused:
        feedback_answer_save(
            request=request, answers=answers(meeting), now=request.closes_at + timedelta(seconds=1)
        )
    assert refused.value.code == "closed"
    feedback_answer_save(
        request=request, answers=answers(meeting), now=request.closes_at - timedelta(seconds=1)
    )
    assert FeedbackAnswer.objects.filter(request=request).count() == 5


@pytest.mark.parametrize("mangle", [lambda token: token[:-2] + "xx", lambda token: "12"])
def test_link_that_is_not_ours_answers_400(client, opened, mangle):
    token = mangle(questionnaire_token(opened[0].pk))
    response = client.get(reverse("sessions:feedback_questionnaire", args=[token]))
    assert response.status_code == 400
    assert "niet geldig" in response.content.decode()


def test_link_to_a_removed_questionnaire_answers_400(client, opened):
    url = questionnaire_url(opened[0])
    opened[0].delete()
    assert client.get(url).status_code == 400


# What the coach sees -------------------------------------------------------------------------


def answer_with_lines(meeting, requests, lines):
    open_all(requests)
    for request, line in zip(requests, lines, strict=False):
        feedback_answer_save(
            request=request,
            answers=answers(meeting, learned=line, tried=f"Plan {request.pk}", useful=4),
        )


def reacties(page: str) -> str:
    """The feedback section of the meeting page (other sections list the participants)."""
    match = re.search(r'<section id="reacties".*?</section>', page, re.S)
    return match.group(0) if match else ""


def test_coach_sees_figures_and_no_name_below_three(client, coach, meeting, opened):
    lines = ["Mentoraat werkt", "mentoraat werkt", "Mentoraat werkt.", "Een eigen inzicht"]
    answer_with_lines(meeting, opened[:4], lines)
    client.force_login(coach)

    page = client.get(reverse("sessions:meeting_detail", args=[meeting.trajectory_id, meeting.pk]))

    section = reacties(page.content.decode())
    assert f"4 van {len(opened)} deelnemers antwoordden" in section
    assert "<svg" in section
    assert "Een eigen inzicht" in section
    same_way = sorted(r.participant.full_name for r in opened[:3])
    assert escape(", ".join(same_way)) in section
    assert escape(opened[3].participant.full_name) not in section  # alone in their answer
    for request in opened[4:]:
        assert escape(request.participant.full_name) not in section  # did not answer


def test_two_the_same_way_stay_nameless(client, coach, meeting, opened):
    answer_with_lines(meeting, opened[:2], ["Samen lezen", "Samen lezen"])
    client.force_login(coach)

    page = client.get(reverse("sessions:meeting_detail", args=[meeting.trajectory_id, meeting.pk]))

    section = reacties(page.content.decode())
    assert "Samen lezen" in section
    for request in opened[:2]:
        assert escape(request.participant.full_name) not in section


def test_participant_does_not_see_the_answers(client, applicant, meeting, opened):
    answer_with_lines(meeting, opened[:3], ["Iets", "Iets", "Iets"])
    client.force_login(applicant)

    page = client.get(reverse("sessions:meeting_detail", args=[meeting.trajectory_id, meeting.pk]))

    assert page.status_code == 200
    assert reacties(page.content.decode()) == ""


def test_joint_event_shows_the_coachs_own_participants(client, coach, trajectory, applicant):
    other = trajectory_for(call=trajectory.dossier.call)
    kickoff = Meeting.objects.create(
        call=trajectory.dossier.call, kind=MeetingKind.KICKOFF, date=MEETING_DAY
    )
    everyone = [*trajectory.participants.all(), *other.participants.all()]
    attendance_save(meeting=kickoff, entries=[(p, "present", "") for p in everyone])
    requests = list(FeedbackRequest.objects.filter(meeting=kickoff))
    answer_with_lines(kickoff, requests, ["Inspirerend"] * len(requests))
    client.force_login(coach)

    page = client.get(
        reverse("sessions:joint_meeting_attendance", args=[trajectory.pk, kickoff.pk])
    )

    own = trajectory.participants.count()
    assert f"{own} van {own} deelnemers antwoordden" in reacties(page.content.decode())


@pytest.mark.parametrize("answered", [1, 5])
def test_meeting_page_queries_do_not_grow(client, coach, meeting, opened, answered):
    open_all(opened)
    client.force_login(coach)
    url = reverse("sessions:meeting_detail", args=[meeting.trajectory_id, meeting.pk])
    client.get(url)  # session and caches warm
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for request in opened[:answered]:
        feedback_answer_save(request=request, answers=answers(meeting, learned=f"Les {request.pk}"))
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


# Staff across trajectories -------------------------------------------------------------------


def staff_page(client, user, call):
    client.force_login(user)
    return client.get(reverse("sessions:call_feedback", args=[call.slug]))


def test_staff_see_every_trajectory_coach_their_own(client, staff_user, coach, meeting, opened):
    answer_with_lines(meeting, opened[:1], ["Eerste les"])
    call = meeting.call
    other = trajectory_for(call=call)

    page = staff_page(client, staff_user, call).content.decode()
    assert escape(str(meeting.trajectory.dossier)) in page
    assert escape(str(other.dossier)) in page
    assert "Eerste les" in page
    assert f"1/{len(opened)}" in page

    page = staff_page(client, coach, call).content.decode()
    assert escape(str(meeting.trajectory.dossier)) in page
    assert escape(str(other.dossier)) not in page


@pytest.mark.parametrize("size", [1, 3])
def test_staff_page_queries_do_not_grow(client, staff_user, size, django_assert_num_queries):
    call = trajectory_for().dossier.call
    for _ in range(size):
        trajectory = trajectory_for(call=call)
        meeting = trajectory.meetings.get(position=1)
        Meeting.objects.filter(pk=meeting.pk).update(date=MEETING_DAY)
        meeting.refresh_from_db()
        record_attendance(meeting)
        requests = list(FeedbackRequest.objects.filter(meeting=meeting))
        answer_with_lines(meeting, requests[:2], ["A", "B"])
    client.force_login(staff_user)
    url = reverse("sessions:call_feedback", args=[call.slug])
    client.get(url)
    # session, user, call, trajectories, meetings, questions, questionnaires, answers
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


# Quotes for the evaluation report ------------------------------------------------------------


def test_coach_quotes_at_most_five_lines_per_level(meeting, opened):
    answer_with_lines(meeting, opened[:7], [f"Les {n}" for n in range(7)])
    learned = FeedbackAnswer.objects.filter(question__level=2).order_by("pk")
    comments = FeedbackAnswer.objects.filter(question__kind="comment")

    with pytest.raises(ValidationError):
        feedback_quotes_save(trajectory=meeting.trajectory, answer_ids=[a.pk for a in learned])

    assert not FeedbackAnswer.objects.filter(quoted=True).exists()
    count = feedback_quotes_save(
        trajectory=meeting.trajectory,
        answer_ids=[a.pk for a in learned[:2]] + [c.pk for c in comments],
    )
    assert count == 2  # comments for the coach are never quoted
    assert set(FeedbackAnswer.objects.filter(quoted=True)) == set(learned[:2])


def test_changed_line_is_no_longer_quoted(meeting, opened):
    answer_with_lines(meeting, opened[:1], ["Oud inzicht"])
    line = FeedbackAnswer.objects.get(question__level=2)
    feedback_quotes_save(trajectory=meeting.trajectory, answer_ids=[line.pk])

    feedback_answer_save(
        request=opened[0], answers=answers(meeting, learned="Oud inzicht", useful=1)
    )
    line.refresh_from_db()
    assert line.quoted  # the words did not change
    feedback_answer_save(request=opened[0], answers=answers(meeting, learned="Nieuw inzicht"))
    line.refresh_from_db()
    assert not line.quoted


# The evaluation report -----------------------------------------------------------------------


def test_report_prefills_levels_1_2_4_and_its_pdf_quotes(client, coach, meeting, opened):
    answer_with_lines(meeting, opened[:3], ["Samen leren werkt", "Data lezen", "Iets anders"])
    learned = FeedbackAnswer.objects.get(request=opened[1], question__level=2)
    tried = FeedbackAnswer.objects.get(request=opened[0], question__level=4)
    feedback_quotes_save(trajectory=meeting.trajectory, answer_ids=[learned.pk, tried.pk])
    client.force_login(coach)
    report_url = reverse("sessions:trajectory_report", args=[meeting.trajectory_id])

    page = client.get(report_url).content.decode()

    reactions = re.search(r'<textarea name="reactions".*?</textarea>', page, re.S).group(0)
    assert f"3 van de {len(opened)} vragenlijsten in" in reactions
    assert escape("“Hoe nuttig was deze bijeenkomst voor u?”: gemiddeld 4,0 op 5") in reactions
    learning = re.search(r'<textarea name="learning".*?</textarea>', page, re.S).group(0)
    assert escape("“Data lezen”") in learning
    assert "Samen leren werkt" not in learning  # not chosen
    practice = re.search(r'<textarea name="practice".*?</textarea>', page, re.S).group(0)
    assert escape(f"“Plan {opened[0].pk}”") in practice
    section = re.search(r'<section class="mb-4" id="report-feedback".*?</section>', page, re.S)
    assert escape("“Data lezen”") in section.group(0)
    for request in opened[:3]:
        assert escape(request.participant.full_name) not in section.group(0)

    pdf = client.get(reverse("sessions:trajectory_report_pdf", args=[meeting.trajectory_id]))
    text = read_pdf(pdf.getvalue()).text
    assert "Data lezen" in text
    assert f"3 van {len(opened)} vragenlijsten ingevuld" in text

    overview = client.get(reverse("sessions:trajectory_overview_pdf", args=[meeting.trajectory_id]))
    text = read_pdf(overview.getvalue()).text
    assert f"3 van {len(opened)} vragenlijsten ingevuld" in text
    assert "Data lezen" in text


def test_report_text_already_written_is_not_replaced(client, coach, meeting, opened):
    answer_with_lines(meeting, opened[:3], ["A", "B", "C"])
    report_save(report=report_for(meeting.trajectory), by=coach, reactions="Onze eigen tekst")
    client.force_login(coach)

    page = client.get(reverse("sessions:trajectory_report", args=[meeting.trajectory_id]))

    reactions = re.search(r'<textarea name="reactions".*?</textarea>', page.content.decode(), re.S)
    assert "Onze eigen tekst" in reactions.group(0)
    assert "vragenlijsten in" not in reactions.group(0)


def test_coach_chooses_quotes_on_their_page(client, coach, meeting, opened):
    answer_with_lines(meeting, opened[:2], ["Eerste", "Tweede"])
    first = FeedbackAnswer.objects.get(request=opened[0], question__level=2)
    client.force_login(coach)
    url = reverse("sessions:trajectory_report_quotes", args=[meeting.trajectory_id])

    page = client.get(url).content.decode()
    assert "Tweede" in page
    assert escape(opened[0].participant.full_name) not in page

    response = client.post(url, {"quoted": [first.pk]})
    assert response.status_code == 302
    assert list(FeedbackAnswer.objects.filter(quoted=True)) == [first]


# The data migration ----------------------------------------------------------------------------

seed_migration = import_module("sessions.migrations.0009_feedback_default_questions")


def test_migration_gives_existing_calls_the_default_questions_once(meeting):
    call = meeting.call
    asked = feedback_questions_ensure(call=copy_of(call))  # a call that has its own already

    seed_migration.seed_questions(apps, None)
    seed_migration.seed_questions(apps, None)

    questions = FeedbackQuestion.objects.filter(call=call).order_by("position")
    assert [(q.kind, q.level, q.text) for q in questions] == [
        (kind, level, dutch) for kind, level, dutch, _french, _required in DEFAULT_QUESTIONS
    ]
    assert FeedbackQuestion.objects.filter(call=asked[0].call).count() == len(asked)


def copy_of(call):
    return call_copy(source=call, title="Oproep 2026", slug="oproep-2026-migratie")


def test_quotes_are_fixed_once_the_report_is_submitted(coach, meeting, opened):
    answer_with_lines(meeting, opened[:1], ["Vast citaat"])
    line = FeedbackAnswer.objects.get(question__level=2)
    EvaluationReport.objects.create(trajectory=meeting.trajectory, status=ReportStatus.SUBMITTED)

    with pytest.raises(ValidationError):
        feedback_quotes_save(trajectory=meeting.trajectory, answer_ids=[line.pk])
    assert not FeedbackAnswer.objects.filter(quoted=True).exists()
