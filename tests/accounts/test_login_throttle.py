"""Login throttling through allauth's real login view: per account, and per real client address.

One person's wrong passwords must not lock anyone else out: the failures are counted per account
(the login e-mail) and per real client address, which behind the reverse proxy is the address the
proxy appended to X-Forwarded-For (ALLAUTH_TRUSTED_PROXY_COUNT, env TRUSTED_PROXY_COUNT).
"""

import pytest
from allauth.account import app_settings as allauth_account_settings
from django.urls import reverse

from tests.factories import TEST_PASSWORD

SCHOOL_NAT = "198.51.100.7"  # one school's public address, shared by its staff
OTHER_CLIENT = "203.0.113.9"
PROXY = "10.0.0.2"  # the TLS proxy in front of web, as gunicorn sees it
THROTTLED = "Te veel inlogpogingen"


def ip_limit(action: str) -> int:
    """The per-address amount of one of allauth's rate limits, e.g. "20/15m/ip" -> 20."""
    rates = allauth_account_settings.RATE_LIMITS[action].split(",")
    return next(int(rate.split("/")[0]) for rate in rates if rate.strip().endswith("/ip"))


def login(client, email, password, **headers):
    client.logout()
    return client.post(reverse("account_login"), {"login": email, "password": password}, **headers)


def signed_in_as(client, response, user) -> bool:
    return response.status_code == 302 and client.session.get("_auth_user_id") == str(user.pk)


def spray(client, count, **headers):
    """`count` wrong passwords, each on another (non-existent) account: no per-account limit."""
    for n in range(count):
        response = login(client, f"guess.{n}@school.be", "wrong-password", **headers)
        assert THROTTLED not in response.text


@pytest.fixture
def behind_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def test_failed_logins_on_one_account_leave_a_colleague_on_the_same_address_alone(
    client, applicant, other_applicant
):
    for _attempt in range(5):
        response = login(client, applicant.email, "wrong-password", REMOTE_ADDR=SCHOOL_NAT)
        assert response.status_code == 200
    response = login(client, other_applicant.email, TEST_PASSWORD, REMOTE_ADDR=SCHOOL_NAT)
    assert signed_in_as(client, response, other_applicant)


def test_account_locked_after_five_failures_whatever_x_forwarded_for_says(
    client, settings, applicant
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0  # the default: X-Forwarded-For is ignored
    for n in range(5):
        login(
            client,
            applicant.email,
            "wrong-password",
            REMOTE_ADDR=f"192.0.2.{n + 1}",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}",
        )
    response = login(
        client,
        applicant.email.upper(),  # the key is the normalised address
        TEST_PASSWORD,
        REMOTE_ADDR="192.0.2.99",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert response.status_code == 200
    assert THROTTLED in response.text
    assert "_auth_user_id" not in client.session


def test_clients_behind_the_proxy_are_throttled_by_their_own_address(
    client, behind_proxy, applicant
):
    spray(client, ip_limit("login_failed"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=SCHOOL_NAT)
    blocked = login(
        client, applicant.email, TEST_PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=SCHOOL_NAT
    )
    assert THROTTLED in blocked.text
    other = login(
        client, applicant.email, TEST_PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OTHER_CLIENT
    )
    assert signed_in_as(client, other, applicant)


def test_a_forged_x_forwarded_for_entry_cannot_pick_whose_address_is_throttled(
    client, behind_proxy, applicant
):
    # The attacker at SCHOOL_NAT claims OTHER_CLIENT's address; the proxy appends the real one.
    forged = f"{OTHER_CLIENT}, {SCHOOL_NAT}"
    spray(client, ip_limit("login_failed"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forged)
    victim = login(
        client, applicant.email, TEST_PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OTHER_CLIENT
    )
    assert signed_in_as(client, victim, applicant)
    # Nor can the attacker step out of their own limit by claiming yet another address.
    attacker = login(
        client,
        applicant.email,
        TEST_PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"192.0.2.50, {SCHOOL_NAT}",
    )
    assert THROTTLED in attacker.text


def test_spraying_many_accounts_from_one_address_is_stopped(client, applicant):
    limit = ip_limit("login_failed")
    assert limit < ip_limit("login")  # stopped by the failures, not by the attempts per minute
    spray(client, limit, REMOTE_ADDR=SCHOOL_NAT)
    response = login(client, applicant.email, TEST_PASSWORD, REMOTE_ADDR=SCHOOL_NAT)
    assert response.status_code == 200
    assert THROTTLED in response.text
    assert "_auth_user_id" not in client.session
