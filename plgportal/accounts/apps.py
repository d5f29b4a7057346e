from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "plgportal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.mfa.signals import authenticator_added, authenticator_removed
        from django.contrib.auth.signals import user_logged_in

        from plgportal.accounts.mfa import remember_two_factor_setup
        from plgportal.accounts.services import foundation_staff_group_sync

        # Whether an account must set up its second factor first: decided at sign-in and
        # whenever its authenticators change, then read from the session.
        for name, signal in {
            "login": user_logged_in,
            "added": authenticator_added,
            "removed": authenticator_removed,
        }.items():
            signal.connect(remember_two_factor_setup, dispatch_uid=f"accounts.2fa.{name}")

        # After every migrate, so permissions of models added later reach the staff group too.
        post_migrate.connect(
            lambda **kwargs: foundation_staff_group_sync(),
            dispatch_uid="accounts.foundation_staff_group_sync",
            weak=False,
        )
