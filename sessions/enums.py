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


class FeedbackQuestionKind(models.TextChoices):
    """What a question of the participants' questionnaire asks for."""

    SCORE = "score", _("Score van 1 tot 5")
    LINE = "line", _("Eén regel tekst")
    COMMENT = "comment", _("Opmerking voor de coach")


class GuskeyLevel(models.IntegerChoices):
    """The levels of Guskey's model the questionnaire feeds (BRIEF.md): the evaluation report
    pre-fills these from the answers. Levels 3 and 5 are not asked of participants."""

    REACTIONS = 1, _("1. Reacties van de deelnemers")
    LEARNING = 2, _("2. Wat de deelnemers leerden")
    PRACTICE = 4, _("4. Gebruik in de praktijk")


class IndicatorKind(models.TextChoices):
    """What a school's indicator (sessions.models.IndicatorDefinition) holds."""

    NUMBER = "number", _("Aantal")
    YES_NO = "yes_no", _("Ja of nee")
    TEXT = "text", _("Tekst")


class IndicatorMoment(models.TextChoices):
    """When a school records its indicators: after the kick-off (the starting point) and after
    the closing event (what changed)."""

    BEFORE = "before", _("Bij de start")
    AFTER = "after", _("Na de slotbijeenkomst")
