from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SUBMITTED = "submitted", _("Ingediend")
    ADMISSIBLE = "admissible", _("Ontvankelijk")
    NOT_ADMISSIBLE = "not_admissible", _("Niet ontvankelijk")

    @property
    def badge_tone(self) -> str:
        """The Bootstrap colour of this status's badges (`text-bg-…`)."""
        return {
            DossierStatus.DRAFT: "secondary",
            DossierStatus.SUBMITTED: "primary",
            DossierStatus.NOT_ADMISSIBLE: "danger",
        }.get(self, "success")


class DelegateFunction(models.TextChoices):
    DIRECTOR = "director", _("Directeur")
    BOARD_MEMBER = "board_member", _("Bestuurder")
    POLICY_SUPPORT = "policy_support", _("Interne beleidsondersteuner")
    TEACHER = "teacher", _("Leerkracht")
    OTHER = "other", _("Andere onderwijsprofessional")


class CollaboratorRole(models.TextChoices):
    CONTACT = "contact", _("Contactpersoon")
    PARTNER = "partner", _("Directeur partnerschool")


class Section(models.TextChoices):
    """The dossier's sections, in the order the applicant sees them."""

    PLG = "plg", _("PLG en contactpersoon")
    SCHOOLS = "schools", _("Scholen")
    DELEGATES = "delegates", _("Afgevaardigden")
    LETTERS = "letters", _("Letters of intent")
    MOTIVATION = "motivation", _("Thema en motivatie")
    PLANNING = "planning", _("Planning")
    COMMITMENTS = "commitments", _("Engagementen")
