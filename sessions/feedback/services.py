"""Writes of the participants' questionnaire after a meeting: its questions on the call, the
questionnaires opened for those who attended, their answers, and the lines the coach quotes in
the evaluation report. Mailing is the reminder scheduler's (sessions.reminders)."""

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plgportal.calls.models import Call
from plgportal.calls.texts import texts_of, translated
from plgportal.reminders.schedule import day_end, moment_of
from sessions.enums import AttendanceStatus, FeedbackQuestionKind, GuskeyLevel
from sessions.models import (
    Attendance,
    EvaluationReport,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackRequest,
    Meeting,
    Trajectory,
)

# How long a questionnaire stays open after it is mailed (issue 17).
OPEN_FOR = timedelta(days=14)
# How many lines of each level the coach may quote in the evaluation report.
MAX_QUOTES_PER_LEVEL = 5

# A call without questions gets these (as migration 0009 gave the calls that existed then).
# Dutch data, not interface text: staff edit them per call in the admin.
_SCORE, _LINE = FeedbackQuestionKind.SCORE, FeedbackQuestionKind.LINE
_COMMENT = FeedbackQuestionKind.COMMENT
DEFAULT_QUESTIONS = (
    # (kind, Guskey level, Dutch text, French text, required)
    (
        _SCORE,
        GuskeyLevel.REACTIONS,
        "Hoe nuttig was deze bijeenkomst voor u?",
        "Dans quelle mesure cette rencontre vous a-t-elle été utile\u00a0?",
        True,
    ),
    (
        _SCORE,
        GuskeyLevel.REACTIONS,
        "Hoe goed was deze bijeenkomst voorbereid?",
        "Cette rencontre était-elle bien préparée\u00a0?",
        True,
    ),
    (
        _LINE,
        GuskeyLevel.LEARNING,
        "Wat heeft u geleerd? (één zin)",
        "Qu'avez-vous appris\u00a0? (une phrase)",
        True,
    ),
    (
        _LINE,
        GuskeyLevel.PRACTICE,
        "Wat gaat u op school uitproberen? (één zin)",
        "Qu'allez-vous essayer à l'école\u00a0? (une phrase)",
        True,
    ),
    (
        _COMMENT,
        None,
        "Wilt u nog iets meegeven aan de coach? (niet verplicht)",
        "Souhaitez-vous transmettre quelque chose au coach\u00a0? (facultatif)",
        False,
    ),
)


@transaction.atomic
def feedback_questions_ensure(*, call: Call) -> list[FeedbackQuestion]:
    """The call's questions, in order. Side effect: a call without any gets DEFAULT_QUESTIONS,
    in Dutch and French whatever language is active."""
    questions = list(FeedbackQuestion.objects.filter(call=call).order_by("position", "pk"))
    if questions:
        return questions
    FeedbackQuestion.objects.bulk_create(
        FeedbackQuestion(
            call=call,
            position=position,
            kind=kind,
            level=level,
            **translated("text", dutch=dutch, french=french),
            required=required,
        )
        for position, (kind, level, dutch, french, required) in enumerate(
            DEFAULT_QUESTIONS, start=1
        )
    )
    return list(FeedbackQuestion.objects.filter(call=call).order_by("position", "pk"))


@transaction.atomic
def feedback_questions_copy(*, source: Call, copy: Call) -> None:
    """A copied call asks what its source asked (registered as a step of
    plgportal.calls.services.call_copy). Side effect: one FeedbackQuestion per source question."""
    FeedbackQuestion.objects.bulk_create(
        FeedbackQuestion(
            call=copy,
            position=question.position,
            kind=question.kind,
            level=question.level,
            **texts_of(question, "text"),
            required=question.required,
        )
        for question in FeedbackQuestion.objects.filter(call=source).order_by("position", "pk")
    )


def meeting_end(meeting: Meeting) -> datetime:
    """When the meeting is over: its end hour, or the end of its day without one."""
    if meeting.end_time:
        return moment_of(meeting.date, meeting.end_time)
    return day_end(meeting.date)


@transaction.atomic
def feedback_requests_open(
    *, meeting: Meeting, now: datetime | None = None
) -> list[FeedbackRequest]:
    """Open a questionnaire for every participant recorded present at `meeting` who has none
    (called when attendance is saved; running it again opens nothing twice).

    Side effects: the call's default questions if it has none (feedback_questions_ensure); one
    FeedbackRequest per new participant, mailed from `opens_at` (the meeting's end, or now when
    attendance is recorded later) and open for OPEN_FOR from then. A participant marked absent
    afterwards keeps their questionnaire: it may have been mailed already.
    """
    if meeting.date is None:
        return []
    now = now or timezone.now()
    feedback_questions_ensure(call=meeting.call)
    present = Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT).exclude(
        participant__feedback_requests__meeting=meeting
    )
    opens_at = max(now, meeting_end(meeting))
    new = [attendance.participant_id for attendance in present]
    FeedbackRequest.objects.bulk_create(
        (
            FeedbackRequest(
                participant_id=participant_id,
                meeting=meeting,
                opens_at=opens_at,
                closes_at=opens_at + OPEN_FOR,
            )
            for participant_id in new
        ),
        ignore_conflicts=True,  # a concurrent save opened the same one: that one stays
    )
    # Read back: rows bulk-created with ignore_conflicts carry no primary key.
    return list(
        FeedbackRequest.objects.filter(meeting=meeting, participant_id__in=new).order_by("pk")
    )


