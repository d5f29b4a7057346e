"""Settings for PLG Portal: one module, configured through environment variables.

Development and tests run with no services (SQLite, Celery tasks inline, mail to the console);
production is the same code with other environment values (see README, "Production").
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from plgportal.database import database_from_url
from plgportal.env import env_bool, env_int, env_list, env_str
from plgportal.file_storage import default_storage_config

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"
SECRET_KEY = env_str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else None)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Absolute links in emails sent by Celery workers, which have no request to build them from.
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Before the admin: its translation admin classes and the per-language model fields.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "bootstrap",
    "csp",
    "plgportal.apps.PortalConfig",
    "plgportal.accounts",
    "plgportal.calls",
    "plgportal.outbox",
    "plgportal.reminders",
    "plgportal.exports",
    "applications",
    "jury",
    "sessions.apps.SessionsConfig",
]

MIDDLEWARE = [
    # Outermost, so that a read answered again after a dropped database connection goes through
    # every other layer again (plgportal/dropped_connection.py).
    "plgportal.dropped_connection.RetryDroppedConnectionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "plgportal.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "plgportal.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "plgportal.accounts.middleware.TwoFactorSetupMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "plgportal.urls"
WSGI_APPLICATION = "plgportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "plgportal.context_processors.portal",
            ],
        },
    },
]

_env = environ.Env()
# Persistent connections in production; per-request ones in development and tests, so that
# threads (live server, embedded Celery worker) leave no session open on the test database.
DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0 if DEBUG else 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache backs login rate limits; production shares it between web processes through Redis.
CACHE_URL = env_str("CACHE_URL", default="locmemcache://")
CACHES = {"default": _env.cache_url_config(CACHE_URL)}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Invitation links for jurors and coaches stay valid longer than a password-reset link.
INVITATION_TIMEOUT = timedelta(days=env_int("INVITATION_TIMEOUT_DAYS", 14))

# django-allauth: email is the login, applicants confirm their address before they can sign in.
ACCOUNT_ADAPTER = "plgportal.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "plgportal.accounts.forms.SignupForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_DISPLAY = "plgportal.accounts.adapter.user_display"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
# Tell the account holder when a password or a second factor changes, in case it was not them.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Confirming a sensitive action is never weaker than signing in: no emailed code in place of the
# password (allauth offers one by default since 65.22).
ACCOUNT_REAUTHENTICATION_METHODS = {"password", "mfa"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[PLG Portal] "
# --- Login throttling and the client's address (every throttle of ours uses the same address:
# plgportal/throttle.py asks allauth's adapter). Failures count per account (the key: the login
# address, lowercased) and per real client address; the account's limit comes first, so tries on
# an account that is already locked do not use up its address's budget. A school behind one NAT
# shares an address: 20 failures in 15 minutes lets colleagues mistype, and still stops one
# address spraying a password over many accounts (allauth consumes before it checks the password,
# so an address over its limit is refused even with a right password). A success gives back what
# it consumed. "login" caps every attempt per address, whatever the outcome.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/key,20/15m/ip",
    "signup": "20/h/ip",
    "reset_password": "5/h/ip,3/h/key",
    "confirm_email": "3/h/key",
}
# Reverse proxies we run in front of web, each appending the address it received the request from
# to X-Forwarded-For: allauth then takes the client's address from that many entries from the
# right; 0 ignores the header (REMOTE_ADDR). Never more than the proxies really there: the
# entries further left are whatever the client sent.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
# --- end of login throttling

# Two-factor sign-in (django-allauth MFA): an authenticator app (TOTP) with recovery codes, or
# security keys and passkeys (WebAuthn). Required for staff, jurors and the admin
# (plgportal/accounts/mfa.py), optional for applicants and coaches.
MFA_ADAPTER = "plgportal.accounts.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
# Accept the code of the previous and next 30 s too: phones' clocks drift. A used code is
# refused for the whole window (allauth remembers it in the cache).
MFA_TOTP_TOLERANCE = 1
# WebAuthn needs HTTPS, except on the development server's http://127.0.0.1.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Nederlands")), ("fr-be", _("Frans"))]
LOCALE_PATHS = [BASE_DIR / "plgportal" / "locale"]
# A call's own texts (plgportal/calls/translation.py) are stored per language: title_nl_be,
# title_fr_be... Dutch is required; an empty French text falls back to the Dutch one.
MODELTRANSLATION_DEFAULT_LANGUAGE = "nl-be"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nl-be",)
MODELTRANSLATION_REQUIRED_LANGUAGES = ("nl-be",)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "nl-be"  # the slug follows the Dutch title
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

STATIC_URL = "/static/"
# Collected only for production; in development WhiteNoise serves straight from the finders.
STATIC_ROOT = None if DEBUG else BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (letters of intent) live outside the static root and are served only through views.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# The guard first: a file name the multipart parser cannot take becomes a form error next to
# the field instead of a 400 or 500 (plgportal/upload_names.py).
FILE_UPLOAD_HANDLERS = [
    "plgportal.upload_names.FileNameGuardHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Uploads, exports and cached PDFs: MEDIA_ROOT on this host, or a private S3-compatible bucket
# shared by every web process and worker (STORAGE_URL=s3://bucket; plgportal/file_storage.py).
STORAGE_URL = env_str("STORAGE_URL", default="")
STORAGES = {
    "default": default_storage_config(STORAGE_URL, env_str),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email leaves through the outbox (plgportal.outbox); this is the transport the worker uses.
EMAIL_CONFIG = _env.email_url_config(
    env_str("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
)
globals().update(EMAIL_CONFIG)  # EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_USE_TLS ...
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="PLG Portal <plg@kbs-frb.be>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 30

REDIS_URL = env_str("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=DEBUG)
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged only when it finished, and put back when its worker dies mid-way.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_TASK_DEFAULT_QUEUE = "plgportal"
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Longer than the task hard time limit, so an unacknowledged task is not redelivered while running.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# Bulk exports (plgportal.exports) are built by the worker and kept this long for download.
EXPORT_RETENTION = timedelta(days=env_int("EXPORT_RETENTION_DAYS", 7))
# With tasks run inline (`make run`), the work a request queues (an export's build, a submitted
# dossier's confirmation mail) runs in a background thread instead of inside the request, as it
# would with a worker (plgportal.background). Tests run it inline.
TASKS_IN_THREAD = env_bool("TASKS_IN_THREAD", default=CELERY_TASK_ALWAYS_EAGER and DEBUG)
# A call's table (plgportal.spreadsheets) with more rows is made in the background.
EXPORT_SYNC_ROW_LIMIT = env_int("EXPORT_SYNC_ROW_LIMIT", 2000)
CELERY_BEAT_SCHEDULE = {
    # Every minute: a mail whose attempt began and never finished (its worker died) is sent
    # again 2 minutes after that attempt began (outbox.delivery), so within about 3 minutes.
    "outbox-requeue-stale": {
        "task": "outbox.requeue_stale_emails",
        "schedule": timedelta(minutes=1),
    },
    # Hourly is enough and safe: each reminder is one outbox event, so a run that finds a
    # reminder already queued (or overlaps a slow previous run) sends nothing twice.
    "reminders-send-due": {
        "task": "reminders.send_due",
        "schedule": crontab(minute=5),
    },
    "exports-delete-expired": {
        "task": "exports.delete_expired",
        "schedule": timedelta(hours=1),
    },
    # Also takes over exports whose worker died (heartbeat older than three minutes): every two
    # minutes keeps that recovery within about five.
    "exports-requeue-stale": {
        "task": "exports.requeue_stale",
        "schedule": timedelta(minutes=2),
    },
    "pdf-prune-cache": {
        "task": "pdf.prune_cache",
        "schedule": crontab(hour=3, minute=35),
    },
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): everything from the portal itself, nothing inline. No
# template holds an inline script, an on…= handler or a style attribute
# (tests/test_security_headers.py): behaviour lives in static/js, styles in static/css, and
# htmx is told not to eval or inject styles (base.html). The permissions-policy and no-store
# headers come from plgportal/middleware.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # allauth shows the authenticator app's QR code as a data: image.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # The outbox previews a mail's HTML from its own URL, with a policy of its own.
        "frame-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload is a domain-owner decision.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
    # WeasyPrint narrates every rendering step at INFO; its warnings still come through.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
