"""Contact persons of draft dossiers hear about the call's deadline 14, 3 and 1 days ahead."""

import pytest

from applications.reminders import draft_deadline_reminders
from tests.factories import CallFactory, DossierFactory, UserFactory, brussels

pytestmark = pytest.mark.django_db

DEADLINE = brussels(2026, 3, 20, 23, 59)


@pytest.fixture
def call():
    return CallFactory(opens_at=brussels(2026, 1, 5, 9), deadline=DEADLINE)


def partner_on(dossier, email="partner@school.be"):
    return dossier.collaborators.create(email=email, role="partner")


def test_draft_contact_persons_reminded_three_days_before(call):
    dossier = DossierFactory(call=call, created_by=UserFactory(email="An@School.be"))
    partner_on(dossier)
    reminders = draft_deadline_reminders(call=call, days=(14, 3, 1), now=brussels(2026, 3, 17, 8))
    assert sorted(r.to for r in reminders) == ["An@School.be", "partner@school.be"]
    assert {r.event_key for r in reminders} == {
        f"reminder:draft_deadline:dossier-{dossier.pk}:2026-03-20:d3:to-an@school.be",
        f"reminder:draft_deadline:dossier-{dossier.pk}:2026-03-20:d3:to-partner@school.be",
    }
    reminder = reminders[0]
    assert reminder.template == "emails/reminder_draft_deadline"
    assert reminder.context["action_url"].endswith(f"/dossiers/{dossier.pk}/")
    assert reminder.context["deadline"] == DEADLINE


def test_submitted_dossier_not_reminded(call):
    DossierFactory(
        call=call, status="submitted", reference="PLG-1", submitted_at=brussels(2026, 3, 1)
    )
    assert draft_deadline_reminders(call=call, days=(3,), now=brussels(2026, 3, 18)) == []


@pytest.mark.parametrize(
    ("now", "stage"),
    [
        (brussels(2026, 3, 5, 23, 59), None),
        (brussels(2026, 3, 6, 0, 0), 14),
        (brussels(2026, 3, 19, 9, 0), 1),
        (brussels(2026, 3, 21, 0, 0), None),  # after the deadline
    ],
)
def test_draft_reminder_stage_follows_the_days(call, now, stage):
    DossierFactory(call=call)
    reminders = draft_deadline_reminders(call=call, days=(14, 3, 1), now=now)
    assert [r.context["days"] for r in reminders] == ([stage] if stage else [])


def test_changed_days_change_the_stages(call):
    DossierFactory(call=call)
    assert draft_deadline_reminders(call=call, days=(5,), now=brussels(2026, 3, 14, 23)) == []
    [reminder] = draft_deadline_reminders(call=call, days=(5,), now=brussels(2026, 3, 15))
    assert reminder.event_key.endswith(":d5:to-" + reminder.to.lower())


def test_contact_listed_twice_gets_one_reminder(call):
    dossier = DossierFactory(call=call)  # creator is also the "contact" collaborator row
    assert [
        r.to for r in draft_deadline_reminders(call=call, days=(3,), now=brussels(2026, 3, 18))
    ] == [dossier.created_by.email]


@pytest.mark.parametrize("size", [1, 5])
def test_draft_reminders_query_count_does_not_grow(call, size, django_assert_num_queries):
    for _ in range(size):
        partner_on(DossierFactory(call=call), email=f"partner{_}@school.be")
    # Dossiers with their creators, collaborators, collaborators' accounts.
    with django_assert_num_queries(3):
        reminders = draft_deadline_reminders(call=call, days=(3,), now=brussels(2026, 3, 18))
    assert len(reminders) == 2 * size
