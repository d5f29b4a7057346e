from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from plgportal.accounts.enums import NotificationKind
from plgportal.calls.models import Call
from plgportal.reminders.schedule import DEFAULT_DAYS, format_days, parse_days


def validate_days(value: str) -> None:
    try:
        parse_days(value)
    except ValueError:
        raise ValidationError(
            _("Geef gehele getallen groter dan nul, gescheiden door komma's, bv. 14,3,1."),
            code="invalid_days",
        ) from None


class ReminderRule(models.Model):
    """How a call sends one kind of reminder. Without a rule the built-in default applies
    (switched on, the days in plgportal.reminders.schedule.DEFAULT_DAYS)."""

    call = models.ForeignKey(
        Call, verbose_name=_("oproep"), on_delete=models.CASCADE, related_name="reminder_rules"
    )
    kind = models.CharField(_("herinnering"), max_length=20, choices=NotificationKind)
    enabled = models.BooleanField(_("versturen"), default=True)
    days = models.CharField(
        _("dagen"),
        max_length=50,
        blank=True,
        validators=[validate_days],
        help_text=_(
            "Aantal dagen vóór de uiterste datum of de bijeenkomst (na de bijeenkomst voor een "
            "ontbrekend verslag), gescheiden door komma's, bv. 14,3,1. Leeg: de standaard."
        ),
    )

    class Meta:
        verbose_name = _("herinneringsregel")
        verbose_name_plural = _("herinneringsregels")
        ordering = ["call", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["call", "kind"], name="reminder_rule_unique_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {format_days(self.day_list)}"

    @property
    def day_list(self) -> tuple[int, ...]:
        return parse_days(self.days) if self.days else DEFAULT_DAYS[self.kind]


class AddressOptOut(models.Model):
    """A reminder kind switched off through the link in a reminder, for an address without an
    account (participants often have none). Accounts keep theirs in their profile."""

    email = models.EmailField(_("e-mailadres"))  # stored lower-cased
    kind = models.CharField(_("herinnering"), max_length=20, choices=NotificationKind)
    created_at = models.DateTimeField(_("uitgeschakeld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("uitgeschakelde herinnering voor een adres")
        verbose_name_plural = _("uitgeschakelde herinneringen voor adressen")
        constraints = [
            models.UniqueConstraint(fields=["email", "kind"], name="reminder_address_optout")
        ]

    def __str__(self):
        return f"{self.email} – {self.get_kind_display()}"
