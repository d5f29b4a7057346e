from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Aanvrager")
    STAFF = "staff", _("Medewerker Stichting")
    JURY = "jury", _("Jurylid")
    COACH = "coach", _("Coach")


# Roles that only staff can hand out, by invitation; applicants register themselves.
INVITED_ROLES = (Role.STAFF, Role.JURY, Role.COACH)
