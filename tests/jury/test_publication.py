"""Publishing the results: aggregated feedback (jury/feedback.py), the publication service and
page (jury/publication/services.py and views.py), the applicant's view, reopening reviews."""

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.enums import CollaboratorRole
from applications.models import Collaborator
from jury.enums import JuryPhase, Outcome, ReviewStatus
from jury.feedback import aggregate_feedback, feedback_draft
from jury.models import Decision, Jury, ReviewStatusChange
from jury.publication.services import (
    decision_feedback_edit,
    results_open_at,
    results_publish,
)
from plgportal.outbox.models import Email
from tests.factories import UserFactory
from tests.jury.factories import admissible_dossier, submitted_review

# ---- jury/feedback.py: pure ----


def criterion(pk, title, low=1, high=5):
    return SimpleNamespace(pk=pk, title=title, scale_min=low, scale_max=high)


def review(comment, *scores):
    return SimpleNamespace(
        overall_comment=comment,
        scores=[SimpleNamespace(criterion_id=c, value=v, motivation=m) for c, v, m in scores],
    )


def test_feedback_means_per_criterion_with_one_decimal():
    criteria = [criterion(1, "Thema"), criterion(2, "Aanpak")]
    reviews = [
        review("", (1, 4, "Sterk"), (2, 2, "Vaag")),
        review("", (1, 5, "Helder"), (2, 3, "Kan beter")),
        review("", (1, 4, "Goed"), (2, None, "Geen score")),
    ]

    feedback = aggregate_feedback(criteria, reviews)

    assert [c.title for c in feedback.criteria] == ["Thema", "Aanpak"]
    assert [c.mean for c in feedback.criteria] == [Decimal("4.3"), Decimal("2.5")]
    assert feedback.criteria[0].scale_max == 5


@pytest.mark.parametrize(
    ("values", "mean"),
    [
        ([1, 2], Decimal("1.5")),
        ([1, 1, 2], Decimal("1.3")),
        ([2, 2, 3], Decimal("2.3")),
        ([], None),
    ],
)
def test_feedback_mean_rounds_half_up_or_is_none_without_scores(values, mean):
    reviews = [review("", (1, value, "")) for value in values]

    assert aggregate_feedback([criterion(1, "Thema")], reviews).criteria[0].mean == mean


def test_feedback_sorts_motivations_and_comments_so_order_reveals_no_author():
    criteria = [criterion(1, "Thema")]
    first = [review("Zwak plan", (1, 2, "zeker goed")), review("Mooi", (1, 4, "Alles klopt"))]
    swapped = list(reversed(first))

    feedback = aggregate_feedback(criteria, first)

    assert feedback.criteria[0].motivations == ("Alles klopt", "zeker goed")
    assert feedback.comments == ("Mooi", "Zwak plan")
    assert aggregate_feedback(criteria, swapped) == feedback


def test_feedback_leaves_out_empty_texts():
    feedback = aggregate_feedback([criterion(1, "Thema")], [review("  ", (1, 3, " "))])

    assert feedback.criteria[0].motivations == ()
    assert feedback.comments == ()


def test_feedback_scores_only_keeps_the_means_and_drops_every_juror_line():
    criteria = [criterion(1, "Thema")]
    feedback = aggregate_feedback(
        criteria, [review("Mooi", (1, 4, "Sterk")), review("", (1, 5, ""))]
    )

    shown = feedback.scores_only()

    assert shown.criteria[0].mean == Decimal("4.5")
    assert shown.criteria[0].motivations == ()
    assert shown.comments == ()


@pytest.mark.parametrize(
    "reviews, draft",
    [
        ([], ""),
        ([review("", (1, 4, ""))], ""),
        ([review("", (1, 4, "Sterk"), (2, 3, "Vaag"))], "Thema:\n- Sterk\n\nAanpak:\n- Vaag"),
        ([review("Mooi", (1, 4, ""))], "Algemene opmerkingen:\n- Mooi"),
    ],
)
def test_feedback_draft_lists_the_jurors_remarks_for_staff_to_rewrite(reviews, draft):
    criteria = [criterion(1, "Thema"), criterion(2, "Aanpak")]

    assert feedback_draft(aggregate_feedback(criteria, reviews)) == draft


def test_feedback_draft_without_feedback_is_empty():
    assert feedback_draft(None) == ""


def test_feedback_without_reviews_is_empty():
    feedback = aggregate_feedback([criterion(1, "Thema")], [])

    assert feedback.is_empty
    assert feedback.criteria[0].mean is None


# ---- publication ----


