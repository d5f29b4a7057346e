from django.conf import settings
from django.urls import reverse


def absolute_url(viewname: str, *args, **kwargs) -> str:
    """A full link for emails, which may be rendered by a worker with no request at hand."""
    return settings.SITE_URL + reverse(viewname, args=args or None, kwargs=kwargs or None)
