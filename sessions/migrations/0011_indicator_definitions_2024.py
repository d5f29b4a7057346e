"""The indicators of the 2024 call, for every call that exists already (new trajectories give
their call them through sessions.indicators.services.indicator_definitions_ensure, copies take
their source's). The texts are copied here, not imported: a migration keeps what was true when
it was written."""

from django.db import migrations

DEFINITIONS = [
    # (position, code, kind, label, help text, required)
    (
        1,
        "starters",
        "number",
        "Hoeveel leerkrachten begonnen de voorbije twee schooljaren in uw school?",
        "Startende leerkrachten: hun eerste opdracht in het onderwijs of in uw school.",
        True,
    ),
    (2, "starters_left", "number", "Hoeveel van hen hebben de school intussen verlaten?", "", True),
    (
        3,
        "absence_days",
        "number",
        "Hoeveel afwezigheidsdagen telden de leerkrachten het voorbije schooljaar?",
        "Alleen als u het weet; laat anders leeg.",
        False,
    ),
    (
        4,
        "induction_policy",
        "yes_no",
        "Heeft de school een beleid voor aanvangsbegeleiding of mentoring?",
        "",
        True,
    ),
    (5, "career_policy", "yes_no", "Heeft de school een beleid voor loopbaangesprekken?", "", True),
    (
        6,
        "policy_change",
        "text",
        "Wat veranderde er in het beleid van uw school?",
        "Bij de start: wat u wilt veranderen. Na de slotbijeenkomst: wat er veranderde.",
        False,
    ),
]


def seed_definitions(apps, schema_editor):
    Call = apps.get_model("calls", "Call")
    IndicatorDefinition = apps.get_model("plg_sessions", "IndicatorDefinition")
    for call in Call.objects.filter(indicator_definitions__isnull=True):
        IndicatorDefinition.objects.bulk_create(
            IndicatorDefinition(
                call=call,
                position=position,
                code=code,
                kind=kind,
                label=label,
                help_text=help_text,
                required=required,
            )
            for position, code, kind, label, help_text, required in DEFINITIONS
        )


class Migration(migrations.Migration):
    dependencies = [
        ("plg_sessions", "0010_indicators"),
    ]

    operations = [migrations.RunPython(seed_definitions, migrations.RunPython.noop)]
