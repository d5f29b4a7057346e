from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "plgportal.outbox"
    label = "outbox"
    verbose_name = _("Uitgaande e-mail")
