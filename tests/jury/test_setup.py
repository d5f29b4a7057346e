from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from applications.services import dossier_submit
from jury.enums import JuryPhase, ReviewStatus
from jury.models import Assignment, Jury, JuryPhaseChange, Review
from jury.services import jury_for_call, jury_set_phase
from jury.setup.services import (
    assignment_add,
    assignment_remove,
    assignments_generate,
    conflict_record,
    jury_set_members,
    jury_set_scoring_deadline,
)
from plgportal.calls.call_2024 import call_2024_upsert
from tests.factories import DossierFactory, UserFactory, eligible_dossier
from tests.jury.factories import AssignmentFactory, ReviewFactory, admissible_dossier


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def call(db):
    return call_2024_upsert(
        slug="jury-oproep",
        opens_at=timezone.now() - timedelta(days=10),
        deadline=timezone.now() + timedelta(days=30),
    )


@pytest.fixture
def jury(call):
    return jury_for_call(call)


@pytest.fixture
def third_juror(db):
    return UserFactory(role="jury", email="jury.3@example.org", full_name="Zeger Zonderland")


@pytest.fixture
def jurors(juror, other_juror, third_juror):
    return [juror, other_juror, third_juror]


@pytest.fixture
def jury_with_members(jury, jurors, staff_user):
    return jury_set_members(jury=jury, members=jurors, by=staff_user)


@pytest.fixture
def dossier(call, staff_user):
    return admissible_dossier(call=call, by=staff_user)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def admissible(call, staff_user, count):
    return [admissible_dossier(call=call, by=staff_user) for _ in range(count)]


def pairs(jury):
    return set(jury.assignments.values_list("dossier_id", "juror_id"))


def loads(jury, jurors):
    return [jury.assignments.filter(juror=j, has_conflict__isnull=True).count() for j in jurors]


def setup_url(call):
    return reverse("jury:setup", args=[call.slug])


# Members


def test_jury_set_members_keeps_jurors(jury, jurors, staff_user):
    jury_set_members(jury=jury, members=jurors, by=staff_user)

    assert set(jury.members.all()) == set(jurors)


def test_jury_set_members_refuses_users_without_the_jury_role(
    jury, juror, applicant, coach, staff_user
):
    with pytest.raises(ValidationError) as error:
        jury_set_members(jury=jury, members=[juror, applicant, coach], by=staff_user)

    assert "Alleen gebruikers met de rol jurylid" in str(error.value)
    assert list(jury.members.all()) == []


def test_jury_set_members_removes_the_assignments_of_a_leaving_member(
    jury_with_members, dossier, juror, other_juror, staff_user
):
    assignment_add(jury=jury_with_members, dossier=dossier, juror=juror, by=staff_user)
    assignment_add(jury=jury_with_members, dossier=dossier, juror=other_juror, by=staff_user)

    jury_set_members(jury=jury_with_members, members=[other_juror], by=staff_user)

    assert pairs(jury_with_members) == {(dossier.pk, other_juror.pk)}


def test_jury_set_members_keeps_the_conflicts_of_a_leaving_member(
    jury_with_members, dossier, juror, other_juror, staff_user
):
    assignment = assignment_add(jury=jury_with_members, dossier=dossier, juror=juror, by=staff_user)
    conflict_record(assignment=assignment, note="Bestuurder.", by=staff_user)

    jury_set_members(jury=jury_with_members, members=[other_juror], by=staff_user)

    assert Assignment.objects.get().has_conflict is True


def test_jury_set_members_refuses_removing_a_juror_who_submitted(
    jury_with_members, dossier, juror, other_juror, staff_user
):
    assignment = assignment_add(jury=jury_with_members, dossier=dossier, juror=juror, by=staff_user)
    ReviewFactory(assignment=assignment, status=ReviewStatus.SUBMITTED)

    with pytest.raises(ValidationError, match="al een beoordeling indiende"):
        jury_set_members(jury=jury_with_members, members=[other_juror], by=staff_user)

    assert juror in jury_with_members.members.all()


# Generating assignments


