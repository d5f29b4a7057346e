"""The 2024 call was seeded with its school year ending on 30 June; a Flemish school year (the
call says "in schooljaar 2025-2026") runs to 31 August.

Corrects the row only where it still holds exactly the old seeded values: a call staff changed
since is left alone. The evaluation report stays due on 30 June, where it was (it fell back on
the end of the school year).
"""

from datetime import date

from django.db import migrations

SLUG = "plg-2024"
START, OLD_END, NEW_END = date(2025, 9, 1), date(2026, 6, 30), date(2026, 8, 31)


def forwards(apps, schema_editor):
    Call = apps.get_model("calls", "Call")
    seeded = Call.objects.filter(slug=SLUG, school_year_start=START, school_year_end=OLD_END)
    seeded.filter(evaluation_report_due__isnull=True).update(evaluation_report_due=OLD_END)
    seeded.update(school_year_end=NEW_END)


def backwards(apps, schema_editor):
    Call = apps.get_model("calls", "Call")
    Call.objects.filter(
        slug=SLUG, school_year_start=START, school_year_end=NEW_END, evaluation_report_due=OLD_END
    ).update(school_year_end=OLD_END, evaluation_report_due=None)


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0002_call_evaluation_report_due"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
