"""The juror's side: dashboard, conflict of interest, scoring, independence, letters."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from jury.enums import JuryPhase, ReviewStatus
from jury.models import Assignment, Jury, Review, ReviewStatusChange
from jury.review.services import conflict_declare, review_reopen, review_save
from jury.selectors import next_unscored_assignment
from tests.jury.factories import AssignmentFactory, admissible_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(staff_user):
    return admissible_dossier(by=staff_user)


@pytest.fixture
def jury(dossier, juror, other_juror):
    jury = Jury.objects.get_or_create(call=dossier.call)[0]
    jury.phase = JuryPhase.SCORING
    jury.scoring_deadline = timezone.now() + timedelta(days=2, hours=3)
    jury.save()
    jury.members.add(juror, other_juror)
    return jury


@pytest.fixture
def assignment(jury, dossier, juror):
    return AssignmentFactory(jury=jury, dossier=dossier, juror=juror, has_conflict=False)


@pytest.fixture
def criteria(dossier):
    return list(dossier.call.criteria.all())


def set_phase(jury, phase):
    Jury.objects.filter(pk=jury.pk).update(phase=phase)


def score_url(assignment):
    return reverse("jury:score", kwargs={"pk": assignment.pk})


def declare_url(assignment):
    return reverse("jury:conflict_declare", kwargs={"pk": assignment.pk})


def review_post(criteria, action, values=None, motivations=None, comment=""):
    """POST data for the scoring form: every criterion 4 with a motivation unless told."""
    data = {"action": action, "overall_comment": comment}
    for index, criterion in enumerate(criteria):
        value = (values or {}).get(index, 4)
        motivation = (motivations or {}).get(index, f"Motivering {index}")
        data[f"score_{criterion.pk}"] = "" if value is None else str(value)
        data[f"motivation_{criterion.pk}"] = motivation
    return data


def full_scores(criteria, value=4):
    return {c.pk: (value, "Goed onderbouwd.") for c in criteria}


def submit_review(assignment, criteria, value=4, motivation="Goed onderbouwd."):
    return review_save(
        assignment=assignment,
        scores={c.pk: (value, motivation) for c in criteria},
        overall_comment="",
        submit=True,
        by=assignment.juror,
    )


def second_dossier(dossier, staff_user):
    return admissible_dossier(by=staff_user, call=dossier.call)


# Dashboard


def test_dashboard_shows_assigned_dossiers_progress_and_hides_conflicts(
    client, jury, dossier, juror, other_juror, staff_user, criteria
):
    undeclared = AssignmentFactory(jury=jury, dossier=dossier, juror=juror)
    drafted = AssignmentFactory(
        jury=jury, dossier=second_dossier(dossier, staff_user), juror=juror, has_conflict=False
    )
    review_save(assignment=drafted, scores={}, overall_comment="Begonnen", submit=False, by=juror)
    submitted = AssignmentFactory(
        jury=jury, dossier=second_dossier(dossier, staff_user), juror=juror, has_conflict=False
    )
    submit_review(submitted, criteria)
    conflicted = AssignmentFactory(
        jury=jury, dossier=second_dossier(dossier, staff_user), juror=juror, has_conflict=True
    )
    not_mine = AssignmentFactory(
        jury=jury, dossier=second_dossier(dossier, staff_user), juror=other_juror
    )
    client.force_login(juror)

    content = client.get(reverse("home")).content.decode()

    assert "1 van 3 beoordeeld" in content
    assert "Beoordeling open" in content
    assert "nog 2\xa0dagen" in content  # timeuntil keeps number and unit together
    # The home lists what is left to score; the juror's list page has every dossier.
    all_assigned = client.get(reverse("jury:my_dossiers", kwargs={"pk": jury.pk}))
    all_assigned = all_assigned.content.decode()
    for visible in (undeclared, drafted):
        assert visible.dossier.reference in content
        assert visible.dossier.working_title in content
    assert submitted.dossier.reference not in content
    for visible in (undeclared, drafted, submitted):
        assert visible.dossier.reference in all_assigned
        assert escape(visible.dossier.working_title) in all_assigned
    assert declare_url(undeclared) in content
    assert "Belangenconflict verklaren" in content
    assert score_url(drafted) in content
    assert "nog niet begonnen" in content
    assert "concept" in content
    assert "ingediend" in all_assigned
    for page in (content, all_assigned):
        assert conflicted.dossier.reference not in page
        assert not_mine.dossier.reference not in page
    assert "1 dossier beoordeelt u niet wegens een belangenconflict." in content


def test_dashboard_without_jury_shows_empty_state(client, juror):
    client.force_login(juror)

    content = client.get(reverse("home")).content.decode()

    assert "U hebt nog geen dossiers toegewezen gekregen." in content


def test_dashboard_query_count_same_for_one_and_five_assignments(
    client, jury, dossier, juror, staff_user, criteria, django_assert_num_queries
):
    first = AssignmentFactory(jury=jury, dossier=dossier, juror=juror, has_conflict=False)
    submit_review(first, criteria)
    client.force_login(juror)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("home"))
    for _index in range(4):
        AssignmentFactory(
            jury=jury, dossier=second_dossier(dossier, staff_user), juror=juror, has_conflict=False
        )

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("home"))

    assert response.content.decode().count('class="assignment-row"') == 4  # the unsubmitted


# Conflict of interest


def test_conflict_form_shows_only_title_and_school_names(client, jury, dossier, juror):
    undeclared = AssignmentFactory(jury=jury, dossier=dossier, juror=juror)
    client.force_login(juror)

    content = client.get(declare_url(undeclared)).content.decode()

    assert dossier.working_title in content
    for school in dossier.schools.all():
        assert school.name in content
    assert "Onze aanpak." not in content  # the motivation texts
    for school in dossier.schools.all():
        assert reverse("applications:letter_download", args=[dossier.pk, school.pk]) not in content
        for delegate in school.delegates.all():
            assert delegate.full_name not in content


def test_score_page_of_undeclared_assignment_redirects_to_declaration(client, jury, dossier, juror):
    undeclared = AssignmentFactory(jury=jury, dossier=dossier, juror=juror)
    client.force_login(juror)

    response = client.get(score_url(undeclared))

    assert response.status_code == 302
    assert response["Location"] == declare_url(undeclared)


def test_conflict_declared_hides_dossier_and_score_page_is_404(client, jury, dossier, juror):
    undeclared = AssignmentFactory(jury=jury, dossier=dossier, juror=juror)
    client.force_login(juror)

    response = client.post(
        declare_url(undeclared), {"has_conflict": "yes", "note": "Ik zetel in het bestuur."}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    undeclared.refresh_from_db()
    assert undeclared.has_conflict is True
    assert undeclared.conflict_note == "Ik zetel in het bestuur."
    assert undeclared.conflict_recorded_by == juror
    assert undeclared.conflict_declared_at is not None
    home = client.get(reverse("home")).content.decode()
    assert dossier.reference not in home
    assert "1 dossier beoordeelt u niet wegens een belangenconflict." in home
    assert client.get(score_url(undeclared)).status_code == 404
    assert client.get(declare_url(undeclared)).status_code == 404


def test_conflict_without_note_refused_with_message(client, jury, dossier, juror):
    undeclared = AssignmentFactory(jury=jury, dossier=dossier, juror=juror)
    client.force_login(juror)

    response = client.post(declare_url(undeclared), {"has_conflict": "yes", "note": " "})

    assert response.status_code == 200
    assert "Beschrijf kort het belangenconflict" in response.content.decode()
    undeclared.refresh_from_db()
    assert undeclared.has_conflict is None


def test_no_conflict_declared_opens_scoring_page(client, jury, dossier, juror):
    undeclared = AssignmentFactory(jury=jury, dossier=dossier, juror=juror)
    client.force_login(juror)

    response = client.post(declare_url(undeclared), {"has_conflict": "no", "note": ""})

    assert response.status_code == 302
    assert response["Location"] == score_url(undeclared)
    undeclared.refresh_from_db()
    assert undeclared.has_conflict is False
    page = client.get(score_url(undeclared)).content.decode()
    assert "Onze aanpak." in page


def test_conflict_after_no_conflict_allowed_while_draft(assignment, juror, criteria):
    review_save(
        assignment=assignment,
        scores=full_scores(criteria),
        overall_comment="",
        submit=False,
        by=juror,
    )

    declared = conflict_declare(assignment=assignment, has_conflict=True, note="Collega", by=juror)

    assert declared.has_conflict is True
    assert not Review.objects.filter(assignment=assignment).exists()


def test_conflict_after_submitted_review_refused(assignment, juror, criteria):
    submit_review(assignment, criteria)

    with pytest.raises(ValidationError):
        conflict_declare(assignment=assignment, has_conflict=True, note="Collega", by=juror)

    assignment.refresh_from_db()
    assert assignment.has_conflict is False


@pytest.mark.parametrize("phase", [JuryPhase.SETUP, JuryPhase.DELIBERATION])
def test_conflict_declaration_refused_outside_scoring(client, jury, dossier, juror, phase):
    undeclared = AssignmentFactory(jury=jury, dossier=dossier, juror=juror)
    set_phase(jury, phase)
    client.force_login(juror)

    assert client.get(declare_url(undeclared)).status_code == 403
    response = client.post(declare_url(undeclared), {"has_conflict": "no"})

    assert response.status_code == 403
    undeclared.refresh_from_db()
    assert undeclared.has_conflict is None


# Scoring


def test_score_page_shows_dossier_and_criteria(client, assignment, dossier, criteria):
    client.force_login(assignment.juror)

    content = client.get(score_url(assignment)).content.decode()

    assert dossier.working_title in content
    for school in dossier.schools.all():
        assert school.name in content
        assert reverse("applications:letter_download", args=[dossier.pk, school.pk]) in content
    for criterion in criteria:
        assert criterion.title in content
        assert f'name="score_{criterion.pk}"' in content
    assert "Concept bewaren" in content
    assert "Bewaren en volgende" in content
    assert "Indienen" in content


def test_score_page_in_french_shows_the_criteria_and_their_guidance_in_french(
    client, assignment, criteria
):
    client.force_login(assignment.juror)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr-be"

    content = client.get(score_url(assignment)).content.decode()

    for criterion in criteria:
        assert escape(criterion.title_fr_be) in content
        assert escape(criterion.description_fr_be) in content
        assert escape(criterion.description_nl_be) not in content


def test_score_draft_saves_incomplete_review(client, assignment, criteria):
    client.force_login(assignment.juror)
    data = review_post(criteria, "draft", values={1: None, 2: None}, motivations={3: ""})

    response = client.post(score_url(assignment), data)

    assert response.status_code == 302
    assert response["Location"] == score_url(assignment)
    review = Review.objects.get(assignment=assignment)
    assert review.status == ReviewStatus.DRAFT
    assert {s.criterion_id: s.value for s in review.scores.all()} == {
        criteria[0].pk: 4,
        criteria[1].pk: None,
        criteria[2].pk: None,
        criteria[3].pk: 4,
    }


def test_score_page_shows_weighted_total_after_save(client, assignment, criteria):
    criteria[0].weight = Decimal("2.00")
    criteria[0].save()
    client.force_login(assignment.juror)
    data = review_post(criteria, "draft", values={0: 5, 1: 3, 2: None, 3: None})

    response = client.post(score_url(assignment), data, follow=True)

    content = response.content.decode()
    assert '<output id="weighted-total" for="review-form" aria-live="polite">13,00</output>' in (
        content
    )
    assert '<span id="weighted-max">25,00</span>' in content


def test_score_submit_with_missing_motivation_refused_and_keeps_input(client, assignment, criteria):
    client.force_login(assignment.juror)
    data = review_post(
        criteria, "submit", values={2: None}, motivations={0: "Heel sterk thema", 1: ""}
    )

    response = client.post(score_url(assignment), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("Motiveer uw score om in te dienen.") == 1
    assert content.count("Kies een score om in te dienen.") == 1
    assert "Heel sterk thema" in content
    assert f'value="4" data-weight="{criteria[0].weight}" checked' in content
    assert not Review.objects.filter(assignment=assignment, status="submitted").exists()


def test_score_submit_complete_makes_review_final(client, assignment, criteria):
    client.force_login(assignment.juror)

    response = client.post(score_url(assignment), review_post(criteria, "submit"))

    assert response.status_code == 302
    review = Review.objects.get(assignment=assignment)
    assert review.status == ReviewStatus.SUBMITTED
    assert review.submitted_at is not None
    assert ReviewStatusChange.objects.get(dossier=assignment.dossier).new_status == "submitted"
    page = client.get(score_url(assignment)).content.decode()
    assert "ligt vast" in page
    assert "Indienen</button>" not in page
    assert "disabled" in page
    refused = client.post(score_url(assignment), review_post(criteria, "draft", values={0: 1}))
    assert refused.status_code == 403
    assert review.scores.get(criterion=criteria[0]).value == 4


def test_score_save_and_next_goes_to_next_unscored(
    client, jury, assignment, dossier, juror, staff_user, criteria
):
    done = AssignmentFactory(
        jury=jury, dossier=second_dossier(dossier, staff_user), juror=juror, has_conflict=False
    )
    submit_review(done, criteria)
    conflicted = AssignmentFactory(
        jury=jury, dossier=second_dossier(dossier, staff_user), juror=juror, has_conflict=True
    )
    last = AssignmentFactory(
        jury=jury, dossier=second_dossier(dossier, staff_user), juror=juror, has_conflict=False
    )
    assert [a.pk for a in Assignment.objects.filter(juror=juror)] == [
        assignment.pk,
        done.pk,
        conflicted.pk,
        last.pk,
    ]
    client.force_login(juror)

    response = client.post(score_url(assignment), review_post(criteria, "next", values={0: 2}))

    assert response.status_code == 302
    assert response["Location"] == score_url(last)
    assert Review.objects.get(assignment=assignment).status == ReviewStatus.DRAFT
    # From the last one, it wraps around to the first dossier still in draft.
    wrapped = client.post(score_url(last), review_post(criteria, "next"))
    assert wrapped["Location"] == score_url(assignment)


def test_score_save_and_next_without_others_goes_home(client, assignment, criteria):
    client.force_login(assignment.juror)

    response = client.post(score_url(assignment), review_post(criteria, "next"))

    assert response["Location"] == reverse("home")


def test_score_page_offers_submit_and_next(client, assignment, criteria):
    client.force_login(assignment.juror)

    content = client.get(score_url(assignment)).content.decode()

    assert 'name="action" value="submit_next"' in content
    assert "Indienen en volgende</button>" in content


def test_score_submit_and_next_submits_and_goes_to_next_unscored(
    client, jury, assignment, dossier, juror, staff_user, criteria
):
    following = AssignmentFactory(
        jury=jury, dossier=second_dossier(dossier, staff_user), juror=juror, has_conflict=False
    )
    client.force_login(juror)

    response = client.post(score_url(assignment), review_post(criteria, "submit_next"))

    assert response.status_code == 302
    assert response["Location"] == score_url(following)
    assert Review.objects.get(assignment=assignment).status == ReviewStatus.SUBMITTED


def test_score_submit_and_next_of_last_dossier_goes_home(client, assignment, criteria):
    client.force_login(assignment.juror)

    response = client.post(score_url(assignment), review_post(criteria, "submit_next"))

    assert response["Location"] == reverse("home")
    assert Review.objects.get(assignment=assignment).status == ReviewStatus.SUBMITTED


@pytest.mark.parametrize("action", ["submit", "submit_next"])
def test_score_refused_submit_keeps_draft_and_error_beside_field(
    client, assignment, criteria, action
):
    client.force_login(assignment.juror)
    data = review_post(criteria, action, motivations={1: ""})

    response = client.post(score_url(assignment), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("Motiveer uw score om in te dienen.") == 1
    assert "Als concept bewaard, maar niet ingediend" in content
    review = Review.objects.get(assignment=assignment)
    assert review.status == ReviewStatus.DRAFT
    assert {s.criterion_id: s.value for s in review.scores.all()} == {c.pk: 4 for c in criteria}
    assert review.scores.get(criterion=criteria[0]).motivation == "Motivering 0"


def test_drafts_to_submit_shown_on_home_and_score_page(
    client, jury, assignment, dossier, juror, staff_user, criteria
):
    review_save(assignment=assignment, scores={}, overall_comment="", submit=False, by=juror)
    second = AssignmentFactory(
        jury=jury, dossier=second_dossier(dossier, staff_user), juror=juror, has_conflict=False
    )
    review_save(assignment=second, scores={}, overall_comment="", submit=False, by=juror)
    client.force_login(juror)

    home = client.get(reverse("home")).content.decode()
    page = client.get(score_url(assignment)).content.decode()

    assert "2 concepten nog in te dienen" in home
    assert "2 concepten nog in te dienen" in page
    submit_review(second, criteria)
    assert "1 concept nog in te dienen" in client.get(reverse("home")).content.decode()
    assert "1 concept nog in te dienen" in client.get(score_url(assignment)).content.decode()


def test_next_unscored_assignment_none_when_all_submitted(assignment, criteria):
    assert next_unscored_assignment(assignment) is None


@pytest.mark.parametrize("value", ["0", "6", "x"])
def test_score_outside_scale_refused_in_form(client, assignment, criteria, value):
    client.force_login(assignment.juror)
    data = review_post(criteria, "draft")
    data[f"score_{criteria[0].pk}"] = value

    response = client.post(score_url(assignment), data)

    assert response.status_code == 200
    assert "Kies een score van 1 tot 5." in response.content.decode()
    assert not Review.objects.filter(assignment=assignment).exists()


@pytest.mark.parametrize("value", [0, 6])
def test_review_save_outside_scale_refused(assignment, criteria, value):
    scores = full_scores(criteria) | {criteria[0].pk: (value, "Te hoog")}

    with pytest.raises(ValidationError) as refused:
        review_save(
            assignment=assignment,
            scores=scores,
            overall_comment="",
            submit=False,
            by=assignment.juror,
        )

    assert refused.value.message_dict == {
        f"score_{criteria[0].pk}": ["Kies een score van 1 tot 5."]
    }


def test_review_save_of_other_juror_refused(assignment, criteria, other_juror):
    with pytest.raises(PermissionDenied):
        review_save(
            assignment=assignment,
            scores=full_scores(criteria),
            overall_comment="",
            submit=False,
            by=other_juror,
        )


@pytest.mark.parametrize("phase", [JuryPhase.SETUP, JuryPhase.DELIBERATION])
def test_scoring_refused_outside_scoring_phase(client, jury, assignment, criteria, phase):
    set_phase(jury, phase)
    client.force_login(assignment.juror)

    page = client.get(score_url(assignment))
    response = client.post(score_url(assignment), review_post(criteria, "draft"))

    assert page.status_code == 200
    assert "Concept bewaren" not in page.content.decode()
    assert response.status_code == 403
    assert not Review.objects.filter(assignment=assignment).exists()
    assignment.jury.phase = phase
    with pytest.raises(ValidationError):
        review_save(
            assignment=assignment,
            scores={},
            overall_comment="",
            submit=False,
            by=assignment.juror,
        )


@pytest.mark.parametrize("has_conflict", [None, False, True])
def test_unassigned_juror_gets_404_on_every_assignment_url(
    client, jury, assignment, other_juror, has_conflict, criteria
):
    Assignment.objects.filter(pk=assignment.pk).update(has_conflict=has_conflict)
    client.force_login(other_juror)

    assert client.get(score_url(assignment)).status_code == 404
    assert client.post(score_url(assignment), review_post(criteria, "draft")).status_code == 404
    assert client.get(declare_url(assignment)).status_code == 404
    assert client.post(declare_url(assignment), {"has_conflict": "no"}).status_code == 404


def test_missing_assignment_is_404(client, juror):
    client.force_login(juror)

    assert client.get(reverse("jury:score", kwargs={"pk": 999999})).status_code == 404


# Independence


@pytest.fixture
def colleague_review(jury, dossier, other_juror, criteria):
    colleague = AssignmentFactory(jury=jury, dossier=dossier, juror=other_juror, has_conflict=False)
    return submit_review(colleague, criteria, value=2, motivation="Thema blijft vaag volgens mij")


def test_other_jurors_scores_hidden_while_scoring(client, assignment, colleague_review):
    client.force_login(assignment.juror)

    content = client.get(score_url(assignment)).content.decode()

    assert "Thema blijft vaag volgens mij" not in content
    assert colleague_review.assignment.juror.full_name not in content
    assert "Beoordelingen van de andere juryleden" not in content


@pytest.mark.parametrize("phase", [JuryPhase.DELIBERATION, JuryPhase.PUBLISHED])
def test_other_jurors_scores_shown_from_deliberation(
    client, jury, assignment, colleague_review, phase
):
    set_phase(jury, phase)
    client.force_login(assignment.juror)

    content = client.get(score_url(assignment)).content.decode()

    assert "Beoordelingen van de andere juryleden" in content
    assert "Thema blijft vaag volgens mij" in content
    assert escape(colleague_review.assignment.juror.full_name) in content


# Letters


def test_assigned_juror_downloads_letter(client, assignment, dossier):
    school = dossier.schools.first()
    client.force_login(assignment.juror)

    response = client.get(reverse("applications:letter_download", args=[dossier.pk, school.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("has_conflict", [None, True])
def test_juror_without_declared_freedom_gets_404_on_letter(
    client, assignment, dossier, has_conflict
):
    Assignment.objects.filter(pk=assignment.pk).update(has_conflict=has_conflict)
    school = dossier.schools.first()
    client.force_login(assignment.juror)

    response = client.get(reverse("applications:letter_download", args=[dossier.pk, school.pk]))

    assert response.status_code == 404


def test_unassigned_juror_gets_404_on_letter(client, assignment, dossier, other_juror):
    school = dossier.schools.first()
    client.force_login(other_juror)

    response = client.get(reverse("applications:letter_download", args=[dossier.pk, school.pk]))

    assert response.status_code == 404


def test_assigned_juror_cannot_open_dossier_pages(client, assignment, dossier):
    client.force_login(assignment.juror)

    assert client.get(reverse("applications:dossier_detail", args=[dossier.pk])).status_code == 404


# Reopening (staff)


def test_review_reopen_by_staff_makes_review_editable(assignment, criteria, staff_user):
    review = submit_review(assignment, criteria)

    reopened = review_reopen(review=review, by=staff_user, reason="Score 4 was een tikfout")

    assert reopened.status == ReviewStatus.DRAFT
    assert reopened.submitted_at is None
    change = ReviewStatusChange.objects.filter(dossier=assignment.dossier).last()
    assert (change.old_status, change.new_status, change.changed_by) == (
        ReviewStatus.SUBMITTED,
        ReviewStatus.DRAFT,
        staff_user,
    )
    assert change.reason == "Score 4 was een tikfout"
    again = review_save(
        assignment=assignment,
        scores=full_scores(criteria, 5),
        overall_comment="",
        submit=True,
        by=assignment.juror,
    )
    assert {s.value for s in again.scores.all()} == {5}


def test_review_reopen_by_juror_refused(assignment, criteria):
    review = submit_review(assignment, criteria)

    with pytest.raises(PermissionDenied):
        review_reopen(review=review, by=assignment.juror)


def test_review_reopen_of_draft_refused(assignment, staff_user):
    review = review_save(
        assignment=assignment, scores={}, overall_comment="", submit=False, by=assignment.juror
    )

    with pytest.raises(ValidationError):
        review_reopen(review=review, by=staff_user)


def test_review_reopen_after_publication_refused(jury, assignment, criteria, staff_user):
    review = submit_review(assignment, criteria)
    set_phase(jury, JuryPhase.PUBLISHED)

    with pytest.raises(ValidationError):
        review_reopen(review=review, by=staff_user)
