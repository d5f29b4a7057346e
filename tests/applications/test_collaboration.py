import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.collaboration import collaborator_confirm_final, collaborator_invite
from applications.selectors import dossiers_of_user
from tests.factories import DossierFactory, SchoolFactory, UserFactory


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
            reverse("dossier_collaborators", args=[dossier.pk]),
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
    assert client.get(reverse("dossier_collaborators", args=[dossier.pk])).status_code == 200


def test_invite_same_address_twice_shows_error_next_to_field(client, dossier, applicant):
    client.force_login(applicant)
    url = reverse("dossier_collaborators", args=[dossier.pk])
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
        reverse("dossier_collaborators", args=[dossier.pk]), {"email": "x@school.be"}
    )
    assert response.status_code == 403
    assert not dossier.collaborators.filter(email="x@school.be").exists()


def test_partner_confirms_final_text(client, dossier, applicant):
    partner = UserFactory(email="p@school.be")
    collaborator_invite(dossier=dossier, email=partner.email, school=None, invited_by=applicant)
    client.force_login(partner)
    response = client.post(reverse("dossier_confirm_final", args=[dossier.pk]), follow=True)
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
    client.post(reverse("dossier_collaborator_remove", args=[dossier.pk, collaborator.pk]))
    client.force_login(partner)
    assert client.get(reverse("dossier_collaborators", args=[dossier.pk])).status_code == 404


def test_collaborators_page_query_count_does_not_grow(client, dossier, applicant):
    client.force_login(applicant)
    url = reverse("dossier_collaborators", args=[dossier.pk])

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
