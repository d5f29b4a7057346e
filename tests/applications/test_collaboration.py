import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.collaboration.services import (
    collaborator_confirm_final,
    collaborator_invite,
    collaborator_link_invitations,
)
from applications.models import Collaborator
from applications.rules import is_dossier_member, is_invitee
from applications.selectors import dossiers_full, dossiers_of_user
from plgportal.accounts.models import User
from tests.factories import TEST_PASSWORD, DossierFactory, SchoolFactory, UserFactory


@pytest.fixture
def dossier(applicant):
    return DossierFactory(created_by=applicant)


def test_contact_invites_partner_who_gets_mail_and_access(
    client, dossier, applicant, django_capture_on_commit_callbacks
):
    school = SchoolFactory(dossier=dossier)
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:dossier_collaborators", args=[dossier.pk]),
            {"email": "Partner@School.be", "school": school.pk},
        )
    assert response.status_code == 302
    collaborator = dossier.collaborators.get(role="partner")
    assert (collaborator.email, collaborator.school) == ("partner@school.be", school)
    assert mail.outbox[-1].to == ["partner@school.be"]
    assert "/account/signup/" in mail.outbox[-1].body
    partner = UserFactory(email="partner@school.be")
    assert list(dossiers_of_user(partner)) == [dossier]
    client.force_login(partner)
    assert (
        client.get(reverse("applications:dossier_collaborators", args=[dossier.pk])).status_code
        == 200
    )


