from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plgportal.accounts.enums import NotificationKind, Role
from plgportal.accounts.managers import UserManager


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("volledige naam"), max_length=150)
    role = models.CharField(_("rol"), max_length=20, choices=Role, default=Role.APPLICANT)
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(
        _("toegang tot beheer"),
        default=False,
        help_text=_("Mag inloggen op de beheeromgeving (Django admin)."),
    )
    date_joined = models.DateTimeField(_("geregistreerd op"), default=timezone.now)
    invited_by = models.ForeignKey(
        "self",
        verbose_name=_("uitgenodigd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("uitgenodigd op"), null=True, blank=True)
    # The language of the mails this user receives (the pages follow the language switch).
    language = models.CharField(
        _("taal"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>" if self.full_name else self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def invitation_pending(self) -> bool:
        """Invited but never chose a password."""
        return self.invited_at is not None and not self.has_usable_password()


class NotificationOptOut(models.Model):
    """A reminder kind a user switched off; no row means the reminder is sent."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notification_opt_outs")
    kind = models.CharField(_("soort"), max_length=30, choices=NotificationKind)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("uitgeschakelde herinnering")
        verbose_name_plural = _("uitgeschakelde herinneringen")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="accounts_optout_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.get_kind_display()}"
