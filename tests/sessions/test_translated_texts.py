"""The questions after a meeting and the school indicators are the call's own texts too: stored
in Dutch and French, shown in the reader's language, Dutch when the French is empty."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from plgportal.calls.services import call_copy
from sessions.enums import AttendanceStatus, IndicatorMoment, MeetingKind
from sessions.feedback.services import DEFAULT_QUESTIONS, feedback_questions_ensure
from sessions.feedback.tokens import questionnaire_token
from sessions.indicators.services import DEFAULT_DEFINITIONS, indicator_definitions_ensure
from sessions.indicators.tokens import indicator_token
from sessions.meetings.services import attendance_save
from sessions.models import FeedbackQuestion, FeedbackRequest, IndicatorDefinition, Meeting
from tests.sessions.factories import trajectory_for

pytestmark = pytest.mark.django_db

per_language = import_module(
    "sessions.migrations.0013_questions_and_indicators_in_dutch_and_french"
)

USEFUL_NL, USEFUL_FR = DEFAULT_QUESTIONS[0][2], DEFAULT_QUESTIONS[0][3]
STARTERS_NL, STARTERS_FR = DEFAULT_DEFINITIONS[0][2]


@pytest.fixture
def trajectory(applicant, coach):
    return trajectory_for(coach=coach, created_by=applicant)


def in_french(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr-be"
    return client


def open_questionnaire(trajectory) -> str:
    meeting = trajectory.meetings.get(position=1)
    attendance_save(
        meeting=meeting,
        entries=[(p, AttendanceStatus.PRESENT, "") for p in trajectory.participants.all()],
    )
    request = FeedbackRequest.objects.filter(meeting=meeting).first()
    FeedbackRequest.objects.filter(pk=request.pk).update(
        opens_at=timezone.now() - timedelta(hours=1),
        closes_at=timezone.now() + timedelta(days=13),
    )
    return reverse("sessions:feedback_questionnaire", args=[questionnaire_token(request.pk)])


def indicators_link(trajectory) -> str:
    call = trajectory.dossier.call
    Meeting.objects.create(
        call=call, kind=MeetingKind.KICKOFF, date=timezone.localdate() - timedelta(days=3)
    )
    school = trajectory.dossier.schools.order_by("position").first()
    token = indicator_token(
        school_id=school.pk, moment=IndicatorMoment.BEFORE, issued_at=timezone.now()
    )
    return reverse("sessions:indicators_form", args=[token])


def test_defaults_are_written_in_both_languages_whatever_language_is_active(trajectory):
    call = trajectory.dossier.call
    FeedbackQuestion.objects.filter(call=call).delete()
    IndicatorDefinition.objects.filter(call=call).delete()

    with translation.override("fr-be"):
        questions = feedback_questions_ensure(call=call)
        definitions = indicator_definitions_ensure(call=call)

    assert [(q.text_nl_be, q.text_fr_be) for q in questions] == [
        (dutch, french) for _kind, _level, dutch, french, _required in DEFAULT_QUESTIONS
    ]
    assert [(d.label_nl_be, d.label_fr_be) for d in definitions] == [
        label for _code, _kind, label, _help, _required in DEFAULT_DEFINITIONS
    ]
    with translation.override("nl-be"):
        assert questions[0].text == USEFUL_NL


def test_questionnaire_in_french_asks_in_french_and_in_dutch_where_untranslated(client, trajectory):
    url = open_questionnaire(trajectory)
    FeedbackQuestion.objects.filter(
        call=trajectory.dossier.call, text_nl_be=DEFAULT_QUESTIONS[1][2]
    ).update(text_fr_be="")

    french = in_french(client).get(url).content.decode()

    assert escape(USEFUL_FR) in french
    assert escape(USEFUL_NL) not in french
    assert escape(DEFAULT_QUESTIONS[1][2]) in french  # no French: the Dutch
    dutch = client.get(url, HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=nl-be")
    assert escape(USEFUL_NL) in dutch.content.decode()


def test_indicator_form_in_french_shows_the_french_labels(client, trajectory):
    url = indicators_link(trajectory)

    french = in_french(client).get(url).content.decode()

    assert escape(STARTERS_FR) in french
    assert escape(STARTERS_NL) not in french


def test_copied_call_keeps_both_languages_of_questions_and_indicators(trajectory):
    source = trajectory.dossier.call
    feedback_questions_ensure(call=source)
    indicator_definitions_ensure(call=source)
    FeedbackQuestion.objects.filter(call=source, position=1).update(text_fr_be="Utile ?")

    copy = call_copy(source=source, title="Oproep 2026", slug="oproep-2026-vertaald")

    question = FeedbackQuestion.objects.get(call=copy, position=1)
    assert (question.text_nl_be, question.text_fr_be) == (USEFUL_NL, "Utile ?")
    definition = IndicatorDefinition.objects.get(call=copy, position=1)
    assert (definition.label_nl_be, definition.label_fr_be) == (STARTERS_NL, STARTERS_FR)


def test_migration_french_is_the_french_of_the_defaults():
    questions = per_language.FRENCH["feedbackquestion"]["text"]
    labels = per_language.FRENCH["indicatordefinition"]["label"]
    helps = per_language.FRENCH["indicatordefinition"]["help_text"]

    assert questions == {dutch: french for _k, _l, dutch, french, _r in DEFAULT_QUESTIONS}
    assert labels == dict(label for _c, _k, label, _h, _r in DEFAULT_DEFINITIONS)
    assert helps == {
        dutch: french for _c, _k, _l, (dutch, french), _r in DEFAULT_DEFINITIONS if dutch
    }


def test_migration_moves_the_texts_into_dutch_and_adds_the_default_french(trajectory):
    call = trajectory.dossier.call
    feedback_questions_ensure(call=call)
    indicator_definitions_ensure(call=call)
    # The models as the migration sees them: plain columns, no modeltranslation rewriting.
    before = (
        MigrationLoader(connection)
        .project_state(("plg_sessions", "0012_questions_and_indicators_per_language"))
        .apps
    )
    questions = before.get_model("plg_sessions", "FeedbackQuestion").objects.filter(call=call.pk)
    definitions = before.get_model("plg_sessions", "IndicatorDefinition").objects.filter(
        call=call.pk
    )
    # As before the migration: the texts only in the plain column, one question edited by staff.
    questions.update(text_nl_be=None, text_fr_be=None)
    questions.filter(position=5).update(text="Nog iets?")
    definitions.update(label_nl_be=None, label_fr_be="")

    per_language.forwards(before, None)

    migrated = FeedbackQuestion.objects.filter(call=call).order_by("position")
    assert (migrated[0].text_nl_be, migrated[0].text_fr_be) == (USEFUL_NL, USEFUL_FR)
    assert (migrated[4].text_nl_be, migrated[4].text_fr_be) == ("Nog iets?", None)
    definition = IndicatorDefinition.objects.get(call=call, position=1)
    assert (definition.label_nl_be, definition.label_fr_be) == (STARTERS_NL, STARTERS_FR)


def test_indicator_texts_written_by_staff_are_shown_as_text_not_markup(client, trajectory):
    url = indicators_link(trajectory)
    IndicatorDefinition.objects.filter(call=trajectory.dossier.call, position=1).update(
        label_nl_be="Starters <b>vet</b>", help_text_nl_be='<img src=x onerror="alert(1)">'
    )

    html = client.get(url).content.decode()

    assert escape('<img src=x onerror="alert(1)">') in html
    assert "<img src=x" not in html
    assert escape("Starters <b>vet</b>") in html
