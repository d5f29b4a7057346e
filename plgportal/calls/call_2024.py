"""The 2024 call "Professionele leergemeenschappen over de schoolmuren heen" as data, with its
French texts ("Communautés d'apprentissage professionnelles au-delà des murs de l'école").

Values from the call text (../shared/domain/oproep-2024-plg.txt, beside this repository). Staff
change calls in the admin; this module only seeds them (and makes the practice copy for demos).
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from plgportal.calls.enums import EducationLevel
from plgportal.calls.models import Call
from plgportal.calls.texts import translated

BRUSSELS = ZoneInfo("Europe/Brussels")
END_OF_DAY = time(23, 59, 59)

CALL_2024 = {
    "title": "Professionele leergemeenschappen over de schoolmuren heen – oproep 2024",
    "reference_prefix": "PLG-2024",
    "summary": (
        "Met deze oproep ondersteunt de Koning Boudewijnstichting professionele "
        "leergemeenschappen (PLG's) die over de schoolmuren heen werken rond nieuwe manieren om "
        "verlies van talent bij leerkrachten tegen te gaan. Geen financiële steun, wel "
        "professionele begeleiding door experts in PLG's en HRM-beleid."
    ),
    "opens_at": datetime(2024, 10, 1, 9, 0, tzinfo=BRUSSELS),
    "deadline": datetime.combine(date(2025, 1, 20), END_OF_DAY, tzinfo=BRUSSELS),
    "results_date": date(2025, 3, 31),
    "plgs_to_select": 10,
    "min_schools": 3,
    "max_schools": 5,
    "school_year_label": "2025-2026",
    # "De bijeenkomsten van de PLG gaan door in schooljaar 2025-2026": a Flemish school year runs
    # from 1 September to 31 August, so a meeting in July or August still counts.
    "school_year_start": date(2025, 9, 1),
    "school_year_end": date(2026, 8, 31),
    # The call names no date for the evaluation report; it stays due at the end of June, as it
    # was when the school year was (wrongly) seeded to end then.
    "evaluation_report_due": date(2026, 6, 30),
    "meeting_count": 5,
    "meeting_duration": timedelta(hours=2, minutes=30),
    "joint_event_duration": timedelta(hours=4),
    "kickoff_window_start": date(2025, 9, 22),
    "kickoff_window_end": date(2025, 12, 20),
    "closing_window_start": date(2026, 3, 20),
    "closing_window_end": date(2026, 6, 20),
    "eligible_levels": list(EducationLevel.values),
}

# The call's own texts in French, in the order of the Dutch lists below: translated for the
# portal (the published call text is Dutch only), in the foundation's formal voice and with the
# portal's French terms (PLG, rencontre, Fondation Roi Baudouin). The Dutch stays the reference:
# a text overridden in Dutch gets no French (it falls back on the Dutch until staff translate it
# in the admin).
CALL_2024_FR = {
    "title": (
        "Communautés d'apprentissage professionnelles au-delà des murs de l'école – appel 2024"
    ),
    "summary": (
        "Par cet appel, la Fondation Roi Baudouin soutient des communautés d'apprentissage "
        "professionnelles (PLG) qui collaborent au-delà des murs de l'école autour de nouvelles "
        "manières de prévenir la perte de talents parmi les enseignants. L'appel n'offre pas de "
        "soutien financier, mais un accompagnement professionnel par des experts des PLG et de "
        "la gestion des ressources humaines."
    ),
}
TEXT_FIELDS = tuple(CALL_2024_FR)

DELEGATE_QUOTAS = {3: 3, 4: 2, 5: 2}

COMMITMENTS = [
    (
        "Deelnemen aan alle onderdelen",
        "Deelnemen aan de startbijeenkomst (halve dag), de 5 bijeenkomsten van de PLG en de "
        "slotbijeenkomst (halve dag).",
    ),
    (
        "Een rol opnemen",
        "Volwaardig een rol opnemen in de PLG, bv. procescoach, verslaggever of host.",
    ),
    (
        "Elke sessie actief voorbereiden",
        "Elke sessie voorbereiden door ten minste 1 kennisbron te bestuderen en/of data te "
        "verzamelen (kwalitatief of kwantitatief).",
    ),
    (
        "Producten creëren en uittesten",
        "Relevante producten uit het leerproces creëren, prototypen en uittesten in de "
        "eigen school.",
    ),
    (
        "Sessies gratis hosten",
        "De sessies gratis hosten in de eigen school, met catering en materiaal op eigen kosten.",
    ),
    (
        "Een evaluatieverslag opmaken",
        "Op het einde van de begeleiding een evaluatieverslag opmaken in de template van de "
        "Stichting.",
    ),
]

COMMITMENTS_FR = [
    (
        "Participer à toutes les étapes",
        "Participer à la rencontre de lancement (une demi-journée), aux 5 rencontres de la PLG "
        "et à la rencontre de clôture (une demi-journée).",
    ),
    (
        "Assumer un rôle",
        "Assumer pleinement un rôle au sein de la PLG, par exemple celui de coach de processus, "
        "de rapporteur ou d'hôte.",
    ),
    (
        "Préparer activement chaque rencontre",
        "Préparer chaque rencontre en étudiant au moins une source de connaissances et/ou en "
        "collectant des données (qualitatives ou quantitatives).",
    ),
    (
        "Créer et tester des produits",
        "Créer des produits pertinents issus du processus d'apprentissage, en réaliser des "
        "prototypes et les tester dans sa propre école.",
    ),
    (
        "Accueillir gratuitement les rencontres",
        "Accueillir gratuitement les rencontres dans sa propre école, la restauration et le "
        "matériel étant à sa charge.",
    ),
    (
        "Rédiger un rapport d'évaluation",
        "Au terme de l'accompagnement, rédiger un rapport d'évaluation selon le modèle mis à "
        "disposition par la Fondation.",
    ),
]

EXAMPLE_THEMES = [
    "Een waarderend en mensgericht HR-beleid op basis van missie, visie en waarden",
    "Goed werkgeverschap",
    "Duidelijke kaders als basis voor een HR-beleid",
    "Loopbaanfasebegeleiding (bv. aanvangsbegeleiding met aandacht voor diversiteit, "
    "flexibiliteit voor leerkrachten)",
    "Handvaten voor een loopbaanbeleid voor leerkrachten",
    "Werkgeluk (bv. tools om jobtevredenheid te meten en er acties aan te koppelen)",
    "Gedeeld leiderschap en teacher teams",
    "Een beleid dat inzet op de retentie van leerkrachten",
]

EXAMPLE_THEMES_FR = [
    "Une politique RH valorisante et centrée sur l'humain, fondée sur la mission, la vision et "
    "les valeurs",
    "Être un bon employeur",
    "Des cadres clairs comme base d'une politique RH",
    "L'accompagnement selon les étapes de la carrière (par exemple un accompagnement des "
    "débutants attentif à la diversité, de la flexibilité pour les enseignants)",
    "Des outils pour une politique de carrière des enseignants",
    "Le bien-être au travail (par exemple des outils pour mesurer la satisfaction "
    "professionnelle et y associer des actions)",
    "Le leadership partagé et les équipes d'enseignants (teacher teams)",
    "Une politique axée sur la fidélisation des enseignants",
]

CRITERIA = [
    (
        "Thema",
        "Het dossier beschrijft duidelijk het thema waarrond gewerkt zal worden: hoe is het thema "
        "gelinkt aan het voorkomen van het verlies van talent bij leerkrachten?",
    ),
    (
        "Verankering",
        "Het dossier beschrijft hoe men de PLG zal verankeren na afloop van de begeleiding.",
    ),
    (
        "Gedragenheid en betrokkenheid",
        "Het dossier toont aan dat er gedragenheid en betrokkenheid is van de deelnemende scholen. "
        "Diversiteit onder de deelnemers (bv. schoolleiders, leerkrachten, schoolbestuur) wordt "
        "aangemoedigd. Steun van de schoolleiders is essentieel.",
    ),
    (
        "Openheid om te implementeren",
        "Bij de deelnemende scholen is er openheid om de resultaten te implementeren (en te "
        "verankeren) op school.",
    ),
]

CRITERIA_FR = [
    (
        "Thème",
        "Le dossier décrit clairement le thème qui sera travaillé : en quoi ce thème est-il lié à "
        "la prévention de la perte de talents parmi les enseignants ?",
    ),
    (
        "Ancrage",
        "Le dossier décrit comment la PLG sera ancrée durablement au terme de l'accompagnement.",
    ),
    (
        "Adhésion et implication",
        "Le dossier démontre l'adhésion et l'implication des écoles participantes. La diversité "
        "parmi les participants (par exemple directions, enseignants, pouvoir organisateur) est "
        "encouragée. Le soutien des directions d'école est essentiel.",
    ),
    (
        "Ouverture à la mise en œuvre",
        "Les écoles participantes sont prêtes à mettre en œuvre (et à ancrer) les résultats dans "
        "leur école.",
    ),
]


@transaction.atomic
def call_2024_upsert(*, slug: str = "plg-2024", **overrides) -> Call:
    """Create or refresh the 2024 call (or a copy of its rules under another slug).

    Idempotent and non-destructive: rows are matched by slug, school count and position, and
    updated in place, so data that points at them (dossiers, scores) survives a re-run.
    Texts are written in Dutch and French (a `title` or `summary` override is Dutch and gets
    no French: it falls back on the Dutch), whatever language is active.
    Side effects: the call row and its quotas, commitments, themes and criteria.
    """
    values = {**CALL_2024, **overrides}
    for field in TEXT_FIELDS:
        french = "" if field in overrides else CALL_2024_FR[field]
        texts = translated(field, dutch=values.pop(field), french=french)
        values = {**texts, **values}  # explicit `title_fr_be=` overrides win
    call = Call.objects.filter(slug=slug).first() or Call(slug=slug)
    for field, value in values.items():
        setattr(call, field, value)
    call.full_clean()
    call.save()
    for count, delegates in DELEGATE_QUOTAS.items():
        call.delegate_quotas.update_or_create(
            school_count=count, defaults={"delegates_per_school": delegates}
        )
    commitments = zip(COMMITMENTS, COMMITMENTS_FR, strict=True)
    for position, ((title, description), (title_fr, description_fr)) in enumerate(
        commitments, start=1
    ):
        call.commitments.update_or_create(
            position=position,
            defaults={
                **translated("title", dutch=title, french=title_fr),
                **translated("description", dutch=description, french=description_fr),
            },
        )
    themes = zip(EXAMPLE_THEMES, EXAMPLE_THEMES_FR, strict=True)
    for position, (title, title_fr) in enumerate(themes, start=1):
        call.example_themes.update_or_create(
            position=position, defaults=translated("title", dutch=title, french=title_fr)
        )
    criteria = zip(CRITERIA, CRITERIA_FR, strict=True)
    for position, ((title, description), (title_fr, description_fr)) in enumerate(
        criteria, start=1
    ):
        call.criteria.update_or_create(
            position=position,
            defaults={
                **translated("title", dutch=title, french=title_fr),
                **translated("description", dutch=description, french=description_fr),
                "weight": Decimal("1.00"),
                "scale_min": 1,
                "scale_max": 5,
                "answer_max_chars": 3000,
            },
        )
    return call