def test_assignments_generate_balances_admissible_dossiers_only(
    jury_with_members, call, jurors, staff_user
):
    dossiers = admissible(call, staff_user, 6)
    dossier_submit(dossier=eligible_dossier(call=call), user=staff_user)  # submitted, undecided
    DossierFactory(call=call)  # draft
    admissible_dossier(by=staff_user)  # another call

    result = assignments_generate(jury=jury_with_members, per_dossier=2, by=staff_user)

    assert result.created == 12
    assert result.short == []
    assert {d for d, _j in pairs(jury_with_members)} == {d.pk for d in dossiers}
    assert all(jury_with_members.assignments.filter(dossier=d).count() == 2 for d in dossiers)
    assert loads(jury_with_members, jurors) == [4, 4, 4]
    jury_with_members.refresh_from_db()
    assert jury_with_members.reviewers_per_dossier == 2


def test_assignments_generate_everyone_scores_everything(
    jury_with_members, call, jurors, staff_user
):
    dossiers = admissible(call, staff_user, 2)

    assignments_generate(jury=jury_with_members, per_dossier=None, by=staff_user)

    assert pairs(jury_with_members) == {(d.pk, j.pk) for d in dossiers for j in jurors}
    assert Jury.objects.get().reviewers_per_dossier is None


def test_assignments_generate_never_assigns_a_conflicted_juror(
    jury_with_members, dossier, juror, staff_user
):
    assignment = assignment_add(jury=jury_with_members, dossier=dossier, juror=juror, by=staff_user)
    conflict_record(assignment=assignment, note="Bestuurder van een school.", by=staff_user)

    result = assignments_generate(jury=jury_with_members, per_dossier=3, by=staff_user)

    assert result.created == 2
    assert result.short == [dossier.reference]
    assert jury_with_members.assignments.get(juror=juror).has_conflict is True


def test_assignments_generate_keeps_existing_assignments(
    jury_with_members, call, jurors, staff_user
):
    first, second = admissible(call, staff_user, 2)
    assignment_add(jury=jury_with_members, dossier=first, juror=jurors[2], by=staff_user)

    result = assignments_generate(jury=jury_with_members, per_dossier=1, by=staff_user)

    assert result.created == 1
    assert (first.pk, jurors[2].pk) in pairs(jury_with_members)
    assert jury_with_members.assignments.filter(dossier=second).count() == 1


def test_assignments_generate_is_refused_without_members(jury, dossier, staff_user):
    with pytest.raises(ValidationError, match="Kies eerst de juryleden"):
        assignments_generate(jury=jury, per_dossier=2, by=staff_user)


# One assignment by hand


def test_assignment_add_refuses_a_juror_outside_the_jury(jury, dossier, juror, staff_user):
    with pytest.raises(ValidationError, match="geen lid van deze jury"):
        assignment_add(jury=jury, dossier=dossier, juror=juror, by=staff_user)


def test_assignment_add_refuses_a_dossier_that_is_not_admissible(
    jury_with_members, call, juror, staff_user
):
    draft = DossierFactory(call=call)

    with pytest.raises(ValidationError, match="Alleen ontvankelijke dossiers"):
        assignment_add(jury=jury_with_members, dossier=draft, juror=juror, by=staff_user)


def test_assignment_add_refuses_a_pair_twice(jury_with_members, dossier, juror, staff_user):
    assignment_add(jury=jury_with_members, dossier=dossier, juror=juror, by=staff_user)

    with pytest.raises(ValidationError, match="beoordeelt dossier"):
        assignment_add(jury=jury_with_members, dossier=dossier, juror=juror, by=staff_user)


def test_assignment_remove_deletes_the_assignment_and_its_draft(
    jury_with_members, dossier, juror, staff_user
):
    assignment = assignment_add(jury=jury_with_members, dossier=dossier, juror=juror, by=staff_user)
    ReviewFactory(assignment=assignment)

    assignment_remove(assignment=assignment, by=staff_user)

    assert Assignment.objects.count() == 0
    assert Review.objects.count() == 0


def test_assignment_remove_is_refused_after_a_submitted_review(
    jury_with_members, dossier, juror, staff_user
):
    assignment = assignment_add(jury=jury_with_members, dossier=dossier, juror=juror, by=staff_user)
    ReviewFactory(assignment=assignment, status=ReviewStatus.SUBMITTED)

    with pytest.raises(ValidationError, match="al beoordeeld"):
        assignment_remove(assignment=assignment, by=staff_user)

    assert Assignment.objects.count() == 1


def test_assignment_remove_is_refused_for_a_conflict(jury_with_members, dossier, juror, staff_user):
    assignment = assignment_add(jury=jury_with_members, dossier=dossier, juror=juror, by=staff_user)
    conflict_record(assignment=assignment, note="Werkt op de school.", by=staff_user)

    with pytest.raises(ValidationError, match="belangenconflict blijft"):
        assignment_remove(assignment=assignment, by=staff_user)


