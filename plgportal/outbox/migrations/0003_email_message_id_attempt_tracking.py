from django.db import migrations, models

import plgportal.outbox.models


def give_each_email_its_own_message_id(apps, schema_editor):
    # AddField fills existing rows from one call of the default: one ID shared by all of them.
    Email = apps.get_model("outbox", "Email")
    for email in Email.objects.only("pk").iterator():
        Email.objects.filter(pk=email.pk).update(
            message_id=plgportal.outbox.models.new_message_id()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0002_email_attachments"),
    ]

    operations = [
        migrations.AddField(
            model_name="email",
            name="message_id",
            field=models.CharField(
                default="", editable=False, max_length=255, verbose_name="Message-ID"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(give_each_email_its_own_message_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="email",
            name="message_id",
            field=models.CharField(
                default=plgportal.outbox.models.new_message_id,
                editable=False,
                max_length=255,
                verbose_name="Message-ID",
            ),
        ),
        migrations.AddField(
            model_name="email",
            name="attempt_started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="poging gestart op"),
        ),
        migrations.AddField(
            model_name="email",
            name="interrupted_attempts",
            field=models.PositiveSmallIntegerField(
                default=0, verbose_name="onderbroken pogingen"
            ),
        ),
        migrations.AddField(
            model_name="email",
            name="requeued_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="opnieuw in wachtrij op"
            ),
        ),
    ]
