from django.db import models
from django.utils.translation import gettext_lazy as _


class EducationLevel(models.TextChoices):
    """Levels of Flemish education; each call names which of them are eligible."""

    KLEUTER = "kleuter", _("Kleuteronderwijs")
    LAGER = "lager", _("Lager onderwijs")
    BUITENGEWOON_BASIS = "buitengewoon_basis", _("Buitengewoon basisonderwijs")
    SECUNDAIR = "secundair", _("Secundair onderwijs")
    BUITENGEWOON_SECUNDAIR = "buitengewoon_secundair", _("Buitengewoon secundair onderwijs")
    DKO = "dko", _("Deeltijds kunstonderwijs")
    BASISEDUCATIE = "basiseducatie", _("Volwassenenonderwijs: basiseducatie")
    SECUNDAIR_VOLWASSENEN = "secundair_volwassenen", _("Secundair volwassenenonderwijs")


class EducationNetwork(models.TextChoices):
    GO = "go", _("GO! onderwijs van de Vlaamse Gemeenschap")
    KATHOLIEK = "katholiek", _("Katholiek Onderwijs Vlaanderen")
    OVSG = "ovsg", _("OVSG (stedelijk en gemeentelijk onderwijs)")
    POV = "pov", _("POV (provinciaal onderwijs)")
    INDEPENDENT = "independent", _("Onafhankelijk onderwijs (bv. OKO)")


class CallPhase(models.TextChoices):
    UPCOMING = "upcoming", _("Binnenkort open")
    OPEN = "open", _("Open voor dossiers")
    CLOSED = "closed", _("Afgesloten")