# Conflicts recorded by staff


def test_conflict_record_takes_the_dossier_from_the_juror(
    jury_with_members, dossier, juror, staff_user
):
    jury_set_phase(jury=jury_with_members, phase=JuryPhase.SCORING, by=staff_user)
    assignment = assignment_add(jury=jury_with_members, dossier=dossier, juror=juror, by=staff_user)
    assignment.has_conflict = False
    assignment.save()
    ReviewFactory(assignment=assignment)
    assert juror.has_perm("jury.view_assigned_dossier", assignment)

    recorded = conflict_record(assignment=assignment, note="  Bestuurder.  ", by=staff_user)

    assert (recorded.has_conflict, recorded.conflict_note) == (True, "Bestuurder.")
    assert recorded.conflict_recorded_by == staff_user
    assert recorded.conflict_declared_at is not None
    assert Review.objects.count() == 0
    assert not juror.has_perm("jury.view_assigned_dossier", recorded)
    assert not juror.has_perm("jury.score", recorded)


def test_conflict_record_keeps_a_submitted_review_on_record(
    jury_with_members, dossier, juror, staff_user
):
    assignment = assignment_add(jury=jury_with_members, dossier=dossier, juror=juror, by=staff_user)
    ReviewFactory(assignment=assignment, status=ReviewStatus.SUBMITTED)

    conflict_record(assignment=assignment, note="Bestuurder.", by=staff_user)

    assert Review.objects.get().status == ReviewStatus.SUBMITTED


def test_conflict_record_requires_a_note(jury_with_members, dossier, juror, staff_user):
    assignment = assignment_add(jury=jury_with_members, dossier=dossier, juror=juror, by=staff_user)

    with pytest.raises(ValidationError, match="Licht het belangenconflict toe"):
        conflict_record(assignment=assignment, note=" ", by=staff_user)


# Phases


@pytest.fixture
def jury_in_deliberation(jury_with_members, staff_user):
    jury_set_phase(jury=jury_with_members, phase=JuryPhase.SCORING, by=staff_user)
    return jury_set_phase(jury=jury_with_members, phase=JuryPhase.DELIBERATION, by=staff_user)


@pytest.mark.parametrize(
    "change",
    [
        lambda jury, dossier, juror, by: jury_set_members(jury=jury, members=[], by=by),
        lambda jury, dossier, juror, by: assignments_generate(jury=jury, per_dossier=1, by=by),
        lambda jury, dossier, juror, by: assignment_add(
            jury=jury, dossier=dossier, juror=juror, by=by
        ),
        lambda jury, dossier, juror, by: jury_set_scoring_deadline(
            jury=jury, scoring_deadline=None, by=by
        ),
    ],
    ids=["members", "generate", "add", "deadline"],
)
def test_setup_services_are_refused_after_scoring(
    change, jury_in_deliberation, dossier, juror, staff_user
):
    with pytest.raises(ValidationError, match="Deliberatie"):
        change(jury_in_deliberation, dossier, juror, staff_user)


@pytest.mark.parametrize("service", ["remove", "conflict"])
def test_assignment_services_are_refused_after_scoring(
    service, jury_with_members, dossier, juror, staff_user
):
    assignment = assignment_add(jury=jury_with_members, dossier=dossier, juror=juror, by=staff_user)
    jury_set_phase(jury=jury_with_members, phase=JuryPhase.SCORING, by=staff_user)
    jury_set_phase(jury=jury_with_members, phase=JuryPhase.DELIBERATION, by=staff_user)
    assignment.refresh_from_db()

    with pytest.raises(ValidationError, match="Deliberatie"):
        if service == "remove":
            assignment_remove(assignment=assignment, by=staff_user)
        else:
            conflict_record(assignment=assignment, note="Bestuurder.", by=staff_user)


def test_setup_services_are_allowed_while_scoring(jury_with_members, dossier, juror, staff_user):
    jury_set_phase(jury=jury_with_members, phase=JuryPhase.SCORING, by=staff_user)

    assignment_add(jury=jury_with_members, dossier=dossier, juror=juror, by=staff_user)

    assert Assignment.objects.count() == 1


# The set-up page


