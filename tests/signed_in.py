"""A signed-in session for a process of its own (a gunicorn server in a benchmark or a
deployment test), made as the login leaves it rather than by typing a password and a code."""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from plgportal.accounts.mfa import SETUP_REQUIRED_SESSION_KEY


def session_cookie(user) -> tuple[str, str]:
    """(cookie name, session key) of a new session of `user`: the auth keys, and the two-factor
    set-up already decided (staff and jurors have passed their second factor)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SETUP_REQUIRED_SESSION_KEY] = False
    session.create()
    return settings.SESSION_COOKIE_NAME, session.session_key
