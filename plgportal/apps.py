from django.apps import AppConfig
from django.core import checks

from plgportal import checks as portal_checks


class PortalConfig(AppConfig):
    """The project package as an app: shared commands (seed_demo) and configuration checks."""

    name = "plgportal"
    label = "portal"
    verbose_name = "PLG Portal"

    def ready(self):
        checks.register(
            portal_checks.check_production_configuration, checks.Tags.security, deploy=True
        )
