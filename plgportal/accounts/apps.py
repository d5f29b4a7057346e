from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "plgportal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from plgportal.accounts.services import foundation_staff_group_sync

        # After every migrate, so permissions of models added later reach the staff group too.
        post_migrate.connect(
            lambda **kwargs: foundation_staff_group_sync(),
            dispatch_uid="accounts.foundation_staff_group_sync",
            weak=False,
        )
