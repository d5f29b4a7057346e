"""Starting a dossier as directors do: from the call's page (registering first, or signing in),
or from the home page; whoever already works on a dossier for the call is warned first."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.collaboration.services import collaborator_invite
from applications.models import Dossier
from applications.selectors import dossiers_for_call_of_user
from applications.services import dossier_create
from plgportal.calls.call_2024 import call_2024_upsert
from tests.factories import CallFactory, DossierFactory, UserFactory

pytestmark = pytest.mark.django_db

WARNING = "U werkt al mee aan"


@pytest.fixture
def call():
    return call_2024_upsert(
        slug="open-start",
        opens_at=timezone.now() - timedelta(days=10),
        deadline=timezone.now() + timedelta(days=30),
    )


def start_url(call):
    return reverse("applications:dossier_start", kwargs={"slug": call.slug})


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# The rule: who already has a dossier for this call --------------------------------------------


def test_dossiers_for_call_of_user_are_those_created_or_joined_on_that_call(
    call, applicant, other_applicant
):
    own = dossier_create(call=call, user=applicant)
    joined = dossier_create(call=call, user=other_applicant)
    collaborator_invite(
        dossier=joined, email=applicant.email, school=None, invited_by=other_applicant
    )
    DossierFactory(created_by=applicant)  # another call
    dossier_create(call=call, user=UserFactory(role="applicant"))  # someone else's

    assert set(dossiers_for_call_of_user(user=applicant, call=call)) == {own, joined}
    assert list(dossiers_for_call_of_user(user=UserFactory(), call=call)) == []


# The call's page -------------------------------------------------------------------------------


def test_call_page_invites_a_visitor_to_register_and_start_or_to_sign_in(client, call):
    content = page(client.get(reverse("calls:detail", kwargs={"slug": call.slug})))

    next_start = f"?next={start_url(call).replace('/', '%2F')}"
    assert f'href="{reverse("account_signup")}{next_start}"' in content
    assert "Registreren en dossier starten" in content
    assert f'href="{reverse("account_login")}{next_start}"' in content
    assert ">Aanmelden</a>" in content


def test_call_page_lets_an_applicant_start_a_dossier(client, call, applicant):
    client.force_login(applicant)

    content = page(client.get(reverse("calls:detail", kwargs={"slug": call.slug})))

    assert f'action="{start_url(call)}"' in content
    assert "Registreren en dossier starten" not in content


@pytest.mark.parametrize("fixture", ["staff_user", "juror", "coach"])
def test_call_page_offers_no_dossier_to_other_roles(client, request, call, fixture):
    client.force_login(request.getfixturevalue(fixture))

    content = page(client.get(reverse("calls:detail", kwargs={"slug": call.slug})))

    assert start_url(call) not in content
    assert "Registreren en dossier starten" not in content


def test_closed_call_page_offers_no_dossier(client, applicant):
    closed = CallFactory(
        opens_at=timezone.now() - timedelta(days=40), deadline=timezone.now() - timedelta(days=1)
    )
    assert start_url(closed) not in page(
        client.get(reverse("calls:detail", kwargs={"slug": closed.slug}))
    )
    client.force_login(applicant)
    assert start_url(closed) not in page(
        client.get(reverse("calls:detail", kwargs={"slug": closed.slug}))
    )


def test_register_from_the_call_page_then_confirm_lands_on_the_start_page(
    client, call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{reverse('account_signup')}?next={start_url(call)}",
            {
                "full_name": "Greet Directeur",
                "email": "greet@school.be",
                "password1": "Een-lang-wachtwoord-1",
                "password2": "Een-lang-wachtwoord-1",
                "next": start_url(call),
            },
        )
    [link] = re.findall(r"https?://\S+/account/confirm-email/\S+/", mail.outbox[-1].body)
    confirm = "/account/" + link.split("/account/", 1)[1]

    response = client.post(confirm)

    assert response["Location"] == start_url(call)
    content = page(client.get(start_url(call)))
    assert WARNING not in content
    assert "Dossier starten" in content
    assert Dossier.objects.count() == 0


# The home page ---------------------------------------------------------------------------------


def test_home_start_button_sits_inside_the_calls_card(client, call, applicant):
    client.force_login(applicant)

    content = page(client.get(reverse("home")))

    card = re.search(r'<article class="card[^"]*".*?</article>', content, re.S).group(0)
    assert f'action="{start_url(call)}"' in card
    assert "Dossier starten" in card


# Starting, and the warning ---------------------------------------------------------------------


def test_start_page_without_dossier_for_the_call_starts_at_once(client, call, applicant):
    client.force_login(applicant)

    content = page(client.get(start_url(call)))

    assert WARNING not in content
    assert "Toch een nieuw dossier starten" not in content
    response = client.post(start_url(call))
    assert response["Location"] == reverse(
        "applications:dossier_detail", kwargs={"pk": Dossier.objects.get().pk}
    )


def test_second_dossier_for_the_call_warns_the_director_with_links(client, call, applicant):
    first = dossier_create(call=call, user=applicant)
    client.force_login(applicant)

    response = client.post(start_url(call))

    assert response["Location"] == start_url(call)
    assert Dossier.objects.count() == 1
    content = page(client.get(start_url(call)))
    assert "U werkt al mee aan een dossier voor deze oproep." in content
    assert reverse("applications:dossier_detail", kwargs={"pk": first.pk}) in content
    assert "Toch een nieuw dossier starten" in content


def test_director_may_start_a_second_dossier_anyway(client, call, applicant):
    dossier_create(call=call, user=applicant)
    client.force_login(applicant)

    response = client.post(start_url(call), {"confirmed": "1"})

    second = Dossier.objects.latest("pk")
    assert response["Location"] == reverse("applications:dossier_detail", kwargs={"pk": second.pk})
    assert Dossier.objects.filter(call=call, created_by=applicant).count() == 2


def test_partner_of_a_consortium_is_warned_before_starting_its_own(
    client, call, applicant, other_applicant
):
    consortium = dossier_create(call=call, user=other_applicant)
    collaborator_invite(
        dossier=consortium, email=applicant.email, school=None, invited_by=other_applicant
    )
    client.force_login(applicant)

    assert client.post(start_url(call))["Location"] == start_url(call)
    content = page(client.get(start_url(call)))

    assert WARNING in content
    assert reverse("applications:dossier_detail", kwargs={"pk": consortium.pk}) in content
    assert Dossier.objects.count() == 1


def test_dossiers_on_other_calls_do_not_warn(client, call, applicant):
    DossierFactory(created_by=applicant)
    client.force_login(applicant)

    assert WARNING not in page(client.get(start_url(call)))
    response = client.post(start_url(call))
    new = Dossier.objects.get(call=call)
    assert response["Location"] == reverse("applications:dossier_detail", kwargs={"pk": new.pk})


def test_start_page_of_a_closed_call_sends_home_with_the_reason(client, applicant):
    closed = CallFactory(
        opens_at=timezone.now() - timedelta(days=40), deadline=timezone.now() - timedelta(days=1)
    )
    client.force_login(applicant)

    response = client.get(start_url(closed), follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Deze oproep staat niet open voor nieuwe dossiers." in response.content.decode()


def test_start_page_query_count_does_not_grow_with_dossiers(client, call, applicant):
    dossier_create(call=call, user=applicant)
    client.force_login(applicant)
    client.get(start_url(call))  # warm up caches shared by every request
    with CaptureQueriesContext(connection) as one:
        page(client.get(start_url(call)))
    for _ in range(4):
        dossier_create(call=call, user=applicant)

    with CaptureQueriesContext(connection) as five:
        content = page(client.get(start_url(call)))

    assert content.count("/dossiers/") >= 5
    assert len(five) == len(one)
