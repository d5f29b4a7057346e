"""What the dossier's pages say, to whom, in which state: the overview before and after
submission, the checklist's "online" criterion, the contact person's details seen by a partner."""

import pytest
from django.urls import reverse

from applications.collaboration.services import collaborator_invite
from applications.services import dossier_submit
from tests.factories import DossierFactory, UserFactory, eligible_dossier

pytestmark = pytest.mark.django_db

FILL_IN = "Vul de onderdelen in de volgorde die u past in"
INVITE = "Partnerscholen uitnodigen en medewerkers beheren"


def url(name, dossier):
    return reverse(name, kwargs={"pk": dossier.pk})


def page(client, user, path) -> str:
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def partner(db):
    return UserFactory(role="applicant", email="partner@school.be")


@pytest.fixture
def draft(applicant, partner):
    dossier = DossierFactory(created_by=applicant)
    collaborator_invite(dossier=dossier, email=partner.email, school=None, invited_by=applicant)
    return dossier


@pytest.fixture
def submitted(applicant):
    dossier = eligible_dossier(created_by=applicant)
    return dossier_submit(dossier=dossier, user=applicant)


# The overview ----------------------------------------------------------------------------------


def test_draft_overview_points_to_the_checklist_by_name_not_by_side(client, applicant, draft):
    content = page(client, applicant, url("applications:dossier_detail", draft))

    assert FILL_IN in content
    assert "De lijst “Ontvankelijkheid” toont wat nog ontbreekt." in content
    assert "rechts" not in content
    assert INVITE in content


def test_partner_is_not_offered_to_invite_partners(client, partner, draft):
    content = page(client, partner, url("applications:dossier_detail", draft))

    assert FILL_IN in content
    assert INVITE not in content


def test_submitted_overview_says_so_and_no_longer_invites(client, applicant, submitted):
    content = page(client, applicant, url("applications:dossier_detail", submitted))

    assert FILL_IN not in content
    assert INVITE not in content
    assert f"Dit dossier is ingediend op {submitted.submitted_at:%-d}" in content
    assert f"met dossiernummer {submitted.reference}" in content


# The checklist's "online" criterion ----------------------------------------------------------


def test_new_draft_is_not_marked_as_submitted_online(client, applicant):
    dossier = DossierFactory(created_by=applicant)

    for path in (
        url("applications:dossier_detail", dossier),
        url("applications:dossier_checklist", dossier),
    ):
        assert "Online ingediend" not in page(client, applicant, path)


def test_submitted_dossier_is_marked_as_submitted_online(client, applicant, staff_user, submitted):
    assert "Online ingediend" in page(
        client, applicant, url("applications:dossier_checklist", submitted)
    )
    assert "Online ingediend" in page(
        client,
        staff_user,
        reverse("applications:staff_dossier_detail", kwargs={"pk": submitted.pk}),
    )


# The contact person's details ------------------------------------------------------------------


def test_contact_person_reads_uw_telefoonnummer(client, applicant, draft):
    content = page(client, applicant, url("applications:dossier_section_plg", draft))

    assert "Uw telefoonnummer" in content
    assert "Uw functie" in content
    assert 'autocomplete="tel"' in content


@pytest.mark.parametrize("who", ["partner", "staff_user"])
def test_others_read_the_contact_persons_telefoonnummer(client, request, draft, who):
    content = page(
        client, request.getfixturevalue(who), url("applications:dossier_section_plg", draft)
    )

    assert "Telefoonnummer van de contactpersoon" in content
    assert "Functie van de contactpersoon" in content
    assert "Uw telefoonnummer" not in content
    assert "Uw functie" not in content
    # The browser must not fill in the partner's own number.
    assert 'autocomplete="tel"' not in content


def test_partner_saves_the_contact_persons_phone(client, partner, draft):
    client.force_login(partner)

    response = client.post(
        url("applications:dossier_section_plg", draft),
        {"version": 0, "contact_function": "Directeur", "contact_phone": "09 123 45 67"},
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.contact_function, draft.contact_phone) == ("Directeur", "09 123 45 67")
