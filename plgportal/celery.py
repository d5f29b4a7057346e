import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plgportal.settings")

app = Celery("plgportal")
# Every CELERY_* setting configures the app: broker, eager mode, acks_late, time limits, beat.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