@pytest.fixture
def setting(db, staff_user, juror, other_juror, applicant):
    """Three admissible dossiers in deliberation (results date in the past), all reviewed by
    both jurors; the first has a partner director."""
    juror.full_name, other_juror.full_name = "Jurylid Janssens", "Jurylid Peeters"
    juror.save()
    other_juror.save()
    selected = admissible_dossier(by=staff_user, created_by=applicant, working_title="Samen sterk")
    call = selected.call
    reserve = admissible_dossier(by=staff_user, call=call, working_title="Warm welkom")
    rejected = admissible_dossier(by=staff_user, call=call, working_title="Stil water")
    Collaborator.objects.create(
        dossier=selected, email="partner@example.org", role=CollaboratorRole.PARTNER
    )
    for dossier in (selected, reserve, rejected):
        submitted_review(
            dossier=dossier, juror=juror, values=[5, 4, 4, 3], motivation="Sterk thema."
        )
        submitted_review(
            dossier=dossier, juror=other_juror, values=[4, 4, 3, 3], motivation="Planning is krap."
        )
    jury = Jury.objects.get(call=call)
    jury.members.add(juror, other_juror)
    jury.phase = JuryPhase.DELIBERATION
    jury.save()
    call.results_date = timezone.localdate() - timedelta(days=1)
    call.plgs_to_select = 1  # decide() selects one dossier: the counts match the call
    call.save()
    return SimpleNamespace(
        call=call, jury=jury, selected=selected, reserve=reserve, rejected=rejected
    )


MOTIVATIONS = {
    Outcome.SELECTED: "Een helder plan met sterke partners.",
    Outcome.RESERVE: "Goed, maar net minder uitgewerkt.",
    Outcome.NOT_SELECTED: "De aanpak is nog te weinig onderbouwd.",
}


def decide(setting, staff_user, *, skip=()):
    outcomes = {
        setting.selected: (Outcome.SELECTED, None),
        setting.reserve: (Outcome.RESERVE, 1),
        setting.rejected: (Outcome.NOT_SELECTED, None),
    }
    for dossier, (outcome, rank) in outcomes.items():
        if dossier not in skip:
            Decision.objects.create(
                dossier=dossier,
                outcome=outcome,
                reserve_rank=rank,
                motivation=MOTIVATIONS[outcome],
                decided_by=staff_user,
            )


