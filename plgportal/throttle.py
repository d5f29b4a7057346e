"""Throttles for our own views, counted in the shared cache (Redis in production).

allauth throttles the account pages itself (ACCOUNT_RATE_LIMITS); this is for the rest, e.g. the
school lookup. Both agree on who the client is: `client_address()` asks allauth's adapter, which
reads REMOTE_ADDR, or the X-Forwarded-For entry our trusted proxy appended when
ALLAUTH_TRUSTED_PROXY_COUNT (env TRUSTED_PROXY_COUNT) says there is one.
"""

import ipaddress
from dataclasses import dataclass

from allauth import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    """At most `amount` hits in `seconds`, counted from the first hit of the window."""

    amount: int
    seconds: int


def client_address(request: HttpRequest) -> str:
    """The client's address as every throttle counts it: an IPv6 address stands for its whole
    network (/64 by default, allauth's RATE_LIMIT_IPV6_PREFIX), as one client can hold them all."""
    address = get_adapter().get_client_ip(request)
    if ipaddress.ip_address(address).version == 6:
        prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
        return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)
    return address


def throttle_allows(
    request: HttpRequest, *, scope: str, per_user: Limit, per_address: Limit
) -> bool:
    """Count one hit of `scope` for the signed-in user, then for the client's address; False
    once either has had its amount in its window.

    A hit refused for the user is not counted for the address, so one user hammering the page
    does not use up the budget of colleagues behind the same address.
    """
    counters = [(f"address:{client_address(request)}", per_address)]
    if request.user.is_authenticated:
        counters.insert(0, (f"user:{request.user.pk}", per_user))
    return all(_hit(f"throttle:{scope}:{who}", limit) for who, limit in counters)


def _hit(key: str, limit: Limit) -> bool:
    # add() starts the window only if none is running; incr() is atomic in Redis and keeps
    # the window's expiry.
    cache.add(key, 0, timeout=limit.seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, timeout=limit.seconds)
        count = 1
    return count <= limit.amount