def test_invite_same_address_twice_shows_error_next_to_field(client, dossier, applicant):
    client.force_login(applicant)
    url = reverse("applications:dossier_collaborators", args=[dossier.pk])
    client.post(url, {"email": "p@school.be"})
    response = client.post(url, {"email": "P@school.be"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "Deze persoon werkt al mee aan het dossier."
    ]


def test_partner_cannot_invite_others(client, dossier, applicant):
    partner = UserFactory(email="p@school.be")
    collaborator_invite(dossier=dossier, email=partner.email, school=None, invited_by=applicant)
    client.force_login(partner)
    response = client.post(
        reverse("applications:dossier_collaborators", args=[dossier.pk]), {"email": "x@school.be"}
    )
    assert response.status_code == 403
    assert not dossier.collaborators.filter(email="x@school.be").exists()


def test_partner_confirms_final_text(client, dossier, applicant):
    partner = UserFactory(email="p@school.be")
    collaborator_invite(dossier=dossier, email=partner.email, school=None, invited_by=applicant)
    client.force_login(partner)
    response = client.post(
        reverse("applications:dossier_confirm_final", args=[dossier.pk]), follow=True
    )
    assert "U hebt de eindtekst van het dossier bevestigd." in response.content.decode()
    assert dossier.collaborators.get(email=partner.email).final_confirmed_at is not None


def test_contact_person_does_not_confirm_as_partner(dossier, applicant):
    with pytest.raises(ValidationError):
        collaborator_confirm_final(dossier=dossier, user=applicant)


def test_contact_removes_partner_who_loses_access(client, dossier, applicant):
    partner = UserFactory(email="p@school.be")
    collaborator = collaborator_invite(
        dossier=dossier, email=partner.email, school=None, invited_by=applicant
    )
    client.force_login(applicant)
    client.post(
        reverse("applications:dossier_collaborator_remove", args=[dossier.pk, collaborator.pk])
    )
    client.force_login(partner)
    assert (
        client.get(reverse("applications:dossier_collaborators", args=[dossier.pk])).status_code
        == 404
    )


def test_collaborators_page_query_count_does_not_grow(client, dossier, applicant):
    client.force_login(applicant)
    url = reverse("applications:dossier_collaborators", args=[dossier.pk])

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    collaborator_invite(dossier=dossier, email="p0@school.be", school=None, invited_by=applicant)
    with_one = queries()
    for number in range(1, 5):
        collaborator_invite(
            dossier=dossier, email=f"p{number}@school.be", school=None, invited_by=applicant
        )
    assert queries() == with_one


# Partner directors as they really arrive: invited by address, with or without an account, in
# any case of letters, verified or not. The one rule (`is_invitee`) decides access and who
# confirms; linking the invitation to the account shows the partner as joined everywhere.

PARTNER = "partner@school.be"


def _sign_up(client, email, sending):
    """Register through allauth's form, as the invitation mail asks; the address stays
    unverified until the confirmation link is followed."""
    with sending():
        client.post(
            reverse("account_signup"),
            {
                "full_name": "Piet Partner",
                "email": email,
                "password1": "lange-zin-als-wachtwoord",
                "password2": "lange-zin-als-wachtwoord",
            },
        )
    return User.objects.get(email__iexact=email.strip())


def _confirm_address(client, email):
    """Follow the confirmation link of the last mail to `email` (allauth's own view)."""
    body = next(m.body for m in reversed(mail.outbox) if m.to == [email.strip().lower()])
    [path] = re.findall(r"https?://[^/\s]+(/account/confirm-email/\S+/)", body)
    return client.post(path, follow=True)


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _invite(dossier, applicant, email=PARTNER, school=None):
    return collaborator_invite(dossier=dossier, email=email, school=school, invited_by=applicant)


def _sees(client, dossier) -> bool:
    return client.get(reverse("applications:dossier_detail", args=[dossier.pk])).status_code == 200


def test_invitation_before_account_links_when_address_confirmed_then_partner_confirms(
    client, dossier, applicant, sending
):
    invitation = _invite(dossier, applicant)
    partner = _sign_up(client, PARTNER, sending)
    invitation.refresh_from_db()
    assert invitation.user is None  # registered, not yet verified: nothing granted

    page = _confirm_address(client, PARTNER).content.decode()

    invitation.refresh_from_db()
    assert invitation.user == partner
    assert "Mijn dossiers" in page and dossier.working_title in page
    response = client.post(
        reverse("applications:dossier_confirm_final", args=[dossier.pk]), follow=True
    )
    page = response.content.decode()
    assert "U hebt de eindtekst van het dossier bevestigd." in page
    assert "Alleen directeurs van partnerscholen" not in page
    invitation.refresh_from_db()
    assert invitation.final_confirmed_at is not None


def test_account_before_invitation_is_linked_at_invitation(client, dossier, applicant):
    partner = UserFactory(email=PARTNER)

    invitation = _invite(dossier, applicant, email="  Partner@School.BE ")

    assert (invitation.email, invitation.user) == (PARTNER, partner)
    client.force_login(partner)
    assert _sees(client, dossier)
    collaborator_confirm_final(dossier=dossier, user=partner)


def test_account_with_unverified_address_is_not_linked_at_invitation(client, dossier, applicant):
    squatter = UserFactory(email=PARTNER, verified_email=False)
    EmailAddress.objects.create(user=squatter, email=PARTNER, verified=False, primary=True)

    invitation = _invite(dossier, applicant)

    assert invitation.user is None
    client.force_login(squatter)
    assert not _sees(client, dossier)


def test_address_in_other_case_at_signup_is_linked_and_confirms(
    client, dossier, applicant, sending
):
    invitation = _invite(dossier, applicant, email="Partner@School.be")
    partner = _sign_up(client, " PARTNER@school.BE", sending)
    _confirm_address(client, PARTNER)

    invitation.refresh_from_db()
    assert invitation.user == partner
    assert collaborator_confirm_final(dossier=dossier, user=partner).pk == invitation.pk


def test_unverified_address_grants_no_access_no_link_no_confirmation(client, dossier, applicant):
    invitation = _invite(dossier, applicant)
    stranger = UserFactory(email=PARTNER, verified_email=False)
    EmailAddress.objects.create(user=stranger, email=PARTNER, verified=False, primary=True)

    client.force_login(stranger)  # signing in links only verified addresses

    invitation.refresh_from_db()
    assert invitation.user is None
    assert not _sees(client, dossier)
    assert list(dossiers_of_user(stranger)) == []
    with pytest.raises(ValidationError):
        collaborator_confirm_final(dossier=dossier, user=stranger)
    assert collaborator_link_invitations(user=stranger) == 0


def test_address_typed_by_another_account_does_not_take_the_invitation(
    client, dossier, applicant, other_applicant, sending
):
    """While the real owner has registered but not yet verified, someone adds the invited
    address to their own account (unverified) and signs in: nothing. The owner verifies: only
    the owner gets the invitation."""
    invitation = _invite(dossier, applicant)
    owner = _sign_up(client, PARTNER, sending)
    EmailAddress.objects.create(user=other_applicant, email=PARTNER, verified=False)
    client.force_login(other_applicant)
    assert not _sees(client, dossier)
    invitation.refresh_from_db()
    assert invitation.user is None

    client.logout()
    _confirm_address(client, PARTNER)

    invitation.refresh_from_db()
    assert invitation.user == owner
    client.force_login(other_applicant)
    assert not _sees(client, dossier)
    assert list(dossiers_of_user(other_applicant)) == []


def test_linked_invitation_stays_with_its_account_when_someone_else_verifies_the_address(
    client, dossier, applicant, other_applicant
):
    partner = UserFactory(email=PARTNER)
    invitation = _invite(dossier, applicant)
    EmailAddress.objects.filter(user=partner).delete()  # the partner moved to another address
    EmailAddress.objects.create(user=other_applicant, email=PARTNER, verified=True)

    client.force_login(other_applicant)

    invitation.refresh_from_db()
    assert invitation.user == partner
    assert not _sees(client, dossier)
    with pytest.raises(ValidationError):
        collaborator_confirm_final(dossier=dossier, user=other_applicant)


def test_signing_in_links_invitation_to_an_address_verified_earlier(client, dossier, applicant):
    """Invitations made before linking existed, or addresses verified without allauth's signal
    (a staff invitation accepted, the admin): the next sign-in links them."""
    invitation = _invite(dossier, applicant)
    partner = UserFactory(email=PARTNER)
    assert Collaborator.objects.get(pk=invitation.pk).user is None

    client.post(reverse("account_login"), {"login": PARTNER, "password": TEST_PASSWORD})

    invitation.refresh_from_db()
    assert invitation.user == partner


def test_confirmation_links_an_open_invitation_matched_by_verified_address(dossier, applicant):
    invitation = _invite(dossier, applicant)
    partner = UserFactory(email=PARTNER)  # verified, never signed in since: still open

    confirmed = collaborator_confirm_final(dossier=dossier, user=partner)

    assert (confirmed.pk, confirmed.user, confirmed.final_confirmed_at is not None) == (
        invitation.pk,
        partner,
        True,
    )


def test_inviting_the_address_of_someone_already_on_the_dossier_is_refused(dossier, applicant):
    EmailAddress.objects.create(user=applicant, email="second@school.be", verified=True)
    with pytest.raises(ValidationError) as error:
        _invite(dossier, applicant, email="second@school.be")
    assert error.value.message_dict == {"email": ["Deze persoon werkt al mee aan het dossier."]}


@pytest.mark.parametrize(
    ("invited", "linked_to", "addresses", "expected"),
    [
        ("p@school.be", None, [("p@school.be", True)], True),
        (" P@School.BE ", None, [("p@school.be", True)], True),
        ("p@school.be", None, [("P@SCHOOL.BE", True)], True),
        ("p@school.be", None, [("p@school.be", False)], False),
        ("p@school.be", None, [("other@school.be", True)], False),
        ("p@school.be", None, [("other@school.be", True), ("p@school.be", True)], True),
        ("p@school.be", "user", [], True),
        ("p@school.be", "someone else", [("p@school.be", True)], False),
    ],
)
def test_is_invitee(invited, linked_to, addresses, expected, db):
    user = UserFactory(email="user@school.be", verified_email=False)
    someone_else = UserFactory(verified_email=False)
    for email, verified in addresses:
        EmailAddress.objects.create(user=user, email=email, verified=verified)
    owner = {None: None, "user": user, "someone else": someone_else}[linked_to]
    collaborator = Collaborator(email=invited, user=owner, role="partner")

    assert is_invitee(user, collaborator) is expected


def test_is_invitee_false_for_anonymous():
    assert is_invitee(AnonymousUser(), Collaborator(email="p@school.be", role="partner")) is False


@pytest.mark.parametrize("verified", [True, False])
@pytest.mark.parametrize("linked", [True, False])
def test_dossier_lists_follow_the_access_rule(dossier, applicant, verified, linked):
    """The dossier list (a query) and the access check (Python) are one rule in two forms."""
    partner = UserFactory(email=PARTNER, verified_email=False)
    EmailAddress.objects.create(user=partner, email=PARTNER, verified=verified)
    Collaborator.objects.create(
        dossier=dossier, email=PARTNER, role="partner", user=partner if linked else None
    )
    dossier = dossiers_full().get(pk=dossier.pk)

    listed = dossier in dossiers_of_user(partner)
    assert listed is is_dossier_member(partner, dossier) is (linked or verified)


def _status_texts(client, dossier, staff_user):
    """What the collaborators page, the overview, the review page and the staff page say about
    the partner (their row in each)."""
    pages = {}
    client.force_login(dossier.created_by)
    for name in (
        "applications:dossier_collaborators",
        "applications:dossier_detail",
        "applications:dossier_review",
    ):
        pages[name] = client.get(reverse(name, args=[dossier.pk])).content.decode()
    client.force_login(staff_user)
    pages["staff"] = client.get(
        reverse("applications:staff_dossier_detail", args=[dossier.pk])
    ).content.decode()
    return pages


def test_partner_shows_as_invited_then_confirmed_on_every_page(
    client, dossier, applicant, staff_user, sending
):
    _invite(dossier, applicant)
    for name, page in _status_texts(client, dossier, staff_user).items():
        assert ">uitgenodigd<" in page, name
        assert "eindtekst bevestigd op" not in page, name

    client.logout()
    partner = _sign_up(client, PARTNER, sending)
    _confirm_address(client, PARTNER)
    client.force_login(partner)
    client.post(reverse("applications:dossier_confirm_final", args=[dossier.pk]))

    for name, page in _status_texts(client, dossier, staff_user).items():
        assert ">uitgenodigd<" not in page, name
        assert "eindtekst bevestigd op" in page, name


def test_confirm_button_only_for_the_partner(client, dossier, applicant):
    partner = UserFactory(email=PARTNER)
    _invite(dossier, applicant)
    button = "Ik bevestig de eindtekst van dit dossier"
    client.force_login(applicant)
    for name in (
        "applications:dossier_collaborators",
        "applications:dossier_detail",
        "applications:dossier_review",
    ):
        assert button not in client.get(reverse(name, args=[dossier.pk])).content.decode(), name
    client.force_login(partner)
    for name in (
        "applications:dossier_collaborators",
        "applications:dossier_detail",
        "applications:dossier_review",
    ):
        assert button in client.get(reverse(name, args=[dossier.pk])).content.decode(), name


def test_dossier_overview_of_invited_partner_query_count_does_not_grow(client, dossier, applicant):
    """An invited partner whose row is still open (matched by verified address) costs one
    query for their addresses, however many invitations the dossier has."""
    partner = UserFactory(email=PARTNER)
    Collaborator.objects.create(dossier=dossier, email=PARTNER, role="partner")
    client.force_login(partner)
    Collaborator.objects.filter(email=PARTNER).update(user=None)  # as before linking existed
    url = reverse("applications:dossier_detail", args=[dossier.pk])

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    _invite(dossier, applicant, email="p0@school.be")
    with_one = queries()
    for number in range(1, 5):
        _invite(dossier, applicant, email=f"p{number}@school.be")
    assert queries() == with_one
