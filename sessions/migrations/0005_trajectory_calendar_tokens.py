"""Every trajectory gets the token of its calendar feed: from now on the trajectory is created
with it (sessions.services), so pages and mails only read it."""

import secrets

from django.db import migrations


def create_missing_tokens(apps, schema_editor):
    Trajectory = apps.get_model("plg_sessions", "Trajectory")
    CalendarToken = apps.get_model("plg_sessions", "CalendarToken")
    missing = Trajectory.objects.filter(calendar_token__isnull=True)
    CalendarToken.objects.bulk_create(
        CalendarToken(trajectory=trajectory, token=secrets.token_urlsafe(24))
        for trajectory in missing
    )


class Migration(migrations.Migration):
    dependencies = [
        ("plg_sessions", "0004_product_attachment"),
    ]

    operations = [
        migrations.RunPython(create_missing_tokens, migrations.RunPython.noop),
    ]
