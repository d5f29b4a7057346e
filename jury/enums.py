from django.db import models
from django.utils.translation import gettext_lazy as _


class JuryPhase(models.TextChoices):
    """What jurors may do: each phase opens and closes actions (see jury/rules.py)."""

    SETUP = "setup", _("Samenstelling")
    SCORING = "scoring", _("Beoordeling open")
    DELIBERATION = "deliberation", _("Deliberatie")
    PUBLISHED = "published", _("Resultaten gepubliceerd")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SUBMITTED = "submitted", _("Ingediend")


class Outcome(models.TextChoices):
    SELECTED = "selected", _("Geselecteerd")
    RESERVE = "reserve", _("Reserve")
    NOT_SELECTED = "not_selected", _("Niet geselecteerd")
