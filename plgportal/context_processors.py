from functools import cache

from django.conf import settings
from django.utils import translation

# Whether the signed-in applicant takes part in a trajectory, as their home page last found it:
# the menu shows "Trajecten" from the session instead of a query on every page. The home page
# (where signing in lands) refreshes it; signing out forgets it with the session.
HAS_TRAJECTORIES = "portal_has_trajectories"


def remember_has_trajectories(request, has: bool) -> None:
    """Store the answer for the menu; the session is only written when it changed."""
    if request.session.get(HAS_TRAJECTORIES, False) != has:
        request.session[HAS_TRAJECTORIES] = has


@cache
def languages_in_their_own_name() -> tuple[tuple[str, str, str], ...]:
    """(code, name in that language, short label) for the language switch: the same on every
    page, so worked out once a process instead of switching translations on each page."""
    switch = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            switch.append((code, str(name), code[:2].upper()))
    return tuple(switch)


def portal(request):
    """What every page's header and footer need besides the permissions they ask
    (`{% has_perm %}`): whether the menu shows "Trajecten" to an applicant, and the languages."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        # Only read for a signed-in user, whose session is loaded anyway (an anonymous visitor's
        # untouched session keeps public pages cacheable).
        "portal_has_trajectories": signed_in
        and getattr(request, "session", {}).get(HAS_TRAJECTORIES, False),
        "portal_languages": languages_in_their_own_name(),
    }
