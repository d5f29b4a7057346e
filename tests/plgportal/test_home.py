import pytest
from django.urls import reverse

from tests.factories import CallFactory, SelectionCriterionFactory, UserFactory, brussels


@pytest.fixture
def open_call(db):
    return CallFactory(title="Open oproep")


def test_home_anonymous_shows_open_calls_and_signup(client, open_call):
    page = client.get(reverse("home")).content.decode()
    assert "Open oproep" in page
    assert reverse("account_signup") in page


@pytest.mark.parametrize(
    ("role", "heading", "absent"),
    [
        ("applicant", "Mijn dossiers", "Jury en coaches"),
        ("jury", "Dossiers om te beoordelen", "Mijn dossiers"),
        ("coach", "Mijn trajecten", "Dossiers om te beoordelen"),
        ("staff", "openstaande uitnodigingen", "Mijn trajecten"),
    ],
)
def test_home_signed_in_lands_on_role_dashboard(client, open_call, role, heading, absent):
    client.force_login(UserFactory(role=role))
    page = client.get(reverse("home")).content.decode()
    assert heading in page
    assert absent not in page


def test_staff_dashboard_counts_team_and_pending_invitations(client, staff_user):
    from plgportal.accounts.services import invitation_accept, user_invite

    user_invite(email="a@j.be", full_name="A", role="jury", invited_by=staff_user)
    accepted = user_invite(email="b@j.be", full_name="B", role="jury", invited_by=staff_user)
    invitation_accept(user=accepted, password="lang-genoeg-wachtwoord")
    user_invite(email="c@c.be", full_name="C", role="coach", invited_by=staff_user)
    client.force_login(staff_user)
    context = client.get(reverse("home")).context
    assert context["team"] == {"jurors": 2, "coaches": 1, "pending_invitations": 2}


@pytest.mark.parametrize("calls", [1, 5])
@pytest.mark.parametrize("role", ["applicant", "staff", None])
def test_home_query_count_does_not_grow_with_calls(
    client, db, django_assert_max_num_queries, calls, role
):
    CallFactory.create_batch(calls)
    CallFactory.create_batch(calls, opens_at=brussels(1999, 1, 1), deadline=brussels(2000, 1, 1))
    if role:
        client.force_login(UserFactory(role=role))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("criteria", [1, 5])
def test_call_detail_query_count_does_not_grow_with_criteria(
    client, open_call, django_assert_num_queries, criteria
):
    SelectionCriterionFactory.create_batch(criteria, call=open_call)
    with django_assert_num_queries(5):
        response = client.get(reverse("calls:detail", args=[open_call.slug]))
    assert response.status_code == 200
    assert response.content.decode().count("Criterium ") == criteria


def test_call_detail_unknown_slug_is_404(client, db):
    assert client.get(reverse("calls:detail", args=["bestaat-niet"])).status_code == 404


def test_health_answers_ok(client, db):
    response = client.get(reverse("health"))
    assert (response.status_code, response.content) == (200, b"ok")


def test_privacy_page_mentions_no_third_parties(client, db):
    assert "Geen externe diensten" in client.get(reverse("privacy")).content.decode()