def test_jury_setup_page_without_jury_shows_a_new_jury_and_writes_nothing(staff_client, call):
    response = staff_client.get(setup_url(call))

    assert response.status_code == 200
    assert response.context["jury"].phase == JuryPhase.SETUP
    assert response.context["members"] == []
    assert Jury.objects.count() == 0
    assert JuryPhaseChange.objects.count() == 0


def test_jury_setup_first_members_post_creates_the_jury(staff_client, call, jurors):
    response = staff_client.post(
        reverse("jury:members", args=[call.slug]), {"leden-members": [j.pk for j in jurors]}
    )

    assert response.status_code == 302
    assert set(Jury.objects.get(call=call).members.all()) == set(jurors)


def test_jury_setup_page_shows_members_loads_and_matrix(
    staff_client, jury_with_members, dossier, juror, other_juror, third_juror, staff_user
):
    assignment = assignment_add(jury=jury_with_members, dossier=dossier, juror=juror, by=staff_user)
    ReviewFactory(assignment=assignment, status=ReviewStatus.SUBMITTED)
    conflicted = assignment_add(
        jury=jury_with_members, dossier=dossier, juror=other_juror, by=staff_user
    )
    conflict_record(assignment=conflicted, note="Werkt op De Linde.", by=staff_user)
    outsider = UserFactory(role="jury", full_name="Nog Geen Lid")

    response = staff_client.get(setup_url(jury_with_members.call))

    page = response.content.decode()
    assert dossier.reference in page
    assert dossier.working_title in page
    assert "Werkt op De Linde." in page
    # The juror has not answered the conflict question yet: not an undeclared conflict.
    assert "nog geen verklaring" in page
    assert "conflict niet verklaard" not in page
    assert escape(outsider.full_name) in page  # a checkbox to add them
    assert reverse("accounts:team") in page
    assert reverse("jury:assignment_remove", args=[conflicted.pk]) not in page
    assert reverse("jury:assignment_remove", args=[assignment.pk]) not in page  # submitted
    (row,) = response.context["rows"]
    assert row.dossier == dossier
    assert {cell.juror: cell.assignment for cell in row.cells} == {
        juror: assignment,
        other_juror: conflicted,
        third_juror: None,
    }
    assert {x.juror: (x.assigned, x.conflicts, x.scored) for x in response.context["loads"]} == {
        juror: (1, 0, 1),
        other_juror: (0, 1, 0),
        third_juror: (0, 0, 0),
    }


def test_jury_setup_page_runs_as_many_queries_for_six_dossiers_as_for_two(
    staff_client, jury_with_members, call, staff_user, django_assert_num_queries
):
    admissible(call, staff_user, 2)
    assignments_generate(jury=jury_with_members, per_dossier=2, by=staff_user)
    ReviewFactory(assignment=Assignment.objects.first())
    with CaptureQueriesContext(connection) as two:
        assert len(staff_client.get(setup_url(call)).context["rows"]) == 2
    admissible(call, staff_user, 4)
    assignments_generate(jury=jury_with_members, per_dossier=2, by=staff_user)
    ReviewFactory(assignment=Assignment.objects.last(), status=ReviewStatus.SUBMITTED)

    with django_assert_num_queries(len(two)):
        assert len(staff_client.get(setup_url(call)).context["rows"]) == 6


def test_jury_setup_page_in_deliberation_offers_no_changes(
    staff_client, jury_in_deliberation, dossier, juror, staff_user
):
    response = staff_client.get(setup_url(jury_in_deliberation.call))

    page = response.content.decode()
    assert response.status_code == 200
    assert "De beoordeling is afgesloten" in page
    assert reverse("jury:members", args=[dossier.call.slug]) not in page
    assert reverse("jury:assignments_generate", args=[dossier.call.slug]) not in page
    assert reverse("jury:settings", args=[dossier.call.slug]) not in page
    assert reverse("jury:phase", args=[dossier.call.slug]) in page


def test_staff_home_links_each_call_to_its_jury(staff_client, call):
    page = staff_client.get(reverse("home")).content.decode()

    assert setup_url(call) in page


def test_jury_members_post_sets_the_members(staff_client, jury, call, juror, other_juror):
    response = staff_client.post(
        reverse("jury:members", args=[call.slug]), {"leden-members": [juror.pk, other_juror.pk]}
    )

    assert response.status_code == 302
    assert set(jury.members.all()) == {juror, other_juror}


