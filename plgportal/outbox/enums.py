from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("In wachtrij")
    SENT = "sent", _("Verzonden")
    FAILED = "failed", _("Mislukt")

    @property
    def badge_tone(self) -> str:
        """The Bootstrap colour of this status's badges (`text-bg-…`)."""
        return {EmailStatus.SENT: "success", EmailStatus.FAILED: "danger"}.get(self, "warning")
