from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    CALL_DOSSIERS = "call_dossiers", _("Alle dossiers als PDF")
    CALL_REPORTS = "call_reports", _("Alle evaluatieverslagen als PDF")
    TRAJECTORY_BUNDLE = "trajectory_bundle", _("Alles van één traject")
    SPREADSHEET = "spreadsheet", _("Rekenblad")
    RANKING_PDF = "ranking_pdf", _("Rangschikking van de jury als PDF")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("In wachtrij")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")
    EXPIRED = "expired", _("Verlopen")


# Still being worked on: the progress page keeps polling.
ACTIVE_STATUSES = (ExportStatus.QUEUED, ExportStatus.RUNNING)
