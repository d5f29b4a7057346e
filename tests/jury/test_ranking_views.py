"""Staff's ranking, drill-down, decisions and exports (jury/deliberation/views.py)."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook
from pypdf import PdfReader

from jury.deliberation.services import decision_record
from jury.enums import JuryPhase, Outcome
from jury.models import Decision, Jury, Review, Score
from jury.publication.services import results_publish
from plgportal.exports.building import export_build
from plgportal.exports.models import Export
from tests.jury.factories import admissible_dossier, submitted_review
from tests.pdfs import read_pdf

pytestmark = pytest.mark.django_db


def ranking_url(setting, **query):
    url = reverse("jury:ranking", kwargs={"slug": setting["call"].slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def dossier_url(setting, dossier, name="jury:ranking_dossier"):
    return reverse(name, kwargs={"slug": setting["call"].slug, "pk": dossier.pk})


def row_order(content: str, setting) -> list[str]:
    positions = {
        key: content.index(f'id="dossier-{setting[key].pk}"') for key in ("first", "second")
    }
    return sorted(positions, key=positions.get)


def test_ranking_page_shows_totals_flags_progress_and_charts(
    client, staff_user, juror, other_juror, third_juror, setting
):
    client.force_login(staff_user)
    response = client.get(ranking_url(setting))
    assert response.status_code == 200
    content = response.content.decode()
    first_row = response.context["rows"][0]
    assert first_row.dossier.id == setting["first"].pk
    assert (first_row.result.rank, first_row.total) == (1, Decimal("19.33"))
    second_row = response.context["rows"][1]
    assert (second_row.result.rank, second_row.result.complete) == (None, False)
    assert "onvolledig" in content
    assert "onenigheid" in content
    assert "5 van 6 beoordelingen ingediend" in content
    progress = {p.juror: (p.submitted, p.expected) for p in response.context["data"].progress}
    assert progress == {juror: (2, 2), other_juror: (2, 2), third_juror: (1, 2)}
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in content
    assert "Verdeling van de gewogen totalen" in content
    # Before any decision the provisional selection is the ranked top: dossier A only.
    balance = response.context["balance"]
    assert (balance.dossier_count, balance.school_count, balance.participant_count) == (1, 3, 9)
    assert balance.per_province == [("Oost-Vlaanderen", 3)]
    assert "selection-warning" not in content


def test_ranking_page_sorts_by_column_on_the_server(client, staff_user, setting):
    client.force_login(staff_user)
    assert row_order(client.get(ranking_url(setting)).content.decode(), setting) == [
        "first",
        "second",
    ]
    by_missing_reviews = client.get(ranking_url(setting, sorteer="beoordelingen"))
    assert row_order(by_missing_reviews.content.decode(), setting) == ["second", "first"]
    assert by_missing_reviews.context["sort"] == "beoordelingen"
    unknown = client.get(ranking_url(setting, sorteer="'; drop"))
    assert unknown.context["sort"] == "rang"


def test_ranking_dossier_shows_each_jurors_scores_and_motivations(client, staff_user, setting):
    client.force_login(staff_user)
    response = client.get(dossier_url(setting, setting["first"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Thema blijft vaag." in content
    assert "Goed onderbouwd." in content
    assert len(response.context["submitted"]) == 3
    assert 'role="img"' in content and "Scores per criterium en jurylid" in content
    assert 'name="beslissing-outcome"' in content


def test_ranking_dossier_of_another_call_is_not_found(client, staff_user, setting):
    other = admissible_dossier(by=staff_user)
    client.force_login(staff_user)
    assert client.get(dossier_url(setting, other)).status_code == 404


def test_decision_is_recorded_with_who_and_when_and_warns_about_the_target(
    client, staff_user, setting
):
    client.force_login(staff_user)
    response = client.post(
        dossier_url(setting, setting["first"], "jury:decision"),
        {"beslissing-outcome": "selected", "beslissing-motivation": "Sterk en breed gedragen."},
        follow=True,
    )
    decision = Decision.objects.get(dossier=setting["first"])
    assert (decision.outcome, decision.decided_by, decision.reserve_rank) == (
        Outcome.SELECTED,
        staff_user,
        None,
    )
    assert decision.decided_at is not None
    assert response.redirect_chain[-1][0].startswith(ranking_url(setting))
    content = response.content.decode()
    assert "Er is 1 dossier geselecteerd; de oproep selecteert er 10." in content
    assert response.context["balance"].dossier_count == 1


def test_decision_reserve_without_rank_keeps_what_was_typed(client, staff_user, setting):
    client.force_login(staff_user)
    response = client.post(
        dossier_url(setting, setting["first"], "jury:decision"),
        {"beslissing-outcome": "reserve", "beslissing-motivation": "Net niet."},
    )
    assert response.status_code == 200
    form = response.context["decision_form"]
    assert form.errors["reserve_rank"] == ["Geef de plaats op de reservelijst op."]
    assert "Net niet." in response.content.decode()
    assert not Decision.objects.exists()


def test_decision_reserve_rank_taken_is_refused_next_to_the_field(client, staff_user, setting):
    decision_record(
        dossier=setting["second"],
        outcome=Outcome.RESERVE,
        reserve_rank=1,
        motivation="Eerste reserve.",
        by=staff_user,
    )
    client.force_login(staff_user)
    response = client.post(
        dossier_url(setting, setting["first"], "jury:decision"),
        {
            "beslissing-outcome": "reserve",
            "beslissing-reserve_rank": "1",
            "beslissing-motivation": "Ook reserve.",
        },
    )
    assert response.status_code == 200
    assert response.context["decision_form"].errors["reserve_rank"] == [
        f"Plaats 1 op de reservelijst is al gegeven aan {setting['second'].reference}."
    ]


def test_decision_outside_deliberation_is_refused(client, staff_user, setting):
    Jury.objects.filter(pk=setting["jury"].pk).update(phase=JuryPhase.SCORING)
    client.force_login(staff_user)
    response = client.post(
        dossier_url(setting, setting["first"], "jury:decision"),
        {"beslissing-outcome": "selected", "beslissing-motivation": "Te vroeg."},
        follow=True,
    )
    assert response.redirect_chain == [(dossier_url(setting, setting["first"]), 302)]
    assert "Beslissen kan alleen tijdens de deliberatie van de jury." in response.content.decode()
    assert not Decision.objects.exists()


def test_decision_record_changes_an_earlier_decision(staff_user, setting):
    decision_record(
        dossier=setting["first"],
        outcome=Outcome.RESERVE,
        reserve_rank=2,
        motivation="Reserve.",
        by=staff_user,
    )
    decision = decision_record(
        dossier=setting["first"],
        outcome=Outcome.NOT_SELECTED,
        reserve_rank=2,
        motivation="  Toch niet.  ",
        by=staff_user,
    )
    assert Decision.objects.count() == 1
    assert (decision.outcome, decision.reserve_rank, decision.motivation) == (
        Outcome.NOT_SELECTED,
        None,
        "Toch niet.",
    )


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("jury:ranking", "get"),
        ("jury:ranking_export", "get"),
        ("jury:ranking_dossier", "get"),
        ("jury:decision", "post"),
    ],
)
@pytest.mark.parametrize("principal", ["applicant", "juror", "other_juror", "coach", None])
def test_ranking_urls_refuse_everyone_but_staff(client, request, setting, name, method, principal):
    kwargs = {"slug": setting["call"].slug}
    if name in ("jury:ranking_dossier", "jury:decision"):
        kwargs["pk"] = setting["first"].pk
    url = reverse(name, kwargs=kwargs)
    if principal:
        client.force_login(request.getfixturevalue(principal))
    response = getattr(client, method)(url)
    if principal:
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={url}"
    assert not Decision.objects.exists()


def test_ranking_page_query_count_does_not_grow_with_dossiers(
    client, staff_user, setting, juror, other_juror, third_juror, django_assert_num_queries
):
    client.force_login(staff_user)
    url = ranking_url(setting)
    client.get(url)  # warm up session and caches
    Review.objects.update(updated_at=timezone.now())  # a change: the ranking is recomputed
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as two_reloaded:  # unchanged: from the cache
        assert client.get(url).status_code == 200
    for number in range(4):
        dossier = admissible_dossier(by=staff_user, call=setting["call"])
        for member, value in ((juror, 2), (other_juror, 3), (third_juror, 4)):
            submitted_review(dossier=dossier, juror=member, values=[value, number + 1, 3, 3])
    assert len(two_reloaded) < len(two) <= 15
    with django_assert_num_queries(len(two)):
        response = client.get(url)
    assert len(response.context["rows"]) == 6
    with django_assert_num_queries(len(two_reloaded)):
        client.get(url)


def test_ranking_export_xlsx_reads_back(client, staff_user, setting):
    decision_record(
        dossier=setting["first"],
        outcome=Outcome.SELECTED,
        reserve_rank=None,
        motivation="Sterk.",
        by=staff_user,
    )
    client.force_login(staff_user)
    response = client.get(
        reverse("jury:ranking_export", kwargs={"slug": setting["call"].slug}) + "?formaat=xlsx"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    headers = rows[0]
    assert headers[:6] == (
        "Rang",
        "Rang genormaliseerd",
        "Dossiernummer",
        "Werktitel",
        "Gewogen totaal",
        "Genormaliseerd totaal",
    )
    first = dict(zip(headers, rows[1], strict=True))
    assert (first["Rang"], first["Dossiernummer"], first["Gewogen totaal"]) == (
        1,
        setting["first"].reference,
        19.33,
    )
    assert first["Beslissing"] == "Geselecteerd"
    assert first["Motivering beslissing"] == "Sterk."
    assert "onenigheid" in first["Signalen"]
    second = dict(zip(headers, rows[2], strict=True))
    assert (second["Rang"], second["Signalen"], second["Beoordelingen"]) == (None, "onvolledig", 2)


def test_ranking_export_pdf_holds_criteria_totals_flags_and_decisions(client, staff_user, setting):
    decision_record(
        dossier=setting["first"],
        outcome=Outcome.SELECTED,
        reserve_rank=None,
        motivation="Sterk.",
        by=staff_user,
    )
    client.force_login(staff_user)
    # Built by the export worker (a whole call takes seconds): started from the ranking page.
    client.post(reverse("jury:ranking_pdf_export_start", kwargs={"slug": setting["call"].slug}))
    export = Export.objects.get()
    export_build(export_id=export.pk)
    response = client.get(reverse("exports:download", kwargs={"pk": export.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    reader = PdfReader(io.BytesIO(content))
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = read_pdf(content).text
    assert "Rangschikking van de jury" in text
    assert setting["call"].criteria.first().title in text
    assert "19.33" in text or "19,33" in text
    assert "onvolledig" in text and "onenigheid" in text
    assert "Geselecteerd" in text


def test_ranking_export_unknown_format_is_a_bad_request(client, staff_user, setting):
    client.force_login(staff_user)
    url = reverse("jury:ranking_export", kwargs={"slug": setting["call"].slug})
    assert client.get(url + "?formaat=csv").status_code == 400


def test_ranking_page_after_publication_shows_the_published_figures(
    client, staff_user, setting, django_capture_on_commit_callbacks
):
    call, first, second = setting["call"], setting["first"], setting["second"]
    call.results_date = timezone.localdate() - timedelta(days=1)
    call.plgs_to_select = 1
    call.save()
    for dossier, outcome in ((first, Outcome.SELECTED), (second, Outcome.NOT_SELECTED)):
        Decision.objects.create(
            dossier=dossier, outcome=outcome, motivation="Zo beslist.", decided_by=staff_user
        )
    with django_capture_on_commit_callbacks(execute=True):
        results_publish(jury=setting["jury"], by=staff_user)
    # Later changes, straight in the database: the live ranking would now differ.
    Score.objects.filter(review__assignment__dossier=first).update(value=1)
    Decision.objects.filter(dossier=first).update(outcome=Outcome.NOT_SELECTED)
    setting["jury"].refresh_from_db()

    client.force_login(staff_user)
    response = client.get(ranking_url(setting))

    assert response.status_code == 200
    content = response.content.decode()
    published_on = date_format(timezone.localtime(setting["jury"].published_at), "j F Y, H:i")
    assert f"Gepubliceerde rangschikking van {published_on}" in content
    figures = response.context["published"]
    assert [(f.dossier, f.rank, f.total, f.outcome) for f in figures] == [
        (first, 1, Decimal("19.33"), Outcome.SELECTED),
        (second, None, Decimal("12.50"), Outcome.NOT_SELECTED),
    ]
    first_row = content[content.index(f'id="dossier-{first.pk}"') :].split("</tr>")[0]
    assert '<td class="text-end published-rank">1</td>' in first_row
    assert "19,33" in first_row
    assert "Geselecteerd" in first_row
    assert "5,00" not in content  # the live total after the change (2×1+1+1+1)
