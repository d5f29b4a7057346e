"""The call's texts move into their Dutch column (title → title_nl_be...), which
django-modeltranslation reads from now on: every existing call keeps its Dutch wording, with no
manual command. Backwards, the Dutch column is copied back into the plain one."""

from django.db import migrations
from django.db.models import F

TEXTS = {
    "call": ("title", "summary"),
    "commitment": ("title", "description"),
    "exampletheme": ("title", "description"),
    "selectioncriterion": ("title", "description"),
}


def forwards(apps, schema_editor):
    for model_name, fields in TEXTS.items():
        model = apps.get_model("calls", model_name)
        for field in fields:
            model.objects.filter(**{f"{field}_nl_be__isnull": True}).update(
                **{f"{field}_nl_be": F(field)}
            )


def backwards(apps, schema_editor):
    for model_name, fields in TEXTS.items():
        model = apps.get_model("calls", model_name)
        for field in fields:
            model.objects.exclude(**{f"{field}_nl_be__isnull": True}).exclude(
                **{f"{field}_nl_be": ""}
            ).update(**{field: F(f"{field}_nl_be")})


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0005_call_texts_per_language"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
