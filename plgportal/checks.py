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
    problems.extend(_cache_problems(settings.CACHES["default"]["BACKEND"]))
    return problems


# The rate limits (allauth's and plgportal.throttle's) count in the default cache.
UNSHARED_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "per process (locmem)",
    "django.core.cache.backends.dummy.DummyCache": "a dummy that keeps nothing",
}
HOST_ONLY_CACHES = {"django.core.cache.backends.filebased.FileBasedCache"}


def _cache_problems(backend: str) -> list:
    if backend in UNSHARED_CACHES:
        return [
            Error(
                f"The cache is {UNSHARED_CACHES[backend]}: each web process would count login "
                "attempts and lookups on its own, multiplying every rate limit.",
                hint="Set CACHE_URL=rediscache://redis:6379/1.",
                id="portal.E004",
            )
        ]
    if backend in HOST_ONLY_CACHES:
        # Shared by the processes of one host only, and its add() is not atomic, so two
        # processes can both take allauth's rate-limit lock.
        return [
            Warning(
                "The cache is a directory (filecache): rate limits are shared only by the web "
                "processes of this host, and not reliably under concurrent requests.",
                hint="Set CACHE_URL=rediscache://redis:6379/1.",
                id="portal.W005",
            )
        ]
    return []
