from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Dossiers")

    def ready(self):
        from allauth.account.signals import email_confirmed
        from django.contrib.auth.signals import user_logged_in

        from applications.collaboration import collaborator_link_invitations

        # Partner directors are invited by address, mostly before they have an account; the
        # invitation is linked to the account that verifies that address. The core (plgportal/,
        # allauth's adapter included) never imports this app, so the app listens itself: to
        # allauth's `email_confirmed`, the moment an address is proven, and to every sign-in,
        # which also links addresses verified without that signal (a staff invitation accepted,
        # the admin) and invitations made before this link existed.
        email_confirmed.connect(
            lambda email_address, **kwargs: collaborator_link_invitations(
                user=email_address.user
            ),
            dispatch_uid="applications.link_invitations.email_confirmed",
            weak=False,
        )
        user_logged_in.connect(
            lambda user, **kwargs: collaborator_link_invitations(user=user),
            dispatch_uid="applications.link_invitations.login",
            weak=False,
        )