def test_jury_members_post_refuses_a_user_without_the_jury_role(
    staff_client, jury, call, juror, coach
):
    response = staff_client.post(
        reverse("jury:members", args=[call.slug]), {"leden-members": [juror.pk, coach.pk]}
    )

    assert response.status_code == 200
    assert response.context["members_form"].errors["members"]
    assert list(jury.members.all()) == []


def test_jury_assignments_generate_post_assigns(
    staff_client, jury_with_members, call, dossier, jurors
):
    response = staff_client.post(
        reverse("jury:assignments_generate", args=[call.slug]),
        {"toewijzing-mode": "per_dossier", "toewijzing-per_dossier": "2"},
    )

    assert response.status_code == 302
    assert jury_with_members.assignments.count() == 2


def test_jury_assignments_generate_post_needs_a_number_per_dossier(
    staff_client, jury_with_members, call, dossier
):
    response = staff_client.post(
        reverse("jury:assignments_generate", args=[call.slug]),
        {"toewijzing-mode": "per_dossier", "toewijzing-per_dossier": ""},
    )

    form = response.context["mode_form"]
    assert response.status_code == 200
    assert form.errors["per_dossier"] == ["Geef aan hoeveel juryleden elk dossier krijgt."]
    assert form["mode"].value() == "per_dossier"
    assert Assignment.objects.count() == 0


def test_jury_assignments_generate_post_without_members_says_so(staff_client, jury, call, dossier):
    response = staff_client.post(
        reverse("jury:assignments_generate", args=[call.slug]), {"toewijzing-mode": "all"}
    )

    assert response.status_code == 200
    assert "Kies eerst de juryleden." in response.content.decode()


