"""The 2024 call "Professionele leergemeenschappen over de schoolmuren heen" as data.

Values from the call text (../shared/domain/oproep-2024-plg.txt, beside this repository). Staff
change calls in the admin; this module only seeds them (and makes the practice copy for demos).
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from plgportal.calls.enums import EducationLevel
from plgportal.calls.models import Call

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


@transaction.atomic
def call_2024_upsert(*, slug: str = "plg-2024", **overrides) -> Call:
    """Create or refresh the 2024 call (or a copy of its rules under another slug).

    Idempotent and non-destructive: rows are matched by slug, school count and position, and
    updated in place, so data that points at them (dossiers, scores) survives a re-run.
    Side effects: the call row and its quotas, commitments, themes and criteria.
    """
    values = {**CALL_2024, **overrides}
    call = Call.objects.filter(slug=slug).first() or Call(slug=slug)
    for field, value in values.items():
        setattr(call, field, value)
    call.full_clean()
    call.save()
    for count, delegates in DELEGATE_QUOTAS.items():
        call.delegate_quotas.update_or_create(
            school_count=count, defaults={"delegates_per_school": delegates}
        )
    for position, (title, description) in enumerate(COMMITMENTS, start=1):
        call.commitments.update_or_create(
            position=position, defaults={"title": title, "description": description}
        )
    for position, title in enumerate(EXAMPLE_THEMES, start=1):
        call.example_themes.update_or_create(position=position, defaults={"title": title})
    for position, (title, description) in enumerate(CRITERIA, start=1):
        call.criteria.update_or_create(
            position=position,
            defaults={
                "title": title,
                "description": description,
                "weight": Decimal("1.00"),
                "scale_min": 1,
                "scale_max": 5,
                "answer_max_chars": 3000,
            },
        )
    return call
