"""Two-factor sign-in (django-allauth's MFA): who must use it, and how its secrets are kept.

Staff, jurors and anyone who may open the admin must have a second factor (an authenticator
app or a security key/passkey); allauth then asks for it at every sign-in. Whoever signs in
without one is sent to set it up before anything else (`TwoFactorSetupMiddleware`).
"""

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

from plgportal.accounts.rules import must_use_two_factor

# Authenticators that are a second factor by themselves; recovery codes only back them up.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
SETUP_REQUIRED_SESSION_KEY = "portal_two_factor_setup_required"


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


def needs_two_factor_setup(user) -> bool:
    return must_use_two_factor(user) and not has_second_factor(user)


def _fernet(secret: str) -> Fernet:
    digest = hashlib.sha256(f"plgportal.mfa:{secret}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def secret_box() -> MultiFernet:
    """Encrypts with SECRET_KEY; still decrypts what older keys in SECRET_KEY_FALLBACKS wrote,
    so rotating the key does not lock anyone out of their authenticator."""
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet([_fernet(key) for key in keys])


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        # TOTP secrets and the recovery-code seed: a copy of the database alone must not be
        # enough to generate someone's codes.
        return secret_box().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return secret_box().decrypt(encrypted_text.encode()).decode()

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Who must use two factors cannot remove their last one (a new one can be added
        first, then the old one removed)."""
        if authenticator.type not in SECOND_FACTORS:
            return True
        user = authenticator.user
        if not must_use_two_factor(user):
            return True
        others = Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS)
        return others.exclude(pk=authenticator.pk).exists()

    def get_totp_issuer(self) -> str:
        return "PLG Portal"


def remember_two_factor_setup(*, request, user, **kwargs) -> None:
    """Decides, when the account signs in or changes its authenticators, whether it must set
    up a second factor first; the middleware then reads only the session."""
    if request is not None and hasattr(request, "session"):
        request.session[SETUP_REQUIRED_SESSION_KEY] = needs_two_factor_setup(user)
