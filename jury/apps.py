from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuryConfig(AppConfig):
    name = "jury"
    verbose_name = _("Jury")

    def ready(self):
        # Imported here: these modules import models, which exist only once apps are loaded.
        from jury import datasets, demo, exports, home, reminders
        from plgportal.accounts.enums import NotificationKind, Role
        from plgportal.demo import register_demo_seed
        from plgportal.exports.registry import register_export
        from plgportal.home import HomePanel, register_home_panel
        from plgportal.reminders.registry import register_collector
        from plgportal.spreadsheets.registry import register_dataset

        # What the core shows and runs of this app (plgportal.registry explains the pattern).
        register_home_panel("juries", HomePanel(Role.JURY, home.juror_juries))
        for dataset in datasets.CALL_DATASETS:
            register_dataset(dataset)
        register_collector(NotificationKind.SCORING_DEADLINE, reminders.scoring_deadline_reminders)
        register_export(exports.RANKING_PDF_EXPORT)
        register_demo_seed("jury", demo.seed_jury)
