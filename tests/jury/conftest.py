"""Fixtures of the ranking's tests (test_ranking_views.py, test_ranking_pages.py)."""

from decimal import Decimal

import pytest

from jury.enums import JuryPhase
from jury.models import Jury
from tests.factories import UserFactory
from tests.jury.factories import admissible_dossier, submitted_review


@pytest.fixture
def third_juror(db):
    return UserFactory(role="jury", email="jury.3@example.org")


@pytest.fixture
def setting(staff_user, juror, other_juror, third_juror):
    """Two admissible dossiers in deliberation, criteria weighted 2, 1, 1, 1 (scale 1–5).

    Dossier A: three reviews, totals 2×5+5+4+4 = 23, 2×4+4+4+4 = 20, 2×1+4+5+4 = 15: 58/3;
    jurors disagree on the first criterion (5 vs 1). Dossier B: 2×3+3+3+3 = 15 and 10, the
    third juror has not submitted: "onvolledig"."""
    first = admissible_dossier(by=staff_user, working_title="Samen sterk")
    call = first.call
    second = admissible_dossier(by=staff_user, call=call, working_title="Warm welkom")
    criterion = call.criteria.order_by("position").first()
    criterion.weight = Decimal("2.00")
    criterion.save()
    submitted_review(dossier=first, juror=juror, values=[5, 5, 4, 4])
    submitted_review(dossier=first, juror=other_juror, values=[4, 4, 4, 4])
    submitted_review(
        dossier=first, juror=third_juror, values=[1, 4, 5, 4], motivation="Thema blijft vaag."
    )
    submitted_review(dossier=second, juror=juror, values=[3, 3, 3, 3])
    submitted_review(dossier=second, juror=other_juror, values=[2, 2, 2, 2])
    jury = Jury.objects.get(call=call)
    jury.assignments.create(dossier=second, juror=third_juror, has_conflict=False)
    jury.phase = JuryPhase.DELIBERATION
    jury.save()
    jury.members.add(juror, other_juror, third_juror)
    return {"call": call, "jury": jury, "first": first, "second": second}
