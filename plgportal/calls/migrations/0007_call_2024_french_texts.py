# ruff: noqa: E501
"""The 2024 call's texts in French, for databases seeded before calls had French texts.

A text gets its French only where it still holds exactly the seeded Dutch and has no French yet:
wording staff changed or translated since is left alone. The texts are frozen here, as they were
seeded (plgportal.calls.call_2024 seeds new databases). Backwards, these French texts are removed
again where they are unchanged.
"""

from django.db import migrations
from django.db.models import Q

# (model, field) → {seeded Dutch: French}
FRENCH = {
    ("call", "title"): {
        "Professionele leergemeenschappen over de schoolmuren heen – oproep 2024": "Communautés d'apprentissage professionnelles au-delà des murs de l'école – appel 2024",
        "Professionele leergemeenschappen over de schoolmuren heen – oefenoproep": "Communautés d'apprentissage professionnelles au-delà des murs de l'école – appel d'exercice",
    },
    ("call", "summary"): {
        "Met deze oproep ondersteunt de Koning Boudewijnstichting professionele leergemeenschappen (PLG's) die over de schoolmuren heen werken rond nieuwe manieren om verlies van talent bij leerkrachten tegen te gaan. Geen financiële steun, wel professionele begeleiding door experts in PLG's en HRM-beleid.": "Par cet appel, la Fondation Roi Baudouin soutient des communautés d'apprentissage professionnelles (PLG) qui collaborent au-delà des murs de l'école autour de nouvelles manières de prévenir la perte de talents parmi les enseignants. L'appel n'offre pas de soutien financier, mais un accompagnement professionnel par des experts des PLG et de la gestion des ressources humaines.",
    },
    ("commitment", "title"): {
        "Deelnemen aan alle onderdelen": "Participer à toutes les étapes",
        "Een rol opnemen": "Assumer un rôle",
        "Elke sessie actief voorbereiden": "Préparer activement chaque rencontre",
        "Producten creëren en uittesten": "Créer et tester des produits",
        "Sessies gratis hosten": "Accueillir gratuitement les rencontres",
        "Een evaluatieverslag opmaken": "Rédiger un rapport d'évaluation",
    },
    ("commitment", "description"): {
        "Deelnemen aan de startbijeenkomst (halve dag), de 5 bijeenkomsten van de PLG en de slotbijeenkomst (halve dag).": "Participer à la rencontre de lancement (une demi-journée), aux 5 rencontres de la PLG et à la rencontre de clôture (une demi-journée).",
        "Volwaardig een rol opnemen in de PLG, bv. procescoach, verslaggever of host.": "Assumer pleinement un rôle au sein de la PLG, par exemple celui de coach de processus, de rapporteur ou d'hôte.",
        "Elke sessie voorbereiden door ten minste 1 kennisbron te bestuderen en/of data te verzamelen (kwalitatief of kwantitatief).": "Préparer chaque rencontre en étudiant au moins une source de connaissances et/ou en collectant des données (qualitatives ou quantitatives).",
        "Relevante producten uit het leerproces creëren, prototypen en uittesten in de eigen school.": "Créer des produits pertinents issus du processus d'apprentissage, en réaliser des prototypes et les tester dans sa propre école.",
        "De sessies gratis hosten in de eigen school, met catering en materiaal op eigen kosten.": "Accueillir gratuitement les rencontres dans sa propre école, la restauration et le matériel étant à sa charge.",
        "Op het einde van de begeleiding een evaluatieverslag opmaken in de template van de Stichting.": "Au terme de l'accompagnement, rédiger un rapport d'évaluation selon le modèle mis à disposition par la Fondation.",
    },
    ("exampletheme", "title"): {
        "Een waarderend en mensgericht HR-beleid op basis van missie, visie en waarden": "Une politique RH valorisante et centrée sur l'humain, fondée sur la mission, la vision et les valeurs",
        "Goed werkgeverschap": "Être un bon employeur",
        "Duidelijke kaders als basis voor een HR-beleid": "Des cadres clairs comme base d'une politique RH",
        "Loopbaanfasebegeleiding (bv. aanvangsbegeleiding met aandacht voor diversiteit, flexibiliteit voor leerkrachten)": "L'accompagnement selon les étapes de la carrière (par exemple un accompagnement des débutants attentif à la diversité, de la flexibilité pour les enseignants)",
        "Handvaten voor een loopbaanbeleid voor leerkrachten": "Des outils pour une politique de carrière des enseignants",
        "Werkgeluk (bv. tools om jobtevredenheid te meten en er acties aan te koppelen)": "Le bien-être au travail (par exemple des outils pour mesurer la satisfaction professionnelle et y associer des actions)",
        "Gedeeld leiderschap en teacher teams": "Le leadership partagé et les équipes d'enseignants (teacher teams)",
        "Een beleid dat inzet op de retentie van leerkrachten": "Une politique axée sur la fidélisation des enseignants",
    },
    ("selectioncriterion", "title"): {
        "Thema": "Thème",
        "Verankering": "Ancrage",
        "Gedragenheid en betrokkenheid": "Adhésion et implication",
        "Openheid om te implementeren": "Ouverture à la mise en œuvre",
    },
    ("selectioncriterion", "description"): {
        "Het dossier beschrijft duidelijk het thema waarrond gewerkt zal worden: hoe is het thema gelinkt aan het voorkomen van het verlies van talent bij leerkrachten?": "Le dossier décrit clairement le thème qui sera travaillé : en quoi ce thème est-il lié à la prévention de la perte de talents parmi les enseignants ?",
        "Het dossier beschrijft hoe men de PLG zal verankeren na afloop van de begeleiding.": "Le dossier décrit comment la PLG sera ancrée durablement au terme de l'accompagnement.",
        "Het dossier toont aan dat er gedragenheid en betrokkenheid is van de deelnemende scholen. Diversiteit onder de deelnemers (bv. schoolleiders, leerkrachten, schoolbestuur) wordt aangemoedigd. Steun van de schoolleiders is essentieel.": "Le dossier démontre l'adhésion et l'implication des écoles participantes. La diversité parmi les participants (par exemple directions, enseignants, pouvoir organisateur) est encouragée. Le soutien des directions d'école est essentiel.",
        "Bij de deelnemende scholen is er openheid om de resultaten te implementeren (en te verankeren) op school.": "Les écoles participantes sont prêtes à mettre en œuvre (et à ancrer) les résultats dans leur école.",
    },
}


def _no_french(field):
    return Q(**{f"{field}_fr_be__isnull": True}) | Q(**{f"{field}_fr_be": ""})


def forwards(apps, schema_editor):
    for (model_name, field), texts in FRENCH.items():
        model = apps.get_model("calls", model_name)
        for dutch, french in texts.items():
            model.objects.filter(_no_french(field), **{f"{field}_nl_be": dutch}).update(
                **{f"{field}_fr_be": french}
            )


def backwards(apps, schema_editor):
    for (model_name, field), texts in FRENCH.items():
        model = apps.get_model("calls", model_name)
        for dutch, french in texts.items():
            model.objects.filter(**{f"{field}_nl_be": dutch, f"{field}_fr_be": french}).update(
                **{f"{field}_fr_be": ""}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0006_call_texts_into_dutch_column"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
