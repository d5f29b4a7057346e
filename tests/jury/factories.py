"""Jury factories: a call's jury, admissible dossiers for it, assignments and reviews."""

import factory

from applications.enums import DossierStatus
from applications.services import dossier_set_status, dossier_submit
from jury.enums import ReviewStatus
from jury.models import Assignment, Jury, Review
from tests.factories import CallFactory, UserFactory, eligible_dossier


def admissible_dossier(*, by, **kwargs):
    """An eligible dossier, submitted by its contact person and declared admissible by `by`
    (a staff member). Pass `call=` to put several on one call."""
    dossier = eligible_dossier(**kwargs)
    dossier = dossier_submit(dossier=dossier, user=dossier.created_by)
    return dossier_set_status(dossier=dossier, status=DossierStatus.ADMISSIBLE, by=by)


class JuryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jury

    call = factory.SubFactory(CallFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A juror assigned to a dossier of the jury's call; pass dossier= an admissible one."""

    class Meta:
        model = Assignment

    jury = factory.LazyAttribute(lambda o: Jury.objects.get_or_create(call=o.dossier.call)[0])
    juror = factory.SubFactory(UserFactory, role="jury")


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    assignment = factory.SubFactory(AssignmentFactory)
    status = ReviewStatus.DRAFT


def submitted_review(*, dossier, juror, values, motivation="Goed onderbouwd."):
    """A juror assigned to the dossier (no conflict) with a submitted review: `values` are the
    scores in the order of the call's criteria."""
    from django.utils import timezone

    from jury.models import Score

    assignment = AssignmentFactory(dossier=dossier, juror=juror, has_conflict=False)
    review = ReviewFactory(
        assignment=assignment, status=ReviewStatus.SUBMITTED, submitted_at=timezone.now()
    )
    criteria = list(dossier.call.criteria.all())
    assert len(criteria) == len(values), "one value per criterion of the call"
    Score.objects.bulk_create(
        Score(review=review, criterion=criterion, value=value, motivation=motivation)
        for criterion, value in zip(criteria, values, strict=True)
    )
    return review
