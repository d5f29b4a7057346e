"""One shape for every status history (plgportal.history.StatusChange):

- the jury's phase history names its fields old_status/new_status like the others (renamed,
  data kept);
- a review's history hangs on the dossier and the juror instead of the review row, so it
  survives the review being deleted (filled from each row's review before that link goes);
- decisions get a history, started with one row per decision already taken.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def review_history_to_dossier_and_juror(apps, schema_editor):
    ReviewStatusChange = apps.get_model("jury", "ReviewStatusChange")
    for change in ReviewStatusChange.objects.select_related("review__assignment"):
        change.dossier_id = change.review.assignment.dossier_id
        change.juror_id = change.review.assignment.juror_id
        change.save(update_fields=["dossier", "juror"])


def review_history_to_review(apps, schema_editor):
    ReviewStatusChange = apps.get_model("jury", "ReviewStatusChange")
    Review = apps.get_model("jury", "Review")
    for change in ReviewStatusChange.objects.all():
        review = Review.objects.filter(
            assignment__dossier_id=change.dossier_id, assignment__juror_id=change.juror_id
        ).first()
        if review is None:  # the review is gone: its history cannot hang on it any more
            change.delete()
        else:
            change.review_id = review.pk
            change.save(update_fields=["review"])


def decisions_start_their_history(apps, schema_editor):
    Decision = apps.get_model("jury", "Decision")
    DecisionChange = apps.get_model("jury", "DecisionChange")
    DecisionChange.objects.bulk_create(
        DecisionChange(
            dossier_id=decision.dossier_id,
            old_status="",
            new_status=decision.outcome,
            changed_by_id=decision.decided_by_id,
            changed_at=decision.decided_at,
            reason=decision.motivation,
        )
        for decision in Decision.objects.all()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_status_history"),
        ("jury", "0002_review_status_change"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("juryphasechange", "old_phase", "old_status"),
        migrations.RenameField("juryphasechange", "new_phase", "new_status"),
        migrations.AddField(
            model_name="reviewstatuschange",
            name="dossier",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="review_status_changes",
                to="applications.dossier",
            ),
        ),
        migrations.AddField(
            model_name="reviewstatuschange",
            name="juror",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="jurylid",
            ),
        ),
        migrations.AlterField(
            model_name="reviewstatuschange",
            name="review",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="status_changes",
                to="jury.review",
            ),
        ),
        migrations.RunPython(review_history_to_dossier_and_juror, review_history_to_review),
        migrations.AlterField(
            model_name="reviewstatuschange",
            name="dossier",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="review_status_changes",
                to="applications.dossier",
            ),
        ),
        migrations.AlterField(
            model_name="reviewstatuschange",
            name="juror",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="jurylid",
            ),
        ),
        migrations.RemoveField(model_name="reviewstatuschange", name="review"),
        migrations.AlterModelOptions(
            name="juryphasechange",
            options={
                "ordering": ["changed_at", "pk"],
                "verbose_name": "fasewijziging",
                "verbose_name_plural": "fasewijzigingen",
            },
        ),
        migrations.AlterModelOptions(
            name="reviewstatuschange",
            options={
                "ordering": ["changed_at", "pk"],
                "verbose_name": "statuswijziging van een beoordeling",
                "verbose_name_plural": "statuswijzigingen van beoordelingen",
            },
        ),
        migrations.AlterField(
            model_name="juryphasechange",
            name="changed_at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="gewijzigd op"
            ),
        ),
        migrations.AlterField(
            model_name="juryphasechange",
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
            model_name="juryphasechange",
            name="new_status",
            field=models.CharField(
                choices=[
                    ("setup", "Samenstelling"),
                    ("scoring", "Beoordeling open"),
                    ("deliberation", "Deliberatie"),
                    ("published", "Resultaten gepubliceerd"),
                ],
                max_length=20,
                verbose_name="nieuwe status",
            ),
        ),
        migrations.AlterField(
            model_name="juryphasechange",
            name="old_status",
            field=models.CharField(
                choices=[
                    ("setup", "Samenstelling"),
                    ("scoring", "Beoordeling open"),
                    ("deliberation", "Deliberatie"),
                    ("published", "Resultaten gepubliceerd"),
                ],
                max_length=20,
                verbose_name="oude status",
            ),
        ),
        migrations.AlterField(
            model_name="juryphasechange",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reden"),
        ),
        migrations.AlterField(
            model_name="reviewstatuschange",
            name="changed_at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="gewijzigd op"
            ),
        ),
        migrations.AlterField(
            model_name="reviewstatuschange",
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
            model_name="reviewstatuschange",
            name="new_status",
            field=models.CharField(
                choices=[("draft", "Concept"), ("submitted", "Ingediend")],
                max_length=20,
                verbose_name="nieuwe status",
            ),
        ),
        migrations.AlterField(
            model_name="reviewstatuschange",
            name="old_status",
            field=models.CharField(
                choices=[("draft", "Concept"), ("submitted", "Ingediend")],
                max_length=20,
                verbose_name="oude status",
            ),
        ),
        migrations.AlterField(
            model_name="reviewstatuschange",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reden"),
        ),
        migrations.CreateModel(
            name="DecisionChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "changed_at",
                    models.DateTimeField(
                        db_index=True,
                        default=django.utils.timezone.now,
                        verbose_name="gewijzigd op",
                    ),
                ),
                ("reason", models.TextField(blank=True, verbose_name="reden")),
                (
                    "old_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("selected", "Geselecteerd"),
                            ("reserve", "Reserve"),
                            ("not_selected", "Niet geselecteerd"),
                        ],
                        max_length=20,
                        verbose_name="oude status",
                    ),
                ),
                (
                    "new_status",
                    models.CharField(
                        choices=[
                            ("selected", "Geselecteerd"),
                            ("reserve", "Reserve"),
                            ("not_selected", "Niet geselecteerd"),
                        ],
                        max_length=20,
                        verbose_name="nieuwe status",
                    ),
                ),
                (
                    "changed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gewijzigd door",
                    ),
                ),
                (
                    "dossier",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="decision_changes",
                        to="applications.dossier",
                    ),
                ),
            ],
            options={
                "verbose_name": "wijziging van een beslissing",
                "verbose_name_plural": "wijzigingen van beslissingen",
                "ordering": ["changed_at", "pk"],
                "abstract": False,
            },
        ),
        migrations.RunPython(decisions_start_their_history, migrations.RunPython.noop),
    ]
