from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import reverse


def absolute_url(viewname: str, *args, **kwargs) -> str:
    """A full link for emails, which may be rendered by a worker with no request at hand."""
    return settings.SITE_URL + reverse(viewname, args=args or None, kwargs=kwargs or None)


def on_site_url(url: str) -> str:
    """The same page under SITE_URL: for a link someone else built from the host and port a
    request came in on (allauth's), which a mail must never show."""
    parts = urlsplit(url)
    return settings.SITE_URL + urlunsplit(("", "", parts.path, parts.query, parts.fragment))
