"""Who is mailed about a dossier: one list for every mail, each person once."""

from types import SimpleNamespace as O

import pytest

from applications.contacts import Contact, dossier_contacts
from applications.notifications import submission_confirmation_send
from applications.reminders import draft_deadline_reminders
from applications.services import dossier_submit
from plgportal.outbox.models import Email
from tests.factories import CallFactory, DossierFactory, UserFactory, brussels, eligible_dossier


def dossier(*collaborators, creator="an@school.be"):
    """An unsaved-looking dossier: `collaborators` as (email, role, name or None)."""
    rows = [
        O(email=email, role=role, user_id=1 if name else None, user=O(full_name=name))
        for email, role, name in collaborators
    ]
    return O(
        created_by=O(email=creator, full_name="An Peeters"),
        collaborators=O(all=lambda: rows),
    )


@pytest.mark.parametrize(
    ("collaborators", "contacts"),
    [
        ([], [Contact("an@school.be", "An Peeters")]),
        (
            [("piet@linde.be", "partner", "Piet Claes"), ("els@noord.be", "partner", None)],
            [
                Contact("an@school.be", "An Peeters"),
                Contact("piet@linde.be", "Piet Claes"),
                Contact("els@noord.be", ""),
            ],
        ),
        # The contact person's own row names no one new.
        ([("an@school.be", "contact", "An Peeters")], [Contact("an@school.be", "An Peeters")]),
        # Addresses compare without case: the first spelling is mailed, once.
        (
            [("AN@School.be", "partner", "An"), ("piet@linde.be", "partner", "Piet")],
            [Contact("an@school.be", "An Peeters"), Contact("piet@linde.be", "Piet")],
        ),
        (
            [("Piet@Linde.be", "partner", "Piet"), ("piet@linde.be ", "partner", "Piet")],
            [Contact("an@school.be", "An Peeters"), Contact("Piet@Linde.be", "Piet")],
        ),
    ],
)
def test_dossier_contacts_contact_person_then_partners_once_each(collaborators, contacts):
    assert dossier_contacts(dossier(*collaborators)) == contacts


@pytest.mark.django_db
def test_submission_and_deadline_mails_reach_the_same_people_once():
    """A partner invited under the contact person's address in other capitals gets neither a
    second confirmation nor a second reminder."""
    call = CallFactory(opens_at=brussels(2026, 1, 5, 9), deadline=brussels(2026, 3, 20, 23, 59))
    owner = UserFactory(email="an@school.be")
    draft = DossierFactory(call=call, created_by=owner)
    submitted = eligible_dossier(created_by=owner)
    for one in (draft, submitted):
        one.collaborators.create(email="An@School.be", role="partner")
        one.collaborators.create(email="piet@linde.be", role="partner")

    reminded = [
        r.to for r in draft_deadline_reminders(call=call, days=(3,), now=brussels(2026, 3, 17, 8))
    ]
    dossier_submit(dossier=submitted, user=owner)
    submission_confirmation_send(dossier_id=submitted.pk)
    confirmed = list(Email.objects.order_by("pk").values_list("to", flat=True))

    assert reminded == confirmed == ["an@school.be", "piet@linde.be"]
