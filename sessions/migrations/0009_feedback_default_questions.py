"""The five default questions after a meeting, for every call that exists already (new calls
get them from sessions.feedback.services.feedback_questions_ensure, copies from their source).
The texts are copied here, not imported: a migration keeps what was true when it was written."""

from django.db import migrations

DEFAULT_QUESTIONS = [
    # (position, kind, Guskey level, text, required)
    (1, "score", 1, "Hoe nuttig was deze bijeenkomst voor u?", True),
    (2, "score", 1, "Hoe goed was deze bijeenkomst voorbereid?", True),
    (3, "line", 2, "Wat heeft u geleerd? (één zin)", True),
    (4, "line", 4, "Wat gaat u op school uitproberen? (één zin)", True),
    (5, "comment", None, "Wilt u nog iets meegeven aan de coach? (niet verplicht)", False),
]


def seed_questions(apps, schema_editor):
    Call = apps.get_model("calls", "Call")
    FeedbackQuestion = apps.get_model("plg_sessions", "FeedbackQuestion")
    for call in Call.objects.filter(feedback_questions__isnull=True):
        FeedbackQuestion.objects.bulk_create(
            FeedbackQuestion(
                call=call, position=position, kind=kind, level=level, text=text, required=required
            )
            for position, kind, level, text, required in DEFAULT_QUESTIONS
        )


class Migration(migrations.Migration):
    dependencies = [
        ("plg_sessions", "0008_feedback"),
    ]

    operations = [migrations.RunPython(seed_questions, migrations.RunPython.noop)]
