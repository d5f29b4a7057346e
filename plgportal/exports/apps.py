from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "plgportal.exports"
    label = "exports"
    verbose_name = _("Exports")

    def ready(self):
        # Imported here: these modules import models, which exist only once apps are loaded.
        from plgportal.exports.registry import register_export
        from plgportal.spreadsheets.exports import SPREADSHEET_EXPORT

        # The portal's own kind; the apps register theirs from their own ready().
        register_export(SPREADSHEET_EXPORT)
