"""Response headers that every page of the portal carries besides the Content-Security-Policy
(django-csp, configured in settings): which browser features pages may use, and which
responses browsers and proxies may keep. Static files never get here: WhiteNoise answers them
earlier, cacheable for a year."""

from django.http import FileResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

# Browser features the portal never uses are off, for its pages and anything they frame.
# WebAuthn (security keys, passkeys) is the one it needs, on its own pages only; copying the
# recovery codes writes to the clipboard.
PERMISSIONS_POLICY = {
    "accelerometer": (),
    "autoplay": (),
    "browsing-topics": (),
    "camera": (),
    "clipboard-read": (),
    "clipboard-write": ("self",),
    "display-capture": (),
    "encrypted-media": (),
    "fullscreen": (),
    "geolocation": (),
    "gyroscope": (),
    "hid": (),
    "idle-detection": (),
    "local-fonts": (),
    "magnetometer": (),
    "microphone": (),
    "midi": (),
    "payment": (),
    "picture-in-picture": (),
    "publickey-credentials-create": ("self",),
    "publickey-credentials-get": ("self",),
    "screen-wake-lock": (),
    "serial": (),
    "usb": (),
    "xr-spatial-tracking": (),
}

# Pages that are the same for every anonymous visitor (URL names). Their anonymous copy may be
# kept; every other response may hold someone's data, or a credential in its URL (iCalendar
# feeds, unsubscribe, invitation and password-reset links), and is never stored.
PUBLIC_URL_NAMES = frozenset({"home", "privacy", "calls:detail"})


def permissions_policy_header(policy: dict[str, tuple[str, ...]]) -> str:
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


def is_file_response(response) -> bool:
    return isinstance(response, FileResponse) or response.has_header("Content-Disposition")


class PrivateCacheMiddleware:
    """`Cache-Control: no-store, private` on every response but an anonymous visitor's copy of
    a public page, so that nothing private stays in a shared or browser cache (a signed-in
    page, a file, a page reached through a private link). Merged with what a view set.

    Private by default: a new page, however it is reached, is never stored until it is added
    to PUBLIC_URL_NAMES. The user is only looked at for public pages, so an anonymous request
    elsewhere never loads its session for this."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A public page's URL answers signed-in users differently.
        patch_vary_headers(response, ("Cookie",))
        if not self.is_public(request, response):
            patch_cache_control(response, no_store=True, private=True)
        return response

    @staticmethod
    def is_public(request, response) -> bool:
        match = request.resolver_match
        return (
            match is not None
            and match.view_name in PUBLIC_URL_NAMES
            and not is_file_response(response)
            and not request.user.is_authenticated
        )
