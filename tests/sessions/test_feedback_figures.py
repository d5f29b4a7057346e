"""The pure rules of the participants' questionnaire: response rate, score counts and the
anonymity threshold (sessions.feedback.figures)."""

import pytest

from sessions.feedback.figures import (
    ANONYMITY_THRESHOLD,
    QuestionFact,
    RequestFact,
    group_lines,
    meeting_feedback,
    response_rate,
    score_counts,
)


@pytest.mark.parametrize(
    ("invited", "answered", "percent"),
    [(0, 0, None), (4, 0, 0), (4, 1, 25), (3, 2, 67), (5, 5, 100), (2, 3, 100)],
)
def test_response_rate(invited, answered, percent):
    assert response_rate(invited, answered).percent == percent


@pytest.mark.parametrize(
    ("scores", "counts", "average"),
    [
        ([], (0, 0, 0, 0, 0), None),
        ([5], (0, 0, 0, 0, 1), 5.0),
        ([1, 2, 2, 5], (1, 2, 0, 0, 1), 2.5),
        ([4, 4, 5], (0, 0, 0, 2, 1), 4.3),
        ([None, 0, 6, 3], (0, 0, 1, 0, 0), 3.0),  # no score, out of range: left out
    ],
)
def test_score_counts(scores, counts, average):
    result = score_counts(scores)
    assert result.counts == counts
    assert result.average == average


def test_threshold_is_three():
    assert ANONYMITY_THRESHOLD == 3


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # One or two giving the same line: the text alone, never a name.
        ([("Feedback geven", "An")], [("Feedback geven", 1, ())]),
        ([("Feedback geven", "An"), ("feedback  geven.", "Bo")], [("Feedback geven", 2, ())]),
        # Three (or more) the same way: the group may carry its names, sorted.
        (
            [("Mentoraat", "Cas"), ("mentoraat", "An"), ("Mentoraat!", "Bo"), ("Iets", "Di")],
            [("Mentoraat", 3, ("An", "Bo", "Cas")), ("Iets", 1, ())],
        ),
        # Empty answers are no answers.
        ([("", "An"), ("  ", "Bo")], []),
        # Most given first, then in the order given.
        (
            [("B", "1"), ("A", "2"), ("A", "3")],
            [("A", 2, ()), ("B", 1, ())],
        ),
    ],
)
def test_group_lines_never_names_fewer_than_three(answers, expected):
    groups = group_lines(answers)
    assert [(g.text, g.count, g.names) for g in groups] == expected


def test_meeting_feedback_counts_answered_requests_only():
    questions = [
        QuestionFact(1, "score", "Nuttig?", 1),
        QuestionFact(2, "line", "Geleerd?", 2),
        QuestionFact(3, "comment", "Voor de coach", None),
    ]
    requests = [
        RequestFact("An", True, {1: 5, 2: "Veel", 3: ""}),
        RequestFact("Bo", True, {1: 3, 2: "veel"}),
        RequestFact("Cas", False, {}),
        RequestFact("Di", True, {1: 5, 2: "Veel"}),
    ]

    feedback = meeting_feedback(questions, requests)

    assert (feedback.rate.invited, feedback.rate.answered) == (4, 3)
    assert feedback.scores[0].counts.counts == (0, 0, 1, 0, 2)
    [learned, comments] = feedback.lines
    assert [(g.text, g.count, g.names) for g in learned.groups] == [("Veel", 3, ("An", "Bo", "Di"))]
    assert comments.groups == ()
    assert feedback.has_answers
    assert not meeting_feedback(questions, requests[2:3]).has_answers
