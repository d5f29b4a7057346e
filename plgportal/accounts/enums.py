from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Aanvrager")
    STAFF = "staff", _("Medewerker Stichting")
    JURY = "jury", _("Jurylid")
    COACH = "coach", _("Coach")


# Roles that only staff can hand out, by invitation; applicants register themselves.
INVITED_ROLES = (Role.STAFF, Role.JURY, Role.COACH)


class NotificationKind(models.TextChoices):
    """Optional reminders: each user may switch these off in their profile.

    Mails a user cannot do without (invitations, confirmations, decisions, password resets)
    are not listed here and always go out.
    """

    DRAFT_DEADLINE = "draft_deadline", _("Herinnering: dossier nog niet ingediend")
    SCORING_DEADLINE = "scoring_deadline", _("Herinnering: dossiers nog te beoordelen")
    MEETING_UPCOMING = "meeting_upcoming", _("Herinnering: bijeenkomst komt eraan")
    MINUTES_MISSING = "minutes_missing", _("Herinnering: verslag van een bijeenkomst ontbreekt")
    REPORT_DUE = "report_due", _("Herinnering: evaluatieverslag in te dienen")
    FEEDBACK_REQUEST = "feedback_request", _("Vragenlijst na een bijeenkomst")
    INDICATORS_REQUEST = "indicators_request", _("Indicatoren van de school invullen")
