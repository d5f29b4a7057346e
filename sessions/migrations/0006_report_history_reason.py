"""The report's history takes the shared shape (plgportal.history.StatusChange): `comments`
becomes `reason` like every other history, the author may be deleted (SET_NULL), the time is
indexed. Data kept."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plg_sessions", "0005_trajectory_calendar_tokens"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The same name as every other history's reason: staff's comments, data kept.
        migrations.RenameField("reportstatuschange", "comments", "reason"),
        migrations.AlterModelOptions(
            name="reportstatuschange",
            options={
                "ordering": ["changed_at", "pk"],
                "verbose_name": "statuswijziging van een verslag",
                "verbose_name_plural": "statuswijzigingen van verslagen",
            },
        ),
        migrations.AlterField(
            model_name="reportstatuschange",
            name="changed_at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="gewijzigd op"
            ),
        ),
        migrations.AlterField(
            model_name="reportstatuschange",
            name="changed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="gewijzigd door",
            ),
        ),
        migrations.AlterField(
            model_name="reportstatuschange",
            name="new_status",
            field=models.CharField(
                choices=[
                    ("draft", "Concept"),
                    ("submitted", "Ingediend"),
                    ("changes_requested", "Aanpassingen gevraagd"),
                    ("approved", "Goedgekeurd"),
                ],
                max_length=20,
                verbose_name="nieuwe status",
            ),
        ),
        migrations.AlterField(
            model_name="reportstatuschange",
            name="old_status",
            field=models.CharField(
                choices=[
                    ("draft", "Concept"),
                    ("submitted", "Ingediend"),
                    ("changes_requested", "Aanpassingen gevraagd"),
                    ("approved", "Goedgekeurd"),
                ],
                max_length=20,
                verbose_name="oude status",
            ),
        ),
        migrations.AlterField(
            model_name="reportstatuschange",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reden"),
        ),
    ]
