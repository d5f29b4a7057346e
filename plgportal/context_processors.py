from django.conf import settings


def portal(request):
    """What every page's header and footer need: the role navigation keys and languages."""
    user = getattr(request, "user", None)
    return {
        "portal_role": getattr(user, "role", None) if user and user.is_authenticated else None,
        "portal_languages": settings.LANGUAGES,
    }
