import os

from celery import Celery
from celery.signals import worker_process_init

from plgportal.gc_tuning import freeze_after_startup

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plgportal.settings")

app = Celery("plgportal")
# Every CELERY_* setting configures the app: broker, eager mode, acks_late, time limits, beat.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _tune_gc(**kwargs):
    # Each pool process, once forked and set up: see plgportal.gc_tuning.
    freeze_after_startup()
