"""Sends whoever must use two-factor sign-in and has no second factor yet to set one up."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from plgportal.accounts.mfa import SETUP_REQUIRED_SESSION_KEY, needs_two_factor_setup

# Pages that stay open meanwhile: setting up the factor itself, confirming one's password for
# it, signing out, and the public basics.
OPEN_URL_NAMES = {"account_logout", "account_reauthenticate", "set_language", "health", "privacy"}
OPEN_URL_PREFIX = "mfa_"


class TwoFactorSetupMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        name = request.resolver_match.url_name if request.resolver_match else None
        if name in OPEN_URL_NAMES or (name or "").startswith(OPEN_URL_PREFIX):
            return None
        # Decided at sign-in (and when authenticators change); a session from before two-factor
        # sign-in existed has no answer yet. Only sessions still waiting for a factor look
        # again, since one may have been added since (another tab or device).
        if request.session.get(SETUP_REQUIRED_SESSION_KEY, True):
            request.session[SETUP_REQUIRED_SESSION_KEY] = needs_two_factor_setup(user)
        if not request.session[SETUP_REQUIRED_SESSION_KEY]:
            return None
        messages.info(
            request,
            _(
                "Voor uw rol is twee-factor-authenticatie verplicht. Stel eerst een "
                "authenticator-app of een beveiligingssleutel in; daarna gaat u verder."
            ),
        )
        return redirect("mfa_index")
