"""The ranking page of a big call: pages of dossiers, filters, sort over the whole call, totals
over all dossiers, a decision that returns to its page, the background PDF export, and a
query count that does not grow with the call (jury/deliberation/views.py)."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applications.enums import DossierStatus
from applications.models import Dossier
from jury.deliberation import selectors
from jury.enums import Outcome, ReviewStatus
from jury.models import Assignment, Decision, Review, Score
from plgportal.exports.building import export_build
from plgportal.exports.enums import ExportKind, ExportStatus
from plgportal.exports.models import Export
from tests.jury.test_ranking_views import ranking_url
from tests.pdfs import read_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_per_page(monkeypatch):
    """Pages of one dossier: the two dossiers of `setting` make two pages."""
    monkeypatch.setattr(selectors, "RANKING_PAGE_SIZE", 1)


def shown_ids(response) -> list[int]:
    return [row.dossier.id for row in response.context["rows"]]


def test_ranking_page_two_shows_the_next_dossier_with_totals_over_the_whole_call(
    client, staff_user, setting, one_per_page
):
    client.force_login(staff_user)
    response = client.get(ranking_url(setting, pagina=2))
    assert response.status_code == 200
    assert shown_ids(response) == [setting["second"].pk]
    content = response.content.decode()
    assert f'id="dossier-{setting["first"].pk}"' not in content
    # Counted over both dossiers, not over the page.
    assert "2 ontvankelijke dossiers, waarvan 1 gerangschikt." in content
    assert "5 van 6 beoordelingen ingediend" in content
    filters = {key: count for key, _label, count in response.context["filters"]}
    assert filters == {
        "selectie": 1,
        "geselecteerd": 1,
        "reserve": 0,
        "onenigheid": 1,
        "onvolledig": 1,
    }
    # The provisional selection is dossier A, on page 1: its balance still shows on page 2.
    assert response.context["balance"].dossier_count == 1
    assert "Pagina 2 van 2: dossiers 2–2 van 2." in content


def test_ranking_page_number_out_of_range_shows_the_last_page(
    client, staff_user, setting, one_per_page
):
    client.force_login(staff_user)
    response = client.get(ranking_url(setting, pagina=99))
    assert shown_ids(response) == [setting["second"].pk]
    assert client.get(ranking_url(setting, pagina="x")).context["page_obj"].number == 1


def test_ranking_sort_is_over_the_whole_call_and_pages_keep_it(
    client, staff_user, setting, one_per_page
):
    client.force_login(staff_user)
    by_rank = [shown_ids(client.get(ranking_url(setting, pagina=n)))[0] for n in (1, 2)]
    assert by_rank == [setting["first"].pk, setting["second"].pk]
    by_missing = [
        shown_ids(client.get(ranking_url(setting, sorteer="beoordelingen", pagina=n)))[0]
        for n in (1, 2)
    ]
    assert by_missing == [setting["second"].pk, setting["first"].pk]
    content = client.get(ranking_url(setting, sorteer="beoordelingen")).content.decode()
    assert "?sorteer=beoordelingen&amp;pagina=2" in content  # the next page keeps the sort


@pytest.mark.parametrize(
    ("show", "expected"),
    [("onvolledig", ["second"]), ("onenigheid", ["first"]), ("selectie", ["first"])],
)
def test_ranking_filters_show_only_matching_dossiers(client, staff_user, setting, show, expected):
    client.force_login(staff_user)
    response = client.get(ranking_url(setting, toon=show))
    assert shown_ids(response) == [setting[key].pk for key in expected]
    assert response.context["show"] == show


def test_show_the_selection_holds_the_selected_and_the_reserves(client, staff_user, setting):
    for key, outcome, reserve_rank in (
        ("first", Outcome.RESERVE, 1),
        ("second", Outcome.NOT_SELECTED, None),
    ):
        Decision.objects.create(
            dossier=setting[key],
            outcome=outcome,
            reserve_rank=reserve_rank,
            motivation="Zo.",
            decided_by=staff_user,
        )
    client.force_login(staff_user)
    response = client.get(ranking_url(setting, toon="selectie"))
    assert shown_ids(response) == [setting["first"].pk]
    assert "Reserve (1)" in response.content.decode()


def test_decision_from_page_two_returns_to_page_two(client, staff_user, setting, one_per_page):
    client.force_login(staff_user)
    page = client.get(ranking_url(setting, sorteer="beoordelingen", pagina=2))
    dossier_url = reverse(
        "jury:ranking_dossier", kwargs={"slug": setting["call"].slug, "pk": setting["first"].pk}
    )
    query = "sorteer=beoordelingen&pagina=2"
    assert f'href="{dossier_url}?{query.replace("&", "&amp;")}#beslissing"' in (
        page.content.decode()
    )
    form_page = client.get(f"{dossier_url}?{query}")
    action = reverse(
        "jury:decision", kwargs={"slug": setting["call"].slug, "pk": setting["first"].pk}
    )
    assert f'action="{action}?{query.replace("&", "&amp;")}"' in form_page.content.decode()
    response = client.post(
        f"{action}?{query}",
        {"beslissing-outcome": "selected", "beslissing-motivation": "Sterk en breed gedragen."},
    )
    assert response["Location"] == (f"{ranking_url(setting)}?{query}#dossier-{setting['first'].pk}")
    assert Decision.objects.get(dossier=setting["first"]).outcome == Outcome.SELECTED
    back = client.get(response["Location"].split("#")[0])
    assert shown_ids(back) == [setting["first"].pk]
    assert "Er is 1 dossier geselecteerd; de oproep selecteert er 10." in back.content.decode()


def test_ranking_pdf_export_starts_in_the_background_and_builds_the_pdf(
    client, staff_user, setting
):
    client.force_login(staff_user)
    page = client.get(ranking_url(setting)).content.decode()
    start_url = reverse("jury:ranking_pdf_export_start", kwargs={"slug": setting["call"].slug})
    assert f'action="{start_url}"' in page
    response = client.post(start_url)
    export = Export.objects.get()
    assert response["Location"] == export.get_absolute_url()
    assert (export.kind, export.params) == (ExportKind.RANKING_PDF, {"call": setting["call"].pk})
    assert export_build(export_id=export.pk) == ExportStatus.DONE
    export.refresh_from_db()
    assert export.filename.startswith(f"rangschikking-{setting['call'].slug}-")
    download = client.get(reverse("exports:download", kwargs={"pk": export.pk}))
    pdf = read_pdf(b"".join(download.streaming_content))
    assert "Rangschikking van de jury" in pdf.text
    assert setting["first"].reference in pdf.text and setting["second"].reference in pdf.text
    assert "onvolledig" in pdf.text and "onenigheid" in pdf.text


def test_ranking_xlsx_from_the_page_holds_every_dossier(client, staff_user, setting, one_per_page):
    client.force_login(staff_user)
    response = client.get(
        reverse("jury:ranking_export", kwargs={"slug": setting["call"].slug}) + "?formaat=xlsx"
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[2] for row in rows[1:]] == [setting["first"].reference, setting["second"].reference]


def test_ranking_pdf_is_no_longer_built_in_the_request(client, staff_user, setting):
    client.force_login(staff_user)
    url = reverse("jury:ranking_export", kwargs={"slug": setting["call"].slug})
    assert client.get(url + "?formaat=pdf").status_code == 400


def add_scored_dossiers(setting, count: int, jurors) -> None:
    """`count` more admissible dossiers, each scored by every juror: bulk inserts, as the data of
    a big call would be after scoring (the services would take minutes for forty)."""
    call, first = setting["call"], setting["first"]
    now = timezone.now()
    start = Dossier.objects.filter(call=call).count() + 1
    dossiers = Dossier.objects.bulk_create(
        Dossier(
            call=call,
            reference=f"{call.reference_prefix}-{number:03d}",
            status=DossierStatus.ADMISSIBLE,
            created_by=first.created_by,
            submitted_at=now,
            working_title=f"PLG {number}",
        )
        for number in range(start, start + count)
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(jury=setting["jury"], dossier=d, juror=j, has_conflict=False)
        for d in dossiers
        for j in jurors
    )
    reviews = Review.objects.bulk_create(
        Review(assignment=a, status=ReviewStatus.SUBMITTED, submitted_at=now) for a in assignments
    )
    criteria = list(call.criteria.all())
    Score.objects.bulk_create(
        Score(review=r, criterion=c, value=1 + (r.pk + c.pk) % 5) for r in reviews for c in criteria
    )


def test_ranking_page_query_count_is_the_same_at_3_and_40_dossiers(
    client, staff_user, setting, juror, other_juror, third_juror, django_assert_num_queries
):
    jurors = (juror, other_juror, third_juror)
    Decision.objects.create(
        dossier=setting["first"], outcome=Outcome.SELECTED, motivation="Ja.", decided_by=staff_user
    )
    add_scored_dossiers(setting, 1, jurors)
    client.force_login(staff_user)
    client.get(ranking_url(setting))  # warm up session and caches
    counts = {}
    for size in (3, 40):
        add_scored_dossiers(
            setting, size - Dossier.objects.filter(call=setting["call"]).count(), jurors
        )
        Review.objects.update(updated_at=timezone.now())  # a change: the ranking is recomputed
        with django_assert_num_queries(counts.get(3, 15), exact=3 in counts) as captured:
            response = client.get(ranking_url(setting, sorteer="totaal", pagina=1))
        counts[size] = len(captured)
        assert len(response.context["data"].ranking.rows) == size
    assert counts[3] == counts[40] <= 15
    assert response.context["rows"][0].total == max(
        row.total for row in selectors.ranking_rows(response.context["data"]) if row.total
    )
    assert isinstance(response.context["rows"][0].total, Decimal)
