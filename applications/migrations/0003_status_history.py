"""The dossier's status history takes the shared shape (plgportal.history.StatusChange): the
author may be deleted (SET_NULL), the time is indexed and may be given. Data kept."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_dossier_field_saves"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="dossierstatuschange",
            name="changed_at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="gewijzigd op"
            ),
        ),
        migrations.AlterField(
            model_name="dossierstatuschange",
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
            model_name="dossierstatuschange",
            name="new_status",
            field=models.CharField(
                choices=[
                    ("draft", "Concept"),
                    ("submitted", "Ingediend"),
                    ("admissible", "Ontvankelijk"),
                    ("not_admissible", "Niet ontvankelijk"),
                ],
                max_length=20,
                verbose_name="nieuwe status",
            ),
        ),
        migrations.AlterField(
            model_name="dossierstatuschange",
            name="old_status",
            field=models.CharField(
                choices=[
                    ("draft", "Concept"),
                    ("submitted", "Ingediend"),
                    ("admissible", "Ontvankelijk"),
                    ("not_admissible", "Niet ontvankelijk"),
                ],
                max_length=20,
                verbose_name="oude status",
            ),
        ),
        migrations.AlterField(
            model_name="dossierstatuschange",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reden"),
        ),
    ]
