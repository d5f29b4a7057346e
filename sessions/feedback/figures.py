"""What the participants' answers after a meeting add up to: pure rules on plain values.

- `response_rate(invited, answered)`: how many of those asked answered;
- `score_counts(scores)`: how many gave each score of 1-5, and their average;
- `group_lines(answers)`: the text answers, identical ones together, and the anonymity rule;
- `meeting_feedback(questions, requests)`: all of it for one meeting (or a trajectory, a call);
- `report_prefill(report_feedback)`: the first words of the evaluation report's levels 1, 2, 4.

The anonymity rule (issue 17: "the lines, without names when fewer than three answered the same
way"): the coach and staff never see who gave which score (counts only), and a text answer
carries names only when at least ANONYMITY_THRESHOLD participants gave that same answer
(compared without case, spacing or final punctuation); any smaller group shows the text alone.
So no name is ever tied to an answer that one or two people gave. Who answered at all is not
shown either, only how many.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

ANONYMITY_THRESHOLD = 3
SCORES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class ResponseRate:
    invited: int
    answered: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


def response_rate(invited: int, answered: int) -> ResponseRate:
    return ResponseRate(invited=invited, answered=min(answered, invited))


@dataclass(frozen=True)
class ScoreCounts:
    counts: tuple[int, ...]  # how many gave 1, 2, 3, 4, 5

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def average(self) -> float | None:
        """The mean score, one decimal; None without answers."""
        if not self.total:
            return None
        return round(sum(s * n for s, n in zip(SCORES, self.counts, strict=True)) / self.total, 1)


def score_counts(scores: Iterable[int | None]) -> ScoreCounts:
    """Scores outside 1-5 (none given) are left out."""
    counts = [0] * len(SCORES)
    for score in scores:
        if score in SCORES:
            counts[score - 1] += 1
    return ScoreCounts(counts=tuple(counts))


@dataclass(frozen=True)
class LineGroup:
    text: str  # as the first participant typed it
    count: int
    names: tuple[str, ...] = ()  # empty unless count >= ANONYMITY_THRESHOLD


def _same_answer(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".!?… ")


def group_lines(answers: Iterable[tuple[str, str]]) -> list[LineGroup]:
    """(text, participant's name) pairs -> the distinct answers, most given first (then in the
    order first given); empty answers left out. Names only for a group of at least
    ANONYMITY_THRESHOLD, sorted."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for text, name in answers:
        if text.strip():
            groups.setdefault(_same_answer(text), []).append((text.strip(), name))
    result = [
        LineGroup(
            text=members[0][0],
            count=len(members),
            names=tuple(sorted(name for _text, name in members))
            if len(members) >= ANONYMITY_THRESHOLD
            else (),
        )
        for members in groups.values()
    ]
    return sorted(result, key=lambda group: -group.count)  # stable: first given first


@dataclass(frozen=True)
class QuestionFact:
    pk: int
    kind: str  # sessions.enums.FeedbackQuestionKind
    text: str
    level: int | None = None


@dataclass(frozen=True)
class RequestFact:
    """One questionnaire sent: whose, and the answers by question pk (a score or a text) when
    answered."""

    name: str
    answered: bool
    answers: dict[int, int | str] = field(default_factory=dict)


@dataclass(frozen=True)
class ScoreSummary:
    question: QuestionFact
    counts: ScoreCounts


@dataclass(frozen=True)
class LineSummary:
    question: QuestionFact
    groups: tuple[LineGroup, ...]


@dataclass(frozen=True)
class MeetingFeedback:
    rate: ResponseRate
    scores: tuple[ScoreSummary, ...]
    lines: tuple[LineSummary, ...]  # line and comment questions, in question order

    @property
    def has_answers(self) -> bool:
        return self.rate.answered > 0


def meeting_feedback(
    questions: Sequence[QuestionFact], requests: Sequence[RequestFact]
) -> MeetingFeedback:
    """The response rate over `requests`, the score counts per score question and the grouped
    lines per other question (answered requests only)."""
    answered = [request for request in requests if request.answered]
    scores, lines = [], []
    for question in questions:
        given = [r.answers.get(question.pk) for r in answered]
        if question.kind == "score":
            scores.append(ScoreSummary(question=question, counts=score_counts(given)))
        else:
            pairs = [
                (value, request.name)
                for value, request in zip(given, answered, strict=True)
                if isinstance(value, str)
            ]
            lines.append(LineSummary(question=question, groups=tuple(group_lines(pairs))))
    return MeetingFeedback(
        rate=response_rate(len(requests), len(answered)), scores=tuple(scores), lines=tuple(lines)
    )


@dataclass(frozen=True)
class ReportFeedback:
    """What the evaluation report shows from the questionnaires: the figures over the year and
    the lines the coach chose to quote (no names), for level 2 (learned) and level 4 (will
    try)."""

    feedback: MeetingFeedback
    learned: tuple[str, ...]
    tried: tuple[str, ...]


def _quotes(intro: str, lines: Sequence[str]) -> str:
    return "\n".join([intro, *(f"– “{line}”" for line in lines)]) if lines else ""


def report_prefill(report: ReportFeedback) -> dict[str, str]:
    """A first text for the report's parts on Guskey's levels 1 (reactions), 2 (learning) and
    4 (practice), from the answers: the response rate and the average of each score (level 1),
    and the quoted lines (levels 2 and 4). A part without anything to say is left out. The
    writers edit the text; it is only offered while the part is empty."""
    prefill = {}
    rate = report.feedback.rate
    if rate.answered:
        sentences = [
            _(
                "Na de bijeenkomsten vulden de deelnemers %(answered)d van de %(invited)d "
                "vragenlijsten in (%(percent)d %%)."
            )
            % {"answered": rate.answered, "invited": rate.invited, "percent": rate.percent}
        ]
        for summary in report.feedback.scores:
            if summary.counts.average is not None:
                sentences.append(
                    _("“%(question)s”: gemiddeld %(average)s op 5 (%(count)d antwoorden).")
                    % {
                        "question": summary.question.text,
                        "average": number_format(summary.counts.average, 1),
                        "count": summary.counts.total,
                    }
                )
        prefill["reactions"] = " ".join(sentences)
    learned = _quotes(_("Wat deelnemers zeiden dat ze leerden:"), report.learned)
    if learned:
        prefill["learning"] = learned
    tried = _quotes(_("Wat deelnemers in hun school willen uitproberen:"), report.tried)
    if tried:
        prefill["practice"] = tried
    return prefill
