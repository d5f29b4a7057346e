"""Jurors with dossiers still to score get one mail listing them before the scoring deadline."""

import pytest

from jury.models import Jury
from jury.reminders import scoring_deadline_reminders
from plgportal.calls.models import Call
from tests.factories import CallFactory, DossierFactory, UserFactory, brussels
from tests.jury.factories import AssignmentFactory, ReviewFactory

pytestmark = pytest.mark.django_db

SCORING_DEADLINE = brussels(2026, 4, 15, 17, 0)
TWO_DAYS_BEFORE = brussels(2026, 4, 13, 9, 0)


@pytest.fixture
def call():
    call = CallFactory(opens_at=brussels(2026, 1, 5, 9), deadline=brussels(2026, 3, 1, 23))
    Jury.objects.create(call=call, phase="scoring", scoring_deadline=SCORING_DEADLINE)
    return call


def fetch(call):
    return Call.objects.select_related("jury").get(pk=call.pk)


def test_juror_gets_one_mail_listing_open_dossiers(call):
    juror = UserFactory(role="jury", email="jurylid@kbs.be")
    open_1, open_2, scored = (DossierFactory(call=call) for _ in range(3))
    AssignmentFactory(dossier=open_1, juror=juror, has_conflict=False)
    ReviewFactory(assignment=AssignmentFactory(dossier=open_2, juror=juror, has_conflict=None))
    ReviewFactory(
        assignment=AssignmentFactory(dossier=scored, juror=juror, has_conflict=False),
        status="submitted",
    )
    [reminder] = scoring_deadline_reminders(call=fetch(call), days=(7, 2), now=TWO_DAYS_BEFORE)
    assert reminder.to == "jurylid@kbs.be"
    assert reminder.context["dossiers"] == [open_1, open_2]
    assert reminder.context["days"] == 2
    assert reminder.event_key == (
        f"reminder:scoring_deadline:jury-{call.jury.pk}:2026-04-15:d2:to-jurylid@kbs.be"
    )


def test_conflicted_or_finished_juror_not_reminded(call):
    dossier = DossierFactory(call=call)
    AssignmentFactory(dossier=dossier, has_conflict=True)
    ReviewFactory(
        assignment=AssignmentFactory(dossier=dossier, has_conflict=False), status="submitted"
    )
    assert scoring_deadline_reminders(call=fetch(call), days=(2,), now=TWO_DAYS_BEFORE) == []


@pytest.mark.parametrize(
    ("phase", "deadline"),
    [("setup", SCORING_DEADLINE), ("deliberation", SCORING_DEADLINE), ("scoring", None)],
)
def test_no_reminder_outside_scoring_phase_or_without_deadline(call, phase, deadline):
    Jury.objects.filter(call=call).update(phase=phase, scoring_deadline=deadline)
    AssignmentFactory(dossier=DossierFactory(call=call), has_conflict=False)
    assert scoring_deadline_reminders(call=fetch(call), days=(2,), now=TWO_DAYS_BEFORE) == []


def test_call_without_jury_has_no_scoring_reminders():
    call = CallFactory()
    assert scoring_deadline_reminders(call=fetch(call), days=(2,), now=TWO_DAYS_BEFORE) == []


@pytest.mark.parametrize("size", [1, 5])
def test_scoring_reminders_query_count_does_not_grow(call, size, django_assert_num_queries):
    for _ in range(size):
        juror = UserFactory(role="jury")
        for _dossier in range(2):
            AssignmentFactory(dossier=DossierFactory(call=call), juror=juror, has_conflict=False)
    call = fetch(call)
    with django_assert_num_queries(1):
        reminders = scoring_deadline_reminders(call=call, days=(2,), now=TWO_DAYS_BEFORE)
    assert [len(r.context["dossiers"]) for r in reminders] == [2] * size