def test_jury_assignment_add_and_remove_post(staff_client, jury_with_members, call, dossier, juror):
    response = staff_client.post(
        reverse("jury:assignment_add", args=[call.slug]),
        {"dossier": dossier.pk, "juror": juror.pk},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.dossier, assignment.juror) == (dossier, juror)

    response = staff_client.post(reverse("jury:assignment_remove", args=[assignment.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(setup_url(call))
    assert Assignment.objects.count() == 0


def test_jury_assignment_add_post_refuses_a_dossier_that_is_not_admissible(
    staff_client, jury_with_members, call, juror
):
    draft = DossierFactory(call=call)

    response = staff_client.post(
        reverse("jury:assignment_add", args=[call.slug]),
        {"dossier": draft.pk, "juror": juror.pk},
        follow=True,
    )

    assert Assignment.objects.count() == 0
    assert len(response.context["messages"]) == 1


def test_jury_conflict_record_post_requires_a_note(
    staff_client, jury_with_members, dossier, juror, staff_user
):
    assignment = assignment_add(jury=jury_with_members, dossier=dossier, juror=juror, by=staff_user)

    response = staff_client.post(
        reverse("jury:conflict_record", args=[assignment.pk]),
        {f"conflict-{assignment.pk}-note": ""},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Licht het belangenconflict toe." in page
    assert "<details open>" in page
    assert Assignment.objects.get().has_conflict is None


def test_jury_conflict_record_post_records_the_conflict(
    staff_client, jury_with_members, dossier, juror, staff_user
):
    assignment = assignment_add(jury=jury_with_members, dossier=dossier, juror=juror, by=staff_user)

    response = staff_client.post(
        reverse("jury:conflict_record", args=[assignment.pk]),
        {f"conflict-{assignment.pk}-note": "Bestuurder van de school."},
    )

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.has_conflict, assignment.conflict_recorded_by) == (True, staff_user)


def test_jury_settings_post_saves_the_scoring_deadline(staff_client, jury, call):
    response = staff_client.post(
        reverse("jury:settings", args=[call.slug]),
        {"instellingen-scoring_deadline": "2025-03-15T18:00"},
    )

    assert response.status_code == 302
    jury.refresh_from_db()
    assert timezone.localtime(jury.scoring_deadline).replace(tzinfo=None) == datetime(
        2025, 3, 15, 18, 0
    )


def test_jury_settings_post_keeps_a_bad_date_with_its_error(staff_client, jury, call):
    response = staff_client.post(
        reverse("jury:settings", args=[call.slug]), {"instellingen-scoring_deadline": "morgen"}
    )

    form = response.context["settings_form"]
    assert response.status_code == 200
    assert form.errors["scoring_deadline"]
    assert 'value="morgen"' in response.content.decode()


def test_jury_phase_post_needs_confirmation(staff_client, jury, call):
    response = staff_client.post(
        reverse("jury:phase", args=[call.slug]), {"fase-phase": "scoring", "fase-reason": "Start"}
    )

    form = response.context["phase_form"]
    assert response.status_code == 200
    assert form.errors["confirm"] == ["Vink aan dat u de fasewijziging bevestigt."]
    assert form["reason"].value() == "Start"
    jury.refresh_from_db()
    assert jury.phase == JuryPhase.SETUP


def test_jury_phase_post_moves_the_jury_and_shows_the_history(staff_client, jury, call, staff_user):
    response = staff_client.post(
        reverse("jury:phase", args=[call.slug]),
        {"fase-phase": "scoring", "fase-reason": "Alle dossiers toegewezen.", "fase-confirm": "on"},
        follow=True,
    )

    jury.refresh_from_db()
    assert jury.phase == JuryPhase.SCORING
    change = JuryPhaseChange.objects.get()
    assert (change.changed_by, change.reason) == (staff_user, "Alle dossiers toegewezen.")
    assert "Alle dossiers toegewezen." in response.content.decode()
    assert [value for value, _label in response.context["phase_form"].fields["phase"].choices] == [
        "setup",
        "deliberation",
    ]


def test_jury_phase_post_refuses_a_phase_not_allowed_now(staff_client, jury, call):
    response = staff_client.post(
        reverse("jury:phase", args=[call.slug]), {"fase-phase": "published", "fase-confirm": "on"}
    )

    assert response.status_code == 200
    assert response.context["phase_form"].errors["phase"]


# Access: staff only


def setup_requests(o):
    return [
        ("get", reverse("jury:setup", args=[o["call"].slug])),
        ("post", reverse("jury:members", args=[o["call"].slug])),
        ("post", reverse("jury:assignments_generate", args=[o["call"].slug])),
        ("post", reverse("jury:assignment_add", args=[o["call"].slug])),
        ("post", reverse("jury:assignment_remove", args=[o["assignment"].pk])),
        ("post", reverse("jury:conflict_record", args=[o["assignment"].pk])),
        ("post", reverse("jury:settings", args=[o["call"].slug])),
        ("post", reverse("jury:phase", args=[o["call"].slug])),
    ]


@pytest.mark.parametrize("principal", ["applicant", "juror", "other_juror", "coach"])
def test_jury_setup_urls_refuse_everyone_but_staff(
    client, request, principal, jury_with_members, dossier, juror
):
    assignment = AssignmentFactory(dossier=dossier, juror=juror)
    client.force_login(request.getfixturevalue(principal))

    for method, url in setup_requests({"call": dossier.call, "assignment": assignment}):
        assert getattr(client, method)(url).status_code == 403, url

    assert Assignment.objects.get() == assignment


def test_jury_setup_urls_send_visitors_to_login(client, jury_with_members, dossier, juror):
    assignment = AssignmentFactory(dossier=dossier, juror=juror)

    for method, url in setup_requests({"call": dossier.call, "assignment": assignment}):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_jury_setup_refused_visit_creates_no_jury(client, call, juror):
    client.force_login(juror)

    assert client.get(setup_url(call)).status_code == 403
    assert Jury.objects.count() == 0


def test_jury_setup_unknown_call_is_404(staff_client, db):
    assert staff_client.get(reverse("jury:setup", args=["geen-oproep"])).status_code == 404


def test_jury_phase_page_in_deliberation_refuses_publishing(staff_client, jury, call):
    """Publishing has its own page (checks, emails): the phase form never makes that move."""
    jury.phase = JuryPhase.DELIBERATION
    jury.save()

    response = staff_client.post(
        reverse("jury:phase", args=[call.slug]), {"fase-phase": "published", "fase-confirm": "on"}
    )

    assert response.context["phase_form"].errors["phase"]
    jury.refresh_from_db()
    assert jury.phase == JuryPhase.DELIBERATION
    assert not JuryPhaseChange.objects.exists()


def test_jury_phase_form_in_deliberation_never_offers_publishing(staff_client, jury, call):
    jury.phase = JuryPhase.DELIBERATION
    jury.save()
    response = staff_client.get(reverse("jury:setup", args=[call.slug]))
    choices = [value for value, _label in response.context["phase_form"].fields["phase"].choices]
    assert choices == ["scoring"]
