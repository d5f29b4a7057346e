"""`manage.py seed_scale`: a call at scale whose data the portal's own rules accept."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from applications.eligibility import evaluate
from applications.selectors import dossiers_full, eligibility_facts
from jury.enums import JuryPhase, ReviewStatus
from jury.models import Assignment, Jury, Score
from plgportal.accounts.models import User
from sessions.models import Attendance, Trajectory
from sessions.scale import EMAIL_DOMAIN, SCALE_PASSWORD, SCALE_SLUG

DOSSIERS, JURORS = 6, 2


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True  # the command refuses to run with DEBUG off, as seed_demo does
    call_command("seed_scale", dossiers=DOSSIERS, jurors=JURORS)


def user(name: str) -> User:
    return User.objects.get(email=f"{name}@{EMAIL_DOMAIN}")


def test_seed_scale_dossiers_pass_every_check(seeded):
    dossiers = list(dossiers_full().filter(call__slug=SCALE_SLUG))

    assert len(dossiers) == DOSSIERS
    failing = {
        d.reference: [c.code for c in evaluate(eligibility_facts(d)).failing] for d in dossiers
    }
    assert failing == dict.fromkeys(failing, [])
    assert {d.status for d in dossiers} == {"admissible"}
    assert all(d.status_changes.count() == 2 for d in dossiers)
    assert {len(d.schools.all()) for d in dossiers} == {3, 4, 5}


def test_seed_scale_every_juror_scored_every_dossier(seeded):
    jury = Jury.objects.get(call__slug=SCALE_SLUG)

    assert jury.phase == JuryPhase.SCORING
    assert jury.call.is_ranking_frozen
    assignments = Assignment.objects.filter(jury=jury)
    assert assignments.count() == DOSSIERS * JURORS
    assert set(assignments.values_list("review__status", flat=True)) == {ReviewStatus.SUBMITTED}
    assert Score.objects.filter(review__assignment__jury=jury, value__isnull=False).count() == (
        DOSSIERS * JURORS * 4
    )


def test_seed_scale_ranking_page_ranks_every_dossier(seeded, client):
    client.force_login(user("staff"))

    response = client.get(reverse("jury:ranking", kwargs={"slug": SCALE_SLUG}))

    assert response.status_code == 200
    content = response.content.decode()
    for pk in Jury.objects.get(call__slug=SCALE_SLUG).call.dossiers.values_list("pk", flat=True):
        assert f'id="dossier-{pk}"' in content
    total = DOSSIERS * JURORS
    assert f"{total} van {total} beoordelingen ingediend" in content


def test_seed_scale_accounts_sign_in_with_the_known_password(seeded, client):
    for name in ("staff", "directeur", "jury.1", "coach"):
        assert user(name).check_password(SCALE_PASSWORD)
    client.force_login(user("jury.1"))
    assignment = Assignment.objects.filter(juror=user("jury.1")).first()

    assert client.get(reverse("jury:score", args=[assignment.pk])).status_code == 200


def test_seed_scale_best_dossier_is_the_applicants_and_coached(seeded, client):
    trajectory = Trajectory.objects.get(dossier__created_by=user("directeur"))

    assert trajectory.coach == user("coach")
    assert trajectory.meetings.filter(held=True).count() == 5
    assert Attendance.objects.filter(meeting__trajectory=trajectory).exists()
    client.force_login(user("coach"))
    response = client.get(reverse("sessions:trajectory_detail", args=[trajectory.pk]))
    assert response.status_code == 200


def test_seed_scale_refuses_an_existing_call_without_force(seeded):
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_scale", dossiers=DOSSIERS, jurors=JURORS)

    call_command("seed_scale", dossiers=3, jurors=1, force=True)

    assert Jury.objects.get(call__slug=SCALE_SLUG).call.dossiers.count() == 3


def test_seed_scale_refuses_with_debug_off(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_scale", dossiers=1, jurors=1)
