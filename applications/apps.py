from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Dossiers")

    def ready(self):
        # Imported here: these modules import models, which exist only once apps are loaded.
        from allauth.account.signals import email_confirmed
        from django.contrib.auth.signals import user_logged_in

        from applications import checklist_follows_call, datasets, demo, exports, home, reminders
        from applications.collaboration.services import collaborator_link_invitations
        from plgportal.accounts.enums import NotificationKind, Role
        from plgportal.demo import register_demo_seed
        from plgportal.exports.registry import register_export
        from plgportal.home import HomePanel, register_home_panel
        from plgportal.reminders.registry import register_collector
        from plgportal.spreadsheets.registry import register_dataset

        # What the core shows and runs of this app (plgportal.registry explains the pattern).
        register_home_panel("dossiers", HomePanel(Role.APPLICANT, home.applicant_dossiers))
        for dataset in datasets.CALL_DATASETS:
            register_dataset(dataset)
        register_collector(NotificationKind.DRAFT_DEADLINE, reminders.draft_deadline_reminders)
        register_export(exports.CALL_DOSSIERS_EXPORT)
        register_demo_seed("dossiers", demo.seed_dossiers)
        checklist_follows_call.connect()

        # Partner directors are invited by address, mostly before they have an account; the
        # invitation is linked to the account that verifies that address. The core (plgportal/,
        # allauth's adapter included) never imports this app, so the app listens itself: to
        # allauth's `email_confirmed`, the moment an address is proven, and to every sign-in,
        # which also links addresses verified without that signal (a staff invitation accepted,
        # the admin) and invitations made before this link existed.
        email_confirmed.connect(
            lambda email_address, **kwargs: collaborator_link_invitations(user=email_address.user),
            dispatch_uid="applications.link_invitations.email_confirmed",
            weak=False,
        )
        user_logged_in.connect(
            lambda user, **kwargs: collaborator_link_invitations(user=user),
            dispatch_uid="applications.link_invitations.login",
            weak=False,
        )
