"""Signing in through the browser as users do: the password, then (staff, jurors) the code
of their authenticator app."""

import re
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

# Codes handed out in the current test: the portal accepts each code once (it remembers used
# ones in the cache, which every test starts without: see `forget_used_codes`).
_USED_CODES: set[tuple[str, str]] = set()


def forget_used_codes() -> None:
    _USED_CODES.clear()


def _label(text):
    """A field's label exactly; crispy puts an asterisk (and whitespace) inside required ones."""
    return re.compile(rf"^\s*{re.escape(text)}\*?\s*$")


def _totp_code(secret: str) -> str:
    """The authenticator app's code: the current one, else a neighbour the portal still takes
    (each code is accepted once, and a journey may sign the same person in twice)."""
    counter = int(time.time()) // 30
    for step in (0, -1, 1):
        code = format_hotp_value(hotp_value(secret, counter + step))
        if (secret, code) not in _USED_CODES:
            _USED_CODES.add((secret, code))
            return code
    raise AssertionError("three sign-ins of one person within 30 seconds")


def _log_in(page: Page, email: str, password: str, totp_secret: str | None = None) -> None:
    """Sign in with the password, then (staff, jurors) the authenticator app's code."""
    # The header holds the language switch, a form with its own submit buttons.
    form = page.get_by_role("main").locator("form")
    form.get_by_label(_label("E-mailadres")).fill(email)
    form.get_by_label(_label("Wachtwoord")).fill(password)
    form.get_by_role("button", name="Aanmelden").click()
    if totp_secret:
        expect(page.get_by_role("heading", level=1)).to_have_text("Twee-factor-authenticatie")
        code_form = page.get_by_role("main").locator("form").first
        code_form.get_by_label(_label("Code")).fill(_totp_code(totp_secret))
        code_form.get_by_role("button", name="Aanmelden").click()