def _clean_answer(question: FeedbackQuestion, value) -> int | str | None:
    if question.is_score:
        if value in (None, ""):
            return None
        try:
            score = int(value)
        except (TypeError, ValueError):
            score = 0
        if not 1 <= score <= 5:
            raise ValidationError({f"q{question.pk}": _("Kies een score van 1 tot 5.")})
        return score
    return str(value or "").strip()


@transaction.atomic
def feedback_answer_save(
    *, request: FeedbackRequest, answers: Mapping[int, object], now: datetime | None = None
) -> FeedbackRequest:
    """The participant's answers (question pk -> score or text), replacing earlier ones.

    Refused (ValidationError) once the questionnaire closed, or when a required question is
    left empty. Side effects: one FeedbackAnswer per question of the meeting's call (updated
    in place, so a quote the coach chose stays chosen while its text is unchanged);
    `answered_at` on the first answer, `updated_at` on every one. The request's row is locked,
    so two tabs submitting at once write one set of answers.
    """
    now = now or timezone.now()
    locked = FeedbackRequest.objects.select_for_update().get(pk=request.pk)
    if not locked.is_open_at(now):
        raise ValidationError(_("Deze vragenlijst is gesloten."), code="closed")
    questions = FeedbackQuestion.objects.filter(call__meetings=locked.meeting_id).order_by(
        "position", "pk"
    )
    existing = {answer.question_id: answer for answer in locked.answers.all()}
    errors = {}
    for question in questions:
        value = _clean_answer(question, answers.get(question.pk))
        if question.required and value in (None, ""):
            errors[f"q{question.pk}"] = _("Beantwoord deze vraag.")
            continue
        answer = existing.get(question.pk) or FeedbackAnswer(request=locked, question=question)
        score = value if question.is_score else None
        text = "" if question.is_score else value
        if answer.pk and (answer.score, answer.text) == (score, text):
            continue
        if answer.text != text:  # a quote is of the words the coach chose
            answer.quoted = False
        answer.score, answer.text = score, text
        answer.full_clean(exclude=["request", "question"], validate_unique=False)
        answer.save()
    if errors:
        raise ValidationError(errors)
    locked.answered_at = locked.answered_at or now
    locked.updated_at = now
    locked.save(update_fields=["answered_at", "updated_at"])
    return locked


@transaction.atomic
def feedback_quotes_save(*, trajectory: Trajectory, answer_ids: Iterable[int]) -> int:
    """The lines the coach quotes in the evaluation report: exactly `answer_ids` among the
    text answers of the trajectory's participants to questions of level 2 or 4; at most
    MAX_QUOTES_PER_LEVEL per level (ValidationError otherwise, nothing changed). Comments for
    the coach are never quoted. Refused too once the report is submitted or approved: its
    quotes are part of it. Side effect: `quoted` on those answers. Returns how many."""
    report = EvaluationReport.objects.filter(trajectory=trajectory).first()
    if report is not None and not report.is_editable:
        raise ValidationError(_("Het verslag is ingediend; de citaten kunnen niet meer wijzigen."))
    answers = FeedbackAnswer.objects.filter(
        request__participant__trajectory=trajectory,
        question__level__in=(GuskeyLevel.LEARNING, GuskeyLevel.PRACTICE),
        question__kind=FeedbackQuestionKind.LINE,
    ).exclude(text="")
    chosen = list(answers.filter(pk__in=list(answer_ids)).values_list("pk", "question__level"))
    for level in (GuskeyLevel.LEARNING, GuskeyLevel.PRACTICE):
        if sum(1 for _pk, of in chosen if of == level) > MAX_QUOTES_PER_LEVEL:
            raise ValidationError(
                _("Kies hoogstens %(count)d citaten voor “%(level)s”.")
                % {"count": MAX_QUOTES_PER_LEVEL, "level": level.label}
            )
    pks = [pk for pk, _level in chosen]
    answers.exclude(pk__in=pks).filter(quoted=True).update(quoted=False)
    answers.filter(pk__in=pks).update(quoted=True)
    return len(pks)
