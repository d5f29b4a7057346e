"""Reads of the participants' questionnaires: one to answer, and the figures of meetings,
trajectories or a call, each in a fixed number of queries (questions, questionnaires,
answers), whatever their number."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import F, Q

from sessions.enums import FeedbackQuestionKind, GuskeyLevel, MeetingKind
from sessions.feedback.figures import (
    MeetingFeedback,
    QuestionFact,
    ReportFeedback,
    RequestFact,
    meeting_feedback,
)
from sessions.models import FeedbackAnswer, FeedbackQuestion, FeedbackRequest, Meeting, Trajectory


def questionnaire_request(pk: int) -> FeedbackRequest | None:
    """The questionnaire behind a link, with its meeting and participant; None if gone."""
    return (
        FeedbackRequest.objects.select_related(
            "participant", "meeting__call", "meeting__trajectory__dossier"
        )
        .filter(pk=pk)
        .first()
    )


def questionnaire_questions(request: FeedbackRequest) -> tuple[list, dict[int, int | str]]:
    """The questions of the meeting's call, in order, and the answers given so far."""
    questions = list(
        FeedbackQuestion.objects.filter(call_id=request.meeting.call_id).order_by("position", "pk")
    )
    answers = {
        answer.question_id: answer.score if answer.score is not None else answer.text
        for answer in request.answers.all()
    }
    return questions, answers


def _question_facts(call_ids: Iterable[int]) -> dict[int, list[QuestionFact]]:
    by_call = defaultdict(list)
    rows = (
        FeedbackQuestion.objects.filter(call_id__in=set(call_ids))
        .order_by("position", "pk")
        .values_list("pk", "call_id", "kind", "text", "level", named=True)
    )
    for row in rows:
        by_call[row.call_id].append(QuestionFact(row.pk, row.kind, row.text, row.level))
    return by_call


def _request_facts(condition: Q, key: Callable) -> dict[object, list[RequestFact]]:
    """The questionnaires matching `condition` as RequestFacts grouped by `key(row)` (a row has
    meeting_id and trajectory_id), in two queries."""
    requests = (
        FeedbackRequest.objects.filter(condition)
        .annotate(trajectory_id=F("participant__trajectory_id"), name=F("participant__full_name"))
        .order_by("pk")
        .values_list("pk", "meeting_id", "answered_at", "trajectory_id", "name", named=True)
    )
    answers = defaultdict(dict)
    rows = FeedbackAnswer.objects.filter(
        request__in=FeedbackRequest.objects.filter(condition).values("pk")
    ).values_list("request_id", "question_id", "score", "text")
    for request_id, question_id, score, text in rows:
        answers[request_id][question_id] = score if score is not None else text
    grouped = defaultdict(list)
    for row in requests:
        grouped[key(row)].append(
            RequestFact(
                name=row.name, answered=row.answered_at is not None, answers=answers[row.pk]
            )
        )
    return grouped


def feedback_by_meeting(
    meetings: Iterable[Meeting], *, trajectory_ids: Iterable[int] | None = None
) -> dict[int, MeetingFeedback]:
    """The figures of each meeting, by its pk. `trajectory_ids` limits them to those
    trajectories' participants (a joint event as one PLG's coach sees it)."""
    meetings = list(meetings)
    condition = Q(meeting__in=[meeting.pk for meeting in meetings])
    if trajectory_ids is not None:
        condition &= Q(participant__trajectory__in=list(trajectory_ids))
    facts = _request_facts(condition, key=lambda row: row.meeting_id)
    questions = _question_facts(meeting.call_id for meeting in meetings)
    return {
        meeting.pk: meeting_feedback(questions[meeting.call_id], facts.get(meeting.pk, []))
        for meeting in meetings
    }


def feedback_by_trajectory(trajectories: Iterable[Trajectory]) -> dict[int, MeetingFeedback]:
    """The figures over every meeting (PLG meetings and joint events) of each trajectory's
    participants, by trajectory pk. Select `dossier` on the trajectories."""
    trajectories = list(trajectories)
    facts = _request_facts(
        Q(participant__trajectory__in=[t.pk for t in trajectories]),
        key=lambda row: row.trajectory_id,
    )
    questions = _question_facts(t.dossier.call_id for t in trajectories)
    return {
        t.pk: meeting_feedback(questions[t.dossier.call_id], facts.get(t.pk, []))
        for t in trajectories
    }


@dataclass(frozen=True)
class QuotableLine:
    pk: int  # the FeedbackAnswer's
    text: str
    level: int  # GuskeyLevel.LEARNING or PRACTICE
    quoted: bool


def quotable_lines(trajectory: Trajectory) -> list[QuotableLine]:
    """The one-line answers of the trajectory's participants that feed levels 2 and 4 (what
    they learned, what they will try), without names, level by level, in the order given; the
    comments for the coach are never among them. One query."""
    rows = (
        FeedbackAnswer.objects.filter(
            request__participant__trajectory=trajectory,
            question__kind=FeedbackQuestionKind.LINE,
            question__level__in=(GuskeyLevel.LEARNING, GuskeyLevel.PRACTICE),
        )
        .exclude(text="")
        .order_by("question__level", "request__meeting__date", "pk")
        .values_list("pk", "text", "question__level", "quoted")
    )
    return [QuotableLine(*row) for row in rows]


def report_feedback(trajectory: Trajectory) -> ReportFeedback:
    """Four queries: questions, questionnaires, answers, quoted lines."""
    quoted = [line for line in quotable_lines(trajectory) if line.quoted]
    return ReportFeedback(
        feedback=feedback_by_trajectory([trajectory])[trajectory.pk],
        learned=tuple(line.text for line in quoted if line.level == GuskeyLevel.LEARNING),
        tried=tuple(line.text for line in quoted if line.level == GuskeyLevel.PRACTICE),
    )


@dataclass(frozen=True)
class MeetingRow:
    meeting: Meeting
    feedback: MeetingFeedback


@dataclass(frozen=True)
class TrajectoryFeedbackRow:
    trajectory: Trajectory
    meetings: tuple[MeetingRow, ...]  # its PLG meetings with questionnaires


@dataclass(frozen=True)
class CallFeedback:
    trajectories: tuple[TrajectoryFeedbackRow, ...]
    joint_events: tuple[MeetingRow, ...]  # of the shown trajectories' participants


def call_feedback(trajectories: Iterable[Trajectory], *, call) -> CallFeedback:
    """Every meeting of the call with questionnaires, per trajectory, and the joint events
    over the given trajectories' participants: five queries whatever the numbers."""
    trajectories = list(trajectories)
    ids = [trajectory.pk for trajectory in trajectories]
    meetings = list(
        Meeting.objects.filter(call=call, feedback_requests__participant__trajectory__in=ids)
        .distinct()
        .order_by("date", "start_time", "position", "pk")
    )
    figures = feedback_by_meeting(meetings, trajectory_ids=ids)
    rows = [
        TrajectoryFeedbackRow(
            trajectory=trajectory,
            meetings=tuple(
                MeetingRow(meeting, figures[meeting.pk])
                for meeting in meetings
                if meeting.trajectory_id == trajectory.pk
            ),
        )
        for trajectory in trajectories
    ]
    joint = tuple(
        MeetingRow(meeting, figures[meeting.pk])
        for meeting in meetings
        if meeting.kind != MeetingKind.PLG
    )
    return CallFeedback(trajectories=tuple(rows), joint_events=joint)
