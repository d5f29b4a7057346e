"""The questions after a meeting and the school indicators move into their Dutch column
(text → text_nl_be, label → label_nl_be...), which django-modeltranslation reads from now on,
and the default ones get their French where their Dutch is still the default wording. The
texts are copied here, not imported: a migration keeps what was true when it was written.
Backwards, the Dutch column is copied back into the plain one."""

from django.db import migrations
from django.db.models import F

FIELDS = {"feedbackquestion": ("text",), "indicatordefinition": ("label", "help_text")}

NBSP = "\u00a0"
FRENCH = {
    "feedbackquestion": {
        "text": {
            "Hoe nuttig was deze bijeenkomst voor u?": (
                f"Dans quelle mesure cette rencontre vous a-t-elle été utile{NBSP}?"
            ),
            "Hoe goed was deze bijeenkomst voorbereid?": (
                f"Cette rencontre était-elle bien préparée{NBSP}?"
            ),
            "Wat heeft u geleerd? (één zin)": f"Qu'avez-vous appris{NBSP}? (une phrase)",
            "Wat gaat u op school uitproberen? (één zin)": (
                f"Qu'allez-vous essayer à l'école{NBSP}? (une phrase)"
            ),
            "Wilt u nog iets meegeven aan de coach? (niet verplicht)": (
                f"Souhaitez-vous transmettre quelque chose au coach{NBSP}? (facultatif)"
            ),
        }
    },
    "indicatordefinition": {
        "label": {
            "Hoeveel leerkrachten begonnen de voorbije twee schooljaren in uw school?": (
                "Combien d'enseignants ont commencé dans votre école au cours des deux "
                f"dernières années scolaires{NBSP}?"
            ),
            "Hoeveel van hen hebben de school intussen verlaten?": (
                f"Combien d'entre eux ont entre-temps quitté l'école{NBSP}?"
            ),
            "Hoeveel afwezigheidsdagen telden de leerkrachten het voorbije schooljaar?": (
                "Combien de jours d'absence les enseignants ont-ils comptés au cours de la "
                f"dernière année scolaire{NBSP}?"
            ),
            "Heeft de school een beleid voor aanvangsbegeleiding of mentoring?": (
                "L'école a-t-elle une politique d'accompagnement des débutants ou de "
                f"mentorat{NBSP}?"
            ),
            "Heeft de school een beleid voor loopbaangesprekken?": (
                f"L'école a-t-elle une politique d'entretiens de carrière{NBSP}?"
            ),
            "Wat veranderde er in het beleid van uw school?": (
                f"Qu'est-ce qui a changé dans la politique de votre école{NBSP}?"
            ),
        },
        "help_text": {
            "Startende leerkrachten: hun eerste opdracht in het onderwijs of in uw school.": (
                f"Enseignants débutants{NBSP}: leur première mission dans l'enseignement ou "
                "dans votre école."
            ),
            "Alleen als u het weet; laat anders leeg.": (
                f"Uniquement si vous le savez{NBSP}; sinon, laissez vide."
            ),
            "Bij de start: wat u wilt veranderen. Na de slotbijeenkomst: wat er veranderde.": (
                f"Au lancement{NBSP}: ce que vous voulez changer. Après la rencontre de "
                f"clôture{NBSP}: ce qui a changé."
            ),
        },
    },
}


def forwards(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("plg_sessions", model_name)
        for field in fields:
            model.objects.filter(**{f"{field}_nl_be__isnull": True}).update(
                **{f"{field}_nl_be": F(field)}
            )
            for dutch, french in FRENCH[model_name].get(field, {}).items():
                untranslated = {f"{field}_fr_be__isnull": True} | {f"{field}_fr_be": ""}
                for condition_field, value in untranslated.items():
                    model.objects.filter(
                        **{f"{field}_nl_be": dutch, condition_field: value}
                    ).update(**{f"{field}_fr_be": french})


def backwards(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("plg_sessions", model_name)
        for field in fields:
            model.objects.exclude(**{f"{field}_nl_be__isnull": True}).update(
                **{field: F(f"{field}_nl_be")}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("plg_sessions", "0012_questions_and_indicators_per_language"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
