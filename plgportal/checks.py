"""Configuration that Django's own deploy checks do not know is wrong for this portal."""

from django.conf import settings
from django.core.checks import Error, Warning


def check_production_configuration(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    problems = []
    if not settings.SITE_URL.startswith("https://"):
        problems.append(
            Warning(
                "SITE_URL does not start with https://: links in emails would be sent in clear.",
                id="portal.W001",
            )
        )
    if "console" in settings.EMAIL_BACKEND or "locmem" in settings.EMAIL_BACKEND:
        problems.append(
            Error(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}: no email would leave the portal.",
                hint="Set EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587.",
                id="portal.E002",
            )
        )
    if settings.CELERY_TASK_ALWAYS_EAGER:
        problems.append(
            Warning(
                "CELERY_TASK_ALWAYS_EAGER is on: emails and exports run inside web requests.",
                id="portal.W003",
            )
        )
    if "locmem" in settings.CACHES["default"]["BACKEND"]:
        problems.append(
            Warning(
                "The cache is per process (locmem): login rate limits are not shared between "
                "web workers.",
                hint="Set CACHE_URL=rediscache://redis:6379/1.",
                id="portal.W004",
            )
        )
    return problems
