from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    PLG = "plg", _("PLG-bijeenkomst")
    KICKOFF = "kickoff", _("Startbijeenkomst")
    CLOSING = "closing", _("Slotbijeenkomst")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Aanwezig")
    ABSENT = "absent", _("Afwezig")
    EXCUSED = "excused", _("Verontschuldigd")


class MeetingRole(models.TextChoices):
    PROCESS_COACH = "process_coach", _("Procescoach")
    REPORTER = "reporter", _("Verslaggever")
    HOST = "host", _("Host")
    OTHER = "other", _("Andere rol")


class ProductStage(models.TextChoices):
    IDEA = "idea", _("Idee")
    PROTOTYPE = "prototype", _("Prototype")
    TESTED = "tested", _("Getest in de school")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SUBMITTED = "submitted", _("Ingediend")
    CHANGES_REQUESTED = "changes_requested", _("Aanpassingen gevraagd")
    APPROVED = "approved", _("Goedgekeurd")


class TrajectoryChangeAction(models.TextChoices):
    """What a coach or staff took back in a trajectory (sessions.models.TrajectoryChange)."""

    MEETING_REMOVED = "meeting_removed", _("Bijeenkomst verwijderd")
    PRODUCT_REMOVED = "product_removed", _("Product verwijderd")
