"""The mail jurors get when scoring opens: their dossiers, the deadline, their home page."""

import pytest
from django.urls import reverse

from jury.enums import JuryPhase
from jury.models import Jury
from jury.services import jury_set_phase, scoring_opened_event_key
from plgportal.outbox.models import Email
from tests.factories import UserFactory, brussels
from tests.jury.factories import AssignmentFactory, admissible_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def jury(staff_user, juror, other_juror):
    """Two dossiers of one call: `juror` scores both, `other_juror` the first, a third juror
    declared a conflict on the second and has nothing else."""
    first = admissible_dossier(by=staff_user, working_title="Samen lezen")
    second = admissible_dossier(by=staff_user, call=first.call, working_title="Rekenen telt")
    jury = Jury.objects.get_or_create(call=first.call)[0]
    Jury.objects.filter(pk=jury.pk).update(scoring_deadline=brussels(2026, 4, 15, 17))
    AssignmentFactory(dossier=first, juror=juror)
    AssignmentFactory(dossier=second, juror=juror)
    AssignmentFactory(dossier=first, juror=other_juror)
    AssignmentFactory(dossier=second, juror=UserFactory(role="jury"), has_conflict=True)
    jury.refresh_from_db()
    return jury


def _opened_mails():
    return Email.objects.filter(event_key__startswith="jury-scoring-opened:")


def test_opening_scoring_mails_each_juror_their_dossiers_and_deadline(
    jury, juror, other_juror, staff_user
):
    jury_set_phase(jury=jury, phase=JuryPhase.SCORING, by=staff_user)

    assert sorted(e.to for e in _opened_mails()) == sorted([juror.email, other_juror.email])
    email = _opened_mails().get(to=juror.email)
    assert email.event_key == scoring_opened_event_key(jury_id=jury.pk, juror_id=juror.pk)
    assert email.subject == f"De beoordeling voor de oproep “{jury.call.title}” is geopend"
    dossiers = {a.dossier.working_title: a.dossier for a in jury.assignments.all()}
    for body in (email.body_text, email.body_html):
        for title in ("Samen lezen", "Rekenen telt"):
            assert f"{dossiers[title].reference} {title}" in body
        assert "woensdag 15 april 2026, 17:00" in body
        assert "http://" in body and reverse("home") in body
    other = _opened_mails().get(to=other_juror.email)
    assert "Samen lezen" in other.body_text and "Rekenen telt" not in other.body_text


def test_reopening_scoring_mails_nobody_again(jury, staff_user):
    jury_set_phase(jury=jury, phase=JuryPhase.SCORING, by=staff_user)
    jury_set_phase(jury=jury, phase=JuryPhase.SETUP, by=staff_user)
    jury_set_phase(jury=jury, phase=JuryPhase.SCORING, by=staff_user)

    assert _opened_mails().count() == 2


def test_scoring_opened_mail_in_the_jurors_language(jury, juror, staff_user):
    juror.language = "fr"
    juror.save(update_fields=["language"])

    jury_set_phase(jury=jury, phase=JuryPhase.SCORING, by=staff_user)

    email = _opened_mails().get(to=juror.email)
    assert "mercredi 15 avril 2026, 17:00" in email.body_text
    assert "Bien cordialement," in email.body_text
