"""The one shape of a workflow's history: who moved its subject from which status to which,
when and why; and the one check of a move against the workflow's table of allowed moves.

Each workflow (dossier status, jury phase, review status, evaluation-report status, jury
decision) has one concrete table inheriting `StatusChange` that adds only its subject, and
redeclares `old_status`/`new_status` with its own choices so the labels show. Rows are written
only by the workflow's transition service (`dossier_set_status`, `jury_set_phase`, ...), and
shown to staff through templates/partials/history.html.
"""

from collections.abc import Collection, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

STATUS_MAX_LENGTH = 20


def ensure_move_allowed(
    moves: Mapping[models.TextChoices, Collection[str]],
    *,
    old: models.TextChoices,
    new: str,
    message: str,
) -> None:
    """Raise ValidationError(`message`) unless `moves[old]` holds `new`; `message` may name the
    two statuses as %(old)s and %(new)s, filled in with their labels."""
    if new not in moves[old]:
        raise ValidationError(message % {"old": old.label, "new": type(old)(new).label})


class StatusChange(models.Model):
    old_status = models.CharField(_("oude status"), max_length=STATUS_MAX_LENGTH)
    new_status = models.CharField(_("nieuwe status"), max_length=STATUS_MAX_LENGTH)
    # SET_NULL: deleting an account must not erase, nor be blocked by, what it once decided.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewijzigd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now, db_index=True)
    reason = models.TextField(_("reden"), blank=True)

    class Meta:
        abstract = True
        ordering = ["changed_at", "pk"]
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")

    def __str__(self):
        return f"{self.old_status or '–'} → {self.new_status}"


def old_status_field(choices, *, blank: bool = False) -> models.CharField:
    """`old_status` of a concrete history table, with its workflow's choices (blank: the
    subject had no status before, as a first decision)."""
    return models.CharField(
        _("oude status"), max_length=STATUS_MAX_LENGTH, choices=choices, blank=blank
    )


def new_status_field(choices) -> models.CharField:
    """`new_status` of a concrete history table, with its workflow's choices."""
    return models.CharField(_("nieuwe status"), max_length=STATUS_MAX_LENGTH, choices=choices)