def publish(setting, staff_user, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return results_publish(jury=setting.jury, by=staff_user, **kwargs)


def test_publish_mails_every_recipient_its_outcome_and_feedback(
    setting, staff_user, juror, other_juror, applicant, django_capture_on_commit_callbacks
):
    decide(setting, staff_user)

    queued = publish(setting, staff_user, django_capture_on_commit_callbacks)

    setting.jury.refresh_from_db()
    assert setting.jury.phase == JuryPhase.PUBLISHED
    assert setting.jury.published_at is not None
    assert queued == 4
    emails = {e.to: e for e in Email.objects.all()}
    assert set(emails) == {
        applicant.email,
        "partner@example.org",
        setting.reserve.created_by.email,
        setting.rejected.created_by.email,
    }
    assert "is geselecteerd" in emails[applicant.email].body_text
    assert "is geselecteerd" in emails["partner@example.org"].body_text
    assert "reservelijst" in emails[setting.reserve.created_by.email].body_text
    assert "op plaats 1" in emails[setting.reserve.created_by.email].body_text
    assert "niet geselecteerd" in emails[setting.rejected.created_by.email].body_text
    criteria = list(setting.call.criteria.all())
    for email in emails.values():
        for body in (email.body_text, email.body_html):
            assert criteria[0].title in body
            assert "4,5" in body  # mean of 5 and 4 on the first criterion
            # The jurors' own lines stay with staff: only staff's feedback text goes out.
            assert "Sterk thema." not in body and "Planning is krap." not in body
            for person in (juror, other_juror):
                assert person.full_name not in body
                assert person.email not in body
        assert setting.selected.reference in email.subject or "PLG-dossier" in email.subject


def test_result_mail_names_the_criteria_in_its_readers_language(
    setting, staff_user, applicant, django_capture_on_commit_callbacks
):
    applicant.language = "fr-be"
    applicant.save(update_fields=["language"])
    decide(setting, staff_user)
    first = setting.call.criteria.first()

    publish(setting, staff_user, django_capture_on_commit_callbacks)

    french = Email.objects.get(to=applicant.email)
    dutch = Email.objects.get(to="partner@example.org")
    assert first.title_fr_be and first.title_fr_be != first.title_nl_be
    for body in (french.body_text, french.body_html):
        assert first.title_fr_be in body
        assert first.title_nl_be not in body
    assert first.title_nl_be in dutch.body_text


def test_publish_twice_sends_nothing_more(setting, staff_user, django_capture_on_commit_callbacks):
    decide(setting, staff_user)
    publish(setting, staff_user, django_capture_on_commit_callbacks)

    with pytest.raises(ValidationError):
        publish(setting, staff_user, django_capture_on_commit_callbacks)

    assert Email.objects.count() == 4


def test_publish_is_refused_with_a_missing_decision(
    setting, staff_user, django_capture_on_commit_callbacks
):
    decide(setting, staff_user, skip=(setting.rejected,))

    with pytest.raises(ValidationError) as error:
        publish(setting, staff_user, django_capture_on_commit_callbacks)

    assert "zonder beslissing" in " ".join(error.value.messages)
    assert Email.objects.count() == 0
    setting.jury.refresh_from_db()
    assert setting.jury.phase == JuryPhase.DELIBERATION


def test_publish_is_refused_before_the_results_date(
    setting, staff_user, django_capture_on_commit_callbacks
):
    decide(setting, staff_user)
    opens = results_open_at(setting.jury)

    with pytest.raises(ValidationError) as error:
        publish(
            setting,
            staff_user,
            django_capture_on_commit_callbacks,
            now=opens - timedelta(seconds=1),
        )

    assert "pas bekend worden vanaf" in " ".join(error.value.messages)
    assert Email.objects.count() == 0
    assert publish(setting, staff_user, django_capture_on_commit_callbacks, now=opens) == 4


def test_results_open_at_start_of_day_in_brussels(setting):
    opens = results_open_at(setting.jury)

    assert opens.date() == setting.call.results_date
    assert (opens.hour, opens.minute) == (0, 0)
    assert opens.utcoffset() in (timedelta(hours=1), timedelta(hours=2))


@pytest.mark.parametrize("phase", [JuryPhase.SETUP, JuryPhase.SCORING])
def test_publish_is_refused_outside_deliberation(
    setting, staff_user, django_capture_on_commit_callbacks, phase
):
    decide(setting, staff_user)
    Jury.objects.filter(pk=setting.jury.pk).update(phase=phase)

    with pytest.raises(ValidationError) as error:
        publish(setting, staff_user, django_capture_on_commit_callbacks)

    assert "deliberatie" in " ".join(error.value.messages)
    assert Email.objects.count() == 0


# ---- the publication page ----


def publish_url(setting):
    return reverse("jury:publish", kwargs={"slug": setting.call.slug})


def test_publish_page_shows_counts_and_undecided_dossiers(client, staff_user, setting):
    decide(setting, staff_user, skip=(setting.rejected,))
    client.force_login(staff_user)

    page = client.get(publish_url(setting)).content.decode()

    assert setting.rejected.reference in page
    assert "Nog 1 ontvankelijke dossier(s) zonder beslissing." in page
    assert "Ik bevestig" in page


def test_publish_page_warns_before_the_results_date(client, staff_user, setting):
    decide(setting, staff_user)
    setting.call.results_date = timezone.localdate() + timedelta(days=3)
    setting.call.save()
    client.force_login(staff_user)

    response = client.post(publish_url(setting), {"confirm": "on"})

    assert response.status_code == 200
    assert "pas bekend worden vanaf" in response.content.decode()
    assert Email.objects.count() == 0


def test_publish_page_needs_the_confirmation(client, staff_user, setting):
    decide(setting, staff_user)
    client.force_login(staff_user)

    response = client.post(publish_url(setting), {})

    assert "Vink aan dat u de publicatie bevestigt." in response.content.decode()
    setting.jury.refresh_from_db()
    assert setting.jury.phase == JuryPhase.DELIBERATION


def test_publish_page_publishes_when_confirmed(
    client, staff_user, setting, django_capture_on_commit_callbacks
):
    decide(setting, staff_user)
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(publish_url(setting), {"confirm": "on"})

    assert response.status_code == 302
    assert Email.objects.count() == 4
    assert "De resultaten zijn gepubliceerd op" in client.get(publish_url(setting)).content.decode()


@pytest.mark.parametrize("fixture", ["juror", "applicant", "coach"])
def test_publish_page_is_refused_to_non_staff(client, setting, request, fixture):
    client.force_login(request.getfixturevalue(fixture))

    assert client.get(publish_url(setting)).status_code == 403
    assert client.post(publish_url(setting), {"confirm": "on"}).status_code == 403


def test_publish_page_query_count_does_not_grow_with_dossiers(client, staff_user, setting):
    decide(setting, staff_user)
    client.force_login(staff_user)
    client.get(publish_url(setting))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(publish_url(setting)).status_code == 200
        return len(queries)

    before = count()
    for _ in range(3):
        extra = admissible_dossier(by=staff_user, call=setting.call)
        Decision.objects.create(dossier=extra, outcome=Outcome.NOT_SELECTED, decided_by=staff_user)

    assert count() == before


# ---- what the applicant sees ----


def test_applicant_sees_decision_and_feedback_only_after_publication(
    client, staff_user, applicant, juror, setting, django_capture_on_commit_callbacks
):
    decide(setting, staff_user)
    client.force_login(applicant)
    url = reverse("applications:dossier_detail", kwargs={"pk": setting.selected.pk})

    before = client.get(url).content.decode()
    publish(setting, staff_user, django_capture_on_commit_callbacks)
    after = client.get(url).content.decode()

    for text in (
        "Resultaat van de selectie",
        "Geselecteerd",
        MOTIVATIONS[Outcome.SELECTED],
        "4,5",
    ):
        assert text not in before
        assert text in after
    assert juror.full_name not in after
    assert "Sterk thema." not in after


def test_dossier_page_query_count_after_publication_does_not_grow_with_reviews(
    client, staff_user, applicant, setting, django_capture_on_commit_callbacks
):
    decide(setting, staff_user)
    publish(setting, staff_user, django_capture_on_commit_callbacks)
    client.force_login(applicant)
    url = reverse("applications:dossier_detail", kwargs={"pk": setting.selected.pk})
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    submitted_review(dossier=setting.selected, juror=UserFactory(role="jury"), values=[1, 2, 3, 4])

    assert count() == before


# ---- reopening a review ----


def reopen_url(review):
    return reverse("jury:review_reopen", kwargs={"pk": review.pk})


def test_staff_reopens_a_submitted_review(client, staff_user, setting):
    review = setting.selected.assignments.first().review
    client.force_login(staff_user)

    response = client.post(reopen_url(review))

    assert response["Location"] == reverse(
        "jury:ranking_dossier", kwargs={"slug": setting.call.slug, "pk": setting.selected.pk}
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT
    change = ReviewStatusChange.objects.filter(juror=review.assignment.juror).last()
    assert change.changed_by == staff_user


def test_drill_down_offers_reopen_per_submitted_review(client, staff_user, setting):
    client.force_login(staff_user)
    url = reverse(
        "jury:ranking_dossier", kwargs={"slug": setting.call.slug, "pk": setting.selected.pk}
    )

    page = client.get(url).content.decode()

    assert page.count("Beoordeling heropenen") == 2


def test_reopen_is_refused_once_published(
    client, staff_user, setting, django_capture_on_commit_callbacks
):
    decide(setting, staff_user)
    publish(setting, staff_user, django_capture_on_commit_callbacks)
    review = setting.selected.assignments.first().review
    client.force_login(staff_user)

    response = client.post(reopen_url(review), follow=True)

    assert "Heropenen kan alleen" in response.content.decode()
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED


@pytest.mark.parametrize("fixture", ["juror", "other_juror", "applicant", "coach"])
def test_reopen_is_refused_to_non_staff(client, setting, request, fixture):
    review = setting.selected.assignments.first().review
    client.force_login(request.getfixturevalue(fixture))

    assert client.post(reopen_url(review)).status_code == 403
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED


def test_publish_starts_a_trajectory_for_each_selected_dossier_only(
    setting, staff_user, django_capture_on_commit_callbacks
):
    from sessions.models import Trajectory

    decide(setting, staff_user)
    publish(setting, staff_user, django_capture_on_commit_callbacks)

    assert [t.dossier for t in Trajectory.objects.all()] == [setting.selected]
    assert Trajectory.objects.get().participants.count() == setting.selected.schools.count() * 3


# ---- the feedback staff write per dossier ----

STAFF_FEEDBACK = {
    "selected": "Uw thema overtuigde; bekijk de planning nog eens samen met uw coach.",
    "rejected": "Werk de planning verder uit en dien gerust opnieuw in.",
}


@pytest.mark.parametrize("which", ["selected", "rejected"])
def test_result_mail_has_the_decision_motivation_and_staff_feedback_not_juror_lines(
    setting, staff_user, django_capture_on_commit_callbacks, which
):
    decide(setting, staff_user)
    dossier = getattr(setting, which)
    decision_feedback_edit(
        decision=dossier.jury_decision, feedback=STAFF_FEEDBACK[which], by=staff_user
    )

    publish(setting, staff_user, django_capture_on_commit_callbacks)

    email = Email.objects.get(to=dossier.created_by.email)
    for body in (email.body_text, email.body_html):
        assert MOTIVATIONS[dossier.jury_decision.outcome] in body
        assert STAFF_FEEDBACK[which] in body
        assert "Sterk thema." not in body
        assert "Planning is krap." not in body


def feedback_url(setting, dossier):
    return reverse("jury:decision_feedback", kwargs={"slug": setting.call.slug, "pk": dossier.pk})


def test_feedback_page_prefills_the_jurors_remarks_and_previews_the_applicants_view(
    client, staff_user, setting
):
    decide(setting, staff_user)
    client.force_login(staff_user)

    page = client.get(feedback_url(setting, setting.rejected)).content.decode()

    # The form holds the jurors' remarks as a starting point; the preview does not.
    form, preview = page.split("Voorbeeld: wat de aanvrager ziet")
    assert "Sterk thema." in form and "Planning is krap." in form
    assert "Sterk thema." not in preview
    assert MOTIVATIONS[Outcome.NOT_SELECTED] in preview
    assert "Niet geselecteerd" in preview or "niet geselecteerd" in preview.lower()


def test_feedback_page_stores_the_edit_and_shows_it(client, staff_user, setting):
    decide(setting, staff_user)
    client.force_login(staff_user)
    url = feedback_url(setting, setting.rejected)

    response = client.post(url, {"feedback": f"  {STAFF_FEEDBACK['rejected']}  "})

    assert response.status_code == 302
    decision = Decision.objects.get(dossier=setting.rejected)
    assert decision.feedback == STAFF_FEEDBACK["rejected"]
    assert decision.feedback_edited_at is not None
    page = client.get(url).content.decode()
    form, preview = page.split("Voorbeeld: wat de aanvrager ziet")
    assert STAFF_FEEDBACK["rejected"] in preview
    assert "Sterk thema." not in page  # once saved, the form holds staff's text


def test_publish_page_links_each_decided_dossier_to_its_feedback(client, staff_user, setting):
    decide(setting, staff_user, skip=(setting.rejected,))
    client.force_login(staff_user)

    page = client.get(publish_url(setting)).content.decode()

    assert feedback_url(setting, setting.selected) in page
    assert feedback_url(setting, setting.reserve) in page
    assert feedback_url(setting, setting.rejected) not in page


def test_feedback_edit_is_refused_once_published(
    client, staff_user, setting, django_capture_on_commit_callbacks
):
    decide(setting, staff_user)
    publish(setting, staff_user, django_capture_on_commit_callbacks)
    client.force_login(staff_user)
    url = feedback_url(setting, setting.selected)

    response = client.post(url, {"feedback": "Toch iets anders."})

    assert response.status_code == 200
    assert "niet meer gewijzigd worden" in response.content.decode()
    assert Decision.objects.get(dossier=setting.selected).feedback == ""
    page = client.get(url).content.decode()
    assert 'name="feedback"' not in page
    with pytest.raises(ValidationError):
        decision_feedback_edit(
            decision=Decision.objects.get(dossier=setting.selected), feedback="x", by=staff_user
        )


@pytest.mark.parametrize("fixture", ["juror", "applicant", "coach"])
def test_feedback_page_is_refused_to_non_staff(client, staff_user, setting, request, fixture):
    decide(setting, staff_user)
    client.force_login(request.getfixturevalue(fixture))
    url = feedback_url(setting, setting.selected)

    assert client.get(url).status_code == 403
    assert client.post(url, {"feedback": "Gehackt."}).status_code == 403
    assert Decision.objects.get(dossier=setting.selected).feedback == ""


def test_feedback_page_of_an_undecided_or_other_calls_dossier_is_404(client, staff_user, setting):
    decide(setting, staff_user, skip=(setting.rejected,))
    other = admissible_dossier(by=staff_user)
    Decision.objects.create(dossier=other, outcome=Outcome.SELECTED, decided_by=staff_user)
    client.force_login(staff_user)

    assert client.get(feedback_url(setting, setting.rejected)).status_code == 404
    assert client.get(feedback_url(setting, other)).status_code == 404


def test_feedback_page_query_count_does_not_grow_with_reviews(client, staff_user, setting):
    decide(setting, staff_user)
    client.force_login(staff_user)
    url = feedback_url(setting, setting.selected)
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for _ in range(3):
        submitted_review(
            dossier=setting.selected, juror=UserFactory(role="jury"), values=[1, 2, 3, 4]
        )

    assert count() == before
