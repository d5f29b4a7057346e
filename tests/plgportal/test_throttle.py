"""Our own throttles (plgportal/throttle.py): per user and per real client address."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from plgportal.accounts.models import User
from plgportal.throttle import Limit, client_address, throttle_allows

PROXY = "10.0.0.2"


def request_from(remote_addr, *, forwarded_for=None, user=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)
    request.user = user or AnonymousUser()
    return request


PER_USER, PER_ADDRESS = Limit(3, 60), Limit(5, 60)


def allows(request):
    return throttle_allows(request, scope="test", per_user=PER_USER, per_address=PER_ADDRESS)


def test_client_address_ignores_x_forwarded_for_without_a_trusted_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    request = request_from("198.51.100.7", forwarded_for="203.0.113.9")
    assert client_address(request) == "198.51.100.7"


def test_client_address_is_the_entry_the_trusted_proxy_appended(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    forged = request_from(PROXY, forwarded_for="203.0.113.9, 198.51.100.7")
    assert client_address(forged) == "198.51.100.7"


def test_client_address_of_ipv6_is_its_network():
    request = request_from("2001:db8:1:2:aaaa:bbbb:cccc:dddd")
    assert client_address(request) == "2001:db8:1:2::"


def test_throttle_counts_per_user():
    user, colleague = User(pk=1), User(pk=2)
    assert [allows(request_from("198.51.100.7", user=user)) for _n in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    assert allows(request_from("198.51.100.7", user=colleague))


def test_throttle_counts_per_address_and_not_a_users_refused_hits():
    user = User(pk=1)
    for _n in range(10):  # 3 counted for the address, 7 refused for the user alone
        allows(request_from("198.51.100.7", user=user))
    assert allows(request_from("198.51.100.7", user=User(pk=2)))
    assert allows(request_from("198.51.100.7", user=User(pk=3)))
    assert not allows(request_from("198.51.100.7", user=User(pk=4)))
    assert allows(request_from("203.0.113.9", user=User(pk=4)))


def test_throttle_separates_clients_behind_the_trusted_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for _n in range(5):
        assert allows(request_from(PROXY, forwarded_for="198.51.100.7"))
    assert not allows(request_from(PROXY, forwarded_for="203.0.113.9, 198.51.100.7"))
    assert allows(request_from(PROXY, forwarded_for="203.0.113.9"))


@pytest.mark.parametrize("scope", ["one", "other"])
def test_throttle_scopes_count_apart(scope):
    request = request_from("198.51.100.7")
    for _n in range(5):
        throttle_allows(request, scope="one", per_user=Limit(1, 60), per_address=Limit(5, 60))
    allowed = throttle_allows(request, scope=scope, per_user=Limit(1, 60), per_address=Limit(5, 60))
    assert allowed is (scope == "other")
