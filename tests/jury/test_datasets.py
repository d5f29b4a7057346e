"""A call's scores and ranking as tables (jury/datasets.py)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jury.datasets import ranking_count, ranking_table_for_call, scores_count, scores_table
from jury.deliberation.selectors import ranking_data
from jury.deliberation.services import decision_record
from jury.enums import JuryPhase, Outcome, ReviewStatus
from jury.exports import export_xlsx, ranking_table
from plgportal.spreadsheets.tables import write_csv, write_xlsx
from tests.factories import CallFactory, UserFactory
from tests.jury.factories import (
    AssignmentFactory,
    ReviewFactory,
    admissible_dossier,
    submitted_review,
)
from tests.spreadsheets.helpers import as_dicts, csv_rows, xlsx_rows


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def first(staff_user):
    return admissible_dossier(by=staff_user, working_title="Samen sterk")


@pytest.fixture
def call(first):
    criterion = first.call.criteria.order_by("position").first()
    criterion.weight = Decimal("2.00")
    criterion.save()
    return first.call


def test_scores_table_has_a_row_per_submitted_score(call, first, juror):
    juror.full_name = "Aline Ceulemans"
    juror.save()
    review = submitted_review(
        dossier=first, juror=juror, values=[5, 4, 3, 2], motivation="=Sterk, héél sterk"
    )
    criteria = list(call.criteria.order_by("position"))

    rows = as_dicts(xlsx_rows(write_xlsx(scores_table(call))))

    assert scores_count(call) == 4
    assert [row["Criterium"] for row in rows] == [c.title for c in criteria]
    assert [row["Score"] for row in rows] == [5, 4, 3, 2]
    assert [row["Gewicht"] for row in rows] == [2, 1, 1, 1]
    assert rows[0] == {
        "Dossiernummer": first.reference,
        "Werktitel": "Samen sterk",
        "Jurylid": "Aline Ceulemans",
        "Criterium": criteria[0].title,
        "Score": 5,
        "Gewicht": 2,
        "Motivering": "=Sterk, héél sterk",
        "Status beoordeling": "Ingediend",
        "Ingediend op": timezone.localtime(review.submitted_at).replace(tzinfo=None, microsecond=0),
    }
    (_header, csv_first, *_rest) = csv_rows(write_csv(scores_table(call)))
    assert "'=Sterk, héél sterk" in csv_first


def test_scores_table_leaves_out_drafts_conflicts_and_other_calls(call, first, juror, staff_user):
    ReviewFactory(assignment=AssignmentFactory(dossier=first, has_conflict=False))  # a draft
    conflicted = submitted_review(dossier=first, juror=UserFactory(role="jury"), values=[1] * 4)
    conflicted.assignment.has_conflict = True
    conflicted.assignment.save()
    other = admissible_dossier(by=staff_user)
    submitted_review(dossier=other, juror=juror, values=[3] * 4)

    assert scores_table(call).rows == []
    assert scores_count(call) == 0
    assert conflicted.status == ReviewStatus.SUBMITTED  # left out for the conflict alone


def test_ranking_table_for_call_is_the_ranking_export(call, first, juror, other_juror, staff_user):
    second = admissible_dossier(by=staff_user, call=call, working_title="Warm welkom")
    submitted_review(dossier=first, juror=juror, values=[5, 5, 4, 4])
    submitted_review(dossier=first, juror=other_juror, values=[1, 4, 4, 4])
    submitted_review(dossier=second, juror=juror, values=[3, 3, 3, 3])
    jury = first.assignments.first().jury
    jury.phase = JuryPhase.DELIBERATION
    jury.save()
    decision_record(
        dossier=first, outcome=Outcome.SELECTED, reserve_rank=None, motivation="", by=staff_user
    )

    table = ranking_table_for_call(call)

    assert ranking_count(call) == 2
    assert table == ranking_table(ranking_data(jury))
    assert xlsx_rows(write_xlsx(table)) == xlsx_rows(export_xlsx(ranking_data(jury)))
    rows = as_dicts(xlsx_rows(write_xlsx(table)))
    assert [(r["Rang"], r["Dossiernummer"]) for r in rows] == [
        (1, first.reference),
        (2, second.reference),
    ]
    assert rows[0]["Gewogen totaal"] == 18.5  # (2×5+5+4+4 + 2×1+4+4+4) / 2
    assert rows[0][f"Gemiddelde {call.criteria.order_by('position').first().title}"] == 3
    assert (rows[0]["Volledig beoordeeld"], rows[0]["Onenigheid"]) == ("ja", "ja")
    assert (rows[1]["Volledig beoordeeld"], rows[1]["Onenigheid"]) == ("ja", "nee")
    assert (rows[0]["Beslissing"], rows[1]["Beslissing"]) == ("Geselecteerd", None)


def test_ranking_table_for_call_without_jury_has_headers_only(db):
    call = CallFactory()

    table = ranking_table_for_call(call)

    assert table.rows == []
    assert table.headers[:3] == ["Rang", "Rang genormaliseerd", "Dossiernummer"]
    assert ranking_count(call) == 0


@pytest.mark.parametrize("build", [scores_table, ranking_table_for_call])
def test_jury_tables_queries_do_not_grow(
    call, first, juror, other_juror, staff_user, build, django_assert_num_queries
):
    submitted_review(dossier=first, juror=juror, values=[5, 5, 4, 4])
    with CaptureQueriesContext(connection) as one:
        small = build(call)
    for number in range(3):
        dossier = admissible_dossier(by=staff_user, call=call)
        for member in (juror, other_juror):
            submitted_review(dossier=dossier, juror=member, values=[number + 1, 3, 3, 3])

    with django_assert_num_queries(len(one)):
        large = build(call)

    assert len(large.rows) > len(small.rows)
