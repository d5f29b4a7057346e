import csv
import io
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from applications.checklist import refresh_checklist
from applications.enums import DossierStatus
from applications.models import Dossier, DossierStatusChange
from applications.services import dossier_set_status, dossier_submit
from plgportal.calls.call_2024 import call_2024_upsert
from tests.factories import DelegateFactory, DossierFactory, SchoolFactory, eligible_dossier


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def call(db):
    return call_2024_upsert(
        slug="staff-oproep",
        opens_at=timezone.now() - timedelta(days=10),
        deadline=timezone.now() + timedelta(days=30),
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def submitted(dossier):
    return dossier_submit(dossier=dossier, user=dossier.created_by)


def list_page(client, call, **query):
    return client.get(reverse("applications:staff_dossier_list", args=[call.slug]), query)


def listed(response):
    return [row.dossier.pk for row in response.context["rows"]]


def export(client, call, fmt, **query):
    return client.get(
        reverse("applications:staff_dossier_export", args=[call.slug]), {"formaat": fmt, **query}
    )


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


# List


def test_staff_dossier_list_shows_counts_per_status(staff_client, call, staff_user):
    DossierFactory.create_batch(2, call=call)
    submitted(eligible_dossier(call=call))
    decided = submitted(eligible_dossier(call=call))
    dossier_set_status(dossier=decided, status=DossierStatus.ADMISSIBLE, by=staff_user)

    response = list_page(staff_client, call)

    assert response.status_code == 200
    assert [(status, count) for status, _label, count in response.context["counts"]] == [
        ("draft", 2),
        ("submitted", 1),
        ("admissible", 1),
        ("not_admissible", 0),
    ]
    assert len(response.context["rows"]) == 4


def test_staff_dossier_list_counts_stay_for_the_whole_call_when_filtered(staff_client, call):
    DossierFactory(call=call)
    submitted(eligible_dossier(call=call))

    response = list_page(staff_client, call, status="submitted")

    assert len(response.context["rows"]) == 1
    assert [count for _status, _label, count in response.context["counts"]] == [1, 1, 0, 0]


def test_staff_dossier_list_shows_columns(staff_client, call):
    dossier = submitted(eligible_dossier(call=call, working_title="Samen sterk"))
    dossier.schools.filter(position=1).update(levels=["secundair"])

    page = list_page(staff_client, call).content.decode()

    assert dossier.reference in page
    assert "Samen sterk" in page
    assert dossier.created_by.email in page
    assert "Lager onderwijs, Secundair onderwijs" in page
    assert reverse("applications:staff_dossier_detail", args=[dossier.pk]) in page
    assert timezone.localtime(dossier.submitted_at).strftime("%H:%M") in page


def test_staff_dossier_list_rows_show_status_badge_checklist_and_date(staff_client, call):
    """Each row's labels and link are worked out once a page (applications.staff.views
    .list_rows): every status its own badge, a draft its placeholders."""
    draft = DossierFactory(call=call, working_title="Nog bezig")
    admissible = submitted(eligible_dossier(call=call, working_title="Ok"))
    dossier_set_status(dossier=admissible, status=DossierStatus.ADMISSIBLE, by=None, reason="")
    failing = eligible_dossier(call=call, working_title="Bijna")
    failing.confirmations.first().delete()
    refresh_checklist(failing)

    page = list_page(staff_client, call).content.decode()

    rows = {
        pk: page.split(f'data-pk="{pk}"', 1)[1].split("</tr>", 1)[0]
        for pk in (draft.pk, admissible.pk, failing.pk)
    }
    assert "(nog geen nummer)" in rows[draft.pk]
    assert '<span class="badge text-bg-secondary">Concept</span>' in rows[draft.pk]
    assert '<td class="text-nowrap">–</td>' in rows[draft.pk]
    assert '<span class="badge text-bg-success">Ontvankelijk</span>' in rows[admissible.pk]
    assert "✔</span> in orde" in rows[admissible.pk]
    submitted_at = timezone.localtime(admissible.submitted_at).strftime("%d-%m-%Y %H:%M")
    assert f'<td class="text-nowrap">{submitted_at}</td>' in rows[admissible.pk]
    assert (
        f'href="{reverse("applications:staff_dossier_detail", args=[admissible.pk])}"'
        in rows[admissible.pk]
    )
    assert "✘</span> 1 criterium niet in orde" in rows[failing.pk]


def test_staff_dossier_list_filter_form_keeps_values_and_shows_errors(staff_client, call):
    page = list_page(staff_client, call, zoek="samen", status="bogus", sorteer="-titel")
    html = page.content.decode()

    assert '<form method="get">' in html
    assert 'name="zoek" value="samen"' in html
    assert '<input type="hidden" name="sorteer" value="-titel" id="id_sorteer">' in html
    assert 'class="select form-select is-invalid"' in html
    assert '<span id="error_1_id_status"><strong>' in html
    assert 'value="Filteren" class="btn btn-primary"' in html


def test_staff_dossier_list_only_shows_dossiers_of_the_call(staff_client, call):
    mine = DossierFactory(call=call)
    DossierFactory()

    assert listed(list_page(staff_client, call)) == [mine.pk]


def test_staff_dossier_list_filters_by_status(staff_client, call):
    draft = DossierFactory(call=call)
    done = submitted(eligible_dossier(call=call))

    assert listed(list_page(staff_client, call, status="draft")) == [draft.pk]
    assert listed(list_page(staff_client, call, status="submitted")) == [done.pk]
    assert listed(list_page(staff_client, call, status="admissible")) == []


def test_staff_dossier_list_filters_by_level_of_any_school(staff_client, call):
    secondary = DossierFactory(call=call)
    SchoolFactory(dossier=secondary, levels=["lager"])
    SchoolFactory(dossier=secondary, levels=["kleuter", "secundair"])
    special = DossierFactory(call=call)
    SchoolFactory(dossier=special, levels=["buitengewoon_secundair"])
    SchoolFactory(dossier=special, levels=["buitengewoon_secundair"])

    assert listed(list_page(staff_client, call, niveau="secundair")) == [secondary.pk]
    assert listed(list_page(staff_client, call, niveau="buitengewoon_secundair")) == [special.pk]
    assert listed(list_page(staff_client, call, niveau="lager")) == [secondary.pk]
    assert listed(list_page(staff_client, call, niveau="dko")) == []


def test_staff_dossier_list_filters_by_theme(staff_client, call):
    first, second = call.example_themes.all()[:2]
    with_first = DossierFactory(call=call, theme=first)
    with_second = DossierFactory(call=call, theme=second)
    own = DossierFactory(call=call, theme=first, own_theme="Mentorschap")

    assert listed(list_page(staff_client, call, thema=first.pk)) == [with_first.pk]
    assert listed(list_page(staff_client, call, thema=second.pk)) == [with_second.pk]
    assert listed(list_page(staff_client, call, thema="eigen")) == [own.pk]


def test_staff_dossier_list_filters_by_eligibility(staff_client, call):
    complete = eligible_dossier(call=call)
    incomplete = DossierFactory(call=call)

    assert listed(list_page(staff_client, call, ontvankelijk="ja")) == [complete.pk]
    assert listed(list_page(staff_client, call, ontvankelijk="nee")) == [incomplete.pk]


def test_staff_dossier_list_combines_filters(staff_client, call):
    wanted = submitted(eligible_dossier(call=call))
    eligible_dossier(call=call)  # eligible, but a draft
    DossierFactory(call=call)

    response = list_page(staff_client, call, status="submitted", ontvankelijk="ja")

    assert listed(response) == [wanted.pk]


def test_staff_dossier_list_shows_failing_check_count(staff_client, call):
    dossier = eligible_dossier(call=call)
    dossier.schools.first().letter.delete()
    dossier.confirmations.first().delete()
    refresh_checklist(dossier)  # changed row by row: the services would have stored this

    response = list_page(staff_client, call)

    (row,) = response.context["rows"]
    assert row.dossier.checklist_failing == 2
    assert "2 criteria niet in orde" in response.content.decode()
    header, values = csv_rows(export(staff_client, call, "csv"))
    failing = dict(zip(header, values, strict=True))["Criteria niet in orde"]
    assert failing.startswith("Letter of intent per school: ")
    assert "; Engagementen bevestigd: " in failing


def test_staff_dossier_list_ignores_unknown_filter_values(staff_client, call):
    dossier = DossierFactory(call=call)

    response = list_page(staff_client, call, status="bogus", niveau="bogus")

    assert listed(response) == [dossier.pk]


def test_staff_dossier_list_export_links_keep_filters(staff_client, call):
    response = list_page(staff_client, call, status="submitted", ontvankelijk="ja")

    url = reverse("applications:staff_dossier_export", args=[call.slug])
    page = response.content.decode()
    assert f"{url}?status=submitted&amp;ontvankelijk=ja&amp;formaat=xlsx" in page
    assert f"{url}?status=submitted&amp;ontvankelijk=ja&amp;formaat=csv" in page


def test_staff_dossier_list_queries_do_not_grow(staff_client, call, django_assert_num_queries):
    for _ in range(2):
        submitted(eligible_dossier(call=call, schools=3))
    with CaptureQueriesContext(connection) as two:
        assert len(list_page(staff_client, call, niveau="lager").context["rows"]) == 2
    for schools in (3, 4, 5, 5):
        submitted(eligible_dossier(call=call, schools=schools))

    with django_assert_num_queries(len(two)):
        assert len(list_page(staff_client, call, niveau="lager").context["rows"]) == 6


def test_staff_dossier_list_page_two_shows_the_51st_dossier(staff_client, call):
    dossiers = DossierFactory.create_batch(51, call=call)

    first = list_page(staff_client, call, status="draft")
    second = list_page(staff_client, call, status="draft", pagina=2)

    assert listed(first) == [dossier.pk for dossier in dossiers[:50]]
    assert listed(second) == [dossiers[50].pk]
    assert "1–50 van 51 dossiers" in first.content.decode()
    assert "51–51 van 51 dossiers" in second.content.decode()
    assert 'href="?status=draft&amp;pagina=2"' in first.content.decode()
    assert 'href="?status=draft&amp;pagina=1"' in second.content.decode()


def test_staff_dossier_list_wrong_page_number_shows_a_page(staff_client, call):
    dossier = DossierFactory(call=call)

    assert listed(list_page(staff_client, call, pagina="zeven")) == [dossier.pk]
    assert listed(list_page(staff_client, call, pagina=99)) == [dossier.pk]


def test_staff_dossier_list_searches_reference_title_school_and_contact(staff_client, call):
    numbered = submitted(eligible_dossier(call=call))
    titled = DossierFactory(call=call, working_title="Samen Lezen in Gent")
    by_school = DossierFactory(call=call)
    SchoolFactory(dossier=by_school, name="Sint-Jozefscollege Aalst")
    by_contact = DossierFactory(
        call=call, created_by__full_name="Griet Van Damme", created_by__email="griet@voorbeeld.be"
    )

    assert listed(list_page(staff_client, call, zoek=numbered.reference.lower())) == [numbered.pk]
    assert listed(list_page(staff_client, call, zoek="samen lezen")) == [titled.pk]
    assert listed(list_page(staff_client, call, zoek="JOZEFSCOLLEGE")) == [by_school.pk]
    assert listed(list_page(staff_client, call, zoek="van damme")) == [by_contact.pk]
    assert listed(list_page(staff_client, call, zoek="Griet@Voorbeeld")) == [by_contact.pk]
    assert listed(list_page(staff_client, call, zoek="niemand")) == []


def test_staff_dossier_list_combines_filters_search_and_sort(staff_client, call):
    lezen = submitted(eligible_dossier(call=call, working_title="Samen Lezen"))
    rekenen = submitted(eligible_dossier(call=call, working_title="samen rekenen"))
    submitted(eligible_dossier(call=call, working_title="Alleen"))  # not found by the search
    DossierFactory(call=call, working_title="Samen in concept")  # a draft, not ontvankelijk
    query = {"zoek": "SAMEN", "status": "submitted", "ontvankelijk": "ja"}

    assert listed(list_page(staff_client, call, **query, sorteer="titel")) == [lezen.pk, rekenen.pk]
    response = list_page(staff_client, call, **query, sorteer="-titel")

    assert listed(response) == [rekenen.pk, lezen.pk]
    page = response.content.decode()
    assert 'aria-sort="descending"' in page
    assert page.count("aria-sort=") == 1
    # The title's link sorts the other way round and keeps the filters and the search.
    assert 'href="?zoek=SAMEN&amp;status=submitted&amp;ontvankelijk=ja&amp;sorteer=titel"' in page
    # Filtering again keeps the sort: the form carries it.
    assert 'name="sorteer" value="-titel"' in page


def test_staff_dossier_list_sorts_by_schools_checklist_status_and_date(staff_client, call):
    four = submitted(eligible_dossier(call=call, schools=4))
    three = submitted(eligible_dossier(call=call, schools=3))
    draft = DossierFactory(call=call)
    SchoolFactory(dossier=draft)

    assert listed(list_page(staff_client, call, sorteer="scholen")) == [draft.pk, three.pk, four.pk]
    assert listed(list_page(staff_client, call, sorteer="-scholen"))[0] == four.pk
    assert listed(list_page(staff_client, call, sorteer="-checklist"))[0] == draft.pk
    assert listed(list_page(staff_client, call, sorteer="status"))[0] == draft.pk
    assert listed(list_page(staff_client, call, sorteer="-ingediend")) == [
        three.pk,
        four.pk,
        draft.pk,
    ]
    page = list_page(staff_client, call, sorteer="scholen").content.decode()
    assert 'aria-sort="ascending"' in page


def test_staff_dossier_list_eligibility_filter_reads_the_stored_outcome(staff_client, call):
    dossier = eligible_dossier(call=call)
    dossier.confirmations.all().delete()  # behind the services' back: not stored yet

    assert listed(list_page(staff_client, call, ontvankelijk="ja")) == [dossier.pk]
    refresh_checklist(dossier)
    assert listed(list_page(staff_client, call, ontvankelijk="ja")) == []
    assert listed(list_page(staff_client, call, ontvankelijk="nee")) == [dossier.pk]


def dossiers_with_schools(call, count):
    for index in range(count):
        dossier = DossierFactory(call=call, working_title=f"Samen {index}")
        SchoolFactory.create_batch(1 + index % 3, dossier=dossier)


@pytest.mark.parametrize("query", [{}, {"zoek": "samen", "niveau": "lager", "sorteer": "-scholen"}])
def test_staff_dossier_list_queries_same_at_3_and_40_dossiers(
    staff_client, call, query, django_assert_max_num_queries
):
    dossiers_with_schools(call, 3)
    with CaptureQueriesContext(connection) as three:
        assert len(list_page(staff_client, call, **query).context["rows"]) == 3
    dossiers_with_schools(call, 37)

    with django_assert_max_num_queries(len(three)):
        assert len(list_page(staff_client, call, **query, pagina=1).context["rows"]) == 40
    assert len(three) <= 15


def test_staff_home_links_each_call_to_its_dossiers(staff_client, call):
    page = staff_client.get(reverse("home")).content.decode()

    assert reverse("applications:staff_dossier_list", args=[call.slug]) in page


# Export


def test_staff_dossier_export_csv_has_dutch_headers_and_a_row_per_dossier(staff_client, call):
    dossier = submitted(eligible_dossier(call=call, working_title="=Samen; sterk"))

    response = export(staff_client, call, "csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().strftime("%Y%m%d")
    assert response["Content-Disposition"] == (
        f'attachment; filename="dossiers-{call.slug}-{today}.csv"'
    )
    header, *rows = csv_rows(response)
    assert header[:6] == [
        "Dossiernummer",
        "Werktitel",
        "Status",
        "Contactpersoon",
        "E-mail contactpersoon",
        "Functie contactpersoon",
    ]
    assert {"Aantal scholen", "Scholen", "Onderwijsniveaus", "Thema"} <= set(header)
    assert {"Ontvankelijk volgens checklist", "Ingediend op"} <= set(header)
    (row,) = rows
    values = dict(zip(header, row, strict=True))
    assert values["Dossiernummer"] == dossier.reference
    assert values["Werktitel"] == "'=Samen; sterk"  # never a formula
    assert values["Status"] == "Ingediend"
    assert values["E-mail contactpersoon"] == dossier.created_by.email
    assert values["Aantal scholen"] == "3"
    assert values["Scholen"] == "; ".join(s.name for s in dossier.schools.all())
    assert values["Onderwijsniveaus"] == "Lager onderwijs"
    assert values["Thema"] == dossier.theme.title
    assert values["Ontvankelijk volgens checklist"] == "ja"
    assert values["Ingediend op"] == timezone.localtime(dossier.submitted_at).strftime(
        "%d/%m/%Y %H:%M"
    )


def test_staff_dossier_export_xlsx_parses_back(staff_client, call):
    dossier = submitted(eligible_dossier(call=call, working_title="=1+1"))
    DossierFactory(call=call, working_title="Nog bezig")

    response = export(staff_client, call, "xlsx")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith(
        f'dossiers-{call.slug}-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[:3] == ["Dossiernummer", "Werktitel", "Status"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["B"].width > len("Werktitel")
    values = dict(zip(header, rows[0], strict=True))
    assert values["Dossiernummer"] == dossier.reference
    assert values["Werktitel"] == "=1+1"
    assert sheet["B2"].data_type == "s"  # text, not a formula
    assert values["Aantal scholen"] == 3
    assert values["Ingediend op"] == timezone.localtime(dossier.submitted_at).replace(
        tzinfo=None, microsecond=0
    )
    assert values["Ontvankelijk volgens checklist"] == "ja"
    draft = dict(zip(header, rows[1], strict=True))
    assert (draft["Werktitel"], draft["Status"], draft["Ingediend op"]) == (
        "Nog bezig",
        "Concept",
        None,
    )
    assert draft["Ontvankelijk volgens checklist"] == "nee"


def test_staff_dossier_export_applies_the_filters(staff_client, call):
    eligible = submitted(eligible_dossier(call=call))
    DossierFactory(call=call)

    _header, *rows = csv_rows(export(staff_client, call, "csv", ontvankelijk="ja"))
    sheet = load_workbook(io.BytesIO(export(staff_client, call, "xlsx", status="draft").content))

    assert [row[0] for row in rows] == [eligible.reference]
    assert sheet.active.max_row == 2  # the header and the one draft


def test_staff_dossier_export_refuses_unknown_format(staff_client, call):
    assert export(staff_client, call, "pdf").status_code == 400


def test_staff_dossier_export_queries_do_not_grow(staff_client, call, django_assert_num_queries):
    for _ in range(2):
        submitted(eligible_dossier(call=call))
    with CaptureQueriesContext(connection) as two:
        export(staff_client, call, "xlsx")
    for schools in (3, 4, 5, 5):
        submitted(eligible_dossier(call=call, schools=schools))

    with django_assert_num_queries(len(two)):
        assert len(csv_rows(export(staff_client, call, "csv"))) == 7
    with django_assert_num_queries(len(two)):
        export(staff_client, call, "xlsx")


# Detail


def test_staff_dossier_detail_shows_everything(staff_client, staff_user, call):
    dossier = submitted(eligible_dossier(call=call, contact_phone="09 123 45 67"))
    dossier.answers.filter(criterion__position=2).update(text="Wij verankeren via het beleid.")
    school = dossier.schools.first()
    delegate = school.delegates.first()
    dossier_set_status(
        dossier=dossier, status=DossierStatus.NOT_ADMISSIBLE, by=staff_user, reason="Te laat."
    )

    response = staff_client.get(reverse("applications:staff_dossier_detail", args=[dossier.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert dossier.reference in page
    assert "09 123 45 67" in page
    assert school.name in page
    assert school.institution_number in page
    assert "GO! onderwijs van de Vlaamse Gemeenschap" in page
    assert escape(delegate.full_name) in page and delegate.email in page
    assert reverse("applications:letter_download", args=[dossier.pk, school.pk]) in page
    assert "Wij verankeren via het beleid." in page
    assert dossier.theme.title in page
    assert "Ingediend → Niet ontvankelijk" in page
    assert "Concept → Ingediend" in page
    assert "Te laat." in page
    assert staff_user.get_full_name() in page
    assert response.context["report"].is_eligible
    assert 'id="dossier-checklist"' in page


def test_staff_dossier_detail_offers_decision_only_after_submission(staff_client, call):
    draft = DossierFactory(call=call)
    done = submitted(eligible_dossier(call=call))

    draft_page = staff_client.get(reverse("applications:staff_dossier_detail", args=[draft.pk]))
    done_page = staff_client.get(reverse("applications:staff_dossier_detail", args=[done.pk]))

    decide_url = reverse("applications:staff_dossier_decide", args=[done.pk])
    assert (
        reverse("applications:staff_dossier_decide", args=[draft.pk])
        not in draft_page.content.decode()
    )
    assert (
        reverse("applications:staff_dossier_reopen", args=[draft.pk])
        not in draft_page.content.decode()
    )
    assert decide_url in done_page.content.decode()
    assert (
        reverse("applications:staff_dossier_reopen", args=[done.pk]) in done_page.content.decode()
    )


def test_staff_dossier_detail_unknown_dossier_is_404(staff_client, db):
    assert (
        staff_client.get(reverse("applications:staff_dossier_detail", args=[999999])).status_code
        == 404
    )


@pytest.mark.parametrize("schools", [3, 5])
def test_staff_dossier_detail_queries_do_not_grow(
    staff_client, call, staff_user, django_assert_num_queries, schools
):
    small = submitted(eligible_dossier(call=call, schools=3))
    with CaptureQueriesContext(connection) as baseline:
        staff_client.get(reverse("applications:staff_dossier_detail", args=[small.pk]))
    dossier = submitted(eligible_dossier(call=call, schools=schools))
    for school in dossier.schools.all():
        DelegateFactory(school=school)
    dossier_set_status(dossier=dossier, status=DossierStatus.ADMISSIBLE, by=staff_user)

    with django_assert_num_queries(len(baseline)):
        staff_client.get(reverse("applications:staff_dossier_detail", args=[dossier.pk]))


# Decision and reopening


def decide(client, dossier, decision, reason=""):
    return client.post(
        reverse("applications:staff_dossier_decide", args=[dossier.pk]),
        {"beslissing-decision": decision, "beslissing-reason": reason},
    )


def test_staff_decide_admissible_records_who_and_when(staff_client, staff_user, call):
    dossier = submitted(eligible_dossier(call=call))

    response = decide(staff_client, dossier, "admissible")

    assert response.status_code == 302
    assert response["Location"] == reverse("applications:staff_dossier_detail", args=[dossier.pk])
    dossier.refresh_from_db()
    assert dossier.status == "admissible"
    change = dossier.status_changes.last()
    assert (change.old_status, change.new_status, change.changed_by) == (
        "submitted",
        "admissible",
        staff_user,
    )
    assert timezone.now() - change.changed_at < timedelta(minutes=1)


def test_staff_decide_not_admissible_requires_a_reason(staff_client, call):
    dossier = submitted(eligible_dossier(call=call))

    response = decide(staff_client, dossier, "not_admissible", reason="   ")

    assert response.status_code == 200
    assert response.context["decision_form"].errors == {
        "reason": ["Geef aan waarom het dossier niet ontvankelijk is."]
    }
    dossier.refresh_from_db()
    assert dossier.status == "submitted"
    assert dossier.status_changes.count() == 1


def test_staff_decide_refused_shows_the_error_at_the_field_and_keeps_the_form(staff_client, call):
    dossier = submitted(eligible_dossier(call=call))

    html = decide(staff_client, dossier, "not_admissible", reason="").content.decode()

    action = reverse("applications:staff_dossier_decide", args=[dossier.pk])
    assert f'<form action="{action}" method="post">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'class="textarea form-control is-invalid"' in html
    assert (
        '<span id="error_1_id_beslissing-reason"><strong>'
        "Geef aan waarom het dossier niet ontvankelijk is.</strong></span>" in html
    )
    assert 'value="Beslissing bewaren" class="btn btn-primary" id="submit-id-submit"' in html
    reopen_action = reverse("applications:staff_dossier_reopen", args=[dossier.pk])
    assert f'<form action="{reopen_action}" method="post">' in html
    assert 'class="btn btn-outline-danger"' in html


def test_staff_decide_not_admissible_with_reason(staff_client, staff_user, call):
    dossier = submitted(eligible_dossier(call=call))

    decide(staff_client, dossier, "not_admissible", reason="Twee scholen zijn dezelfde.")

    dossier.refresh_from_db()
    assert (dossier.status, dossier.admissibility_reason) == (
        "not_admissible",
        "Twee scholen zijn dezelfde.",
    )
    change = dossier.status_changes.last()
    assert (change.new_status, change.changed_by, change.reason) == (
        "not_admissible",
        staff_user,
        "Twee scholen zijn dezelfde.",
    )


def test_staff_decide_without_choice_shows_error_and_keeps_reason(staff_client, call):
    dossier = submitted(eligible_dossier(call=call))

    response = decide(staff_client, dossier, "", reason="Mijn overwegingen")

    assert response.context["decision_form"].errors == {
        "decision": ["Kies ontvankelijk of niet ontvankelijk."]
    }
    assert "Mijn overwegingen" in response.content.decode()


def test_staff_decide_can_change_a_previous_decision(staff_client, call):
    dossier = submitted(eligible_dossier(call=call))
    decide(staff_client, dossier, "admissible")

    decide(staff_client, dossier, "not_admissible", reason="Letter niet ondertekend.")

    dossier.refresh_from_db()
    assert dossier.status == "not_admissible"
    assert [(c.old_status, c.new_status) for c in dossier.status_changes.all()] == [
        ("draft", "submitted"),
        ("submitted", "admissible"),
        ("admissible", "not_admissible"),
    ]


def test_staff_decide_same_decision_twice_shows_error(staff_client, call):
    dossier = submitted(eligible_dossier(call=call))
    decide(staff_client, dossier, "admissible")

    response = decide(staff_client, dossier, "admissible")

    assert response.status_code == 200
    assert response.context["decision_form"].non_field_errors() == [
        "Een dossier met status “Ontvankelijk” kan niet naar “Ontvankelijk”."
    ]
    assert dossier.status_changes.count() == 2


def test_staff_decide_on_draft_is_refused_with_message(staff_client, call):
    dossier = DossierFactory(call=call)

    response = decide(staff_client, dossier, "admissible")

    assert response["Location"] == reverse("applications:staff_dossier_detail", args=[dossier.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Dit dossier is nog niet ingediend: beslissen over de ontvankelijkheid kan pas na "
        "indiening."
    ]
    dossier.refresh_from_db()
    assert dossier.status == "draft"
    assert not DossierStatusChange.objects.exists()


def reopen(client, dossier, reason):
    return client.post(
        reverse("applications:staff_dossier_reopen", args=[dossier.pk]),
        {"heropenen-reason": reason},
    )


def test_staff_reopen_returns_dossier_to_draft_keeping_reference(staff_client, staff_user, call):
    dossier = submitted(eligible_dossier(call=call))
    reference = dossier.reference

    response = reopen(staff_client, dossier, "Voeg de vijfde school toe.")

    assert response["Location"] == reverse("applications:staff_dossier_detail", args=[dossier.pk])
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert (dossier.status, dossier.reference) == ("draft", reference)
    change = dossier.status_changes.last()
    assert (change.old_status, change.new_status, change.changed_by, change.reason) == (
        "submitted",
        "draft",
        staff_user,
        "Voeg de vijfde school toe.",
    )
    assert dossier.created_by.has_perm("applications.edit_dossier", dossier)


def test_staff_reopen_requires_a_reason(staff_client, call):
    dossier = submitted(eligible_dossier(call=call))

    response = reopen(staff_client, dossier, "  ")

    assert response.status_code == 200
    assert response.context["reopen_form"].errors == {
        "reason": ["Geef een reden op om het dossier te heropenen."]
    }
    dossier.refresh_from_db()
    assert dossier.status == "submitted"


def test_staff_reopen_of_a_draft_is_refused_with_message(staff_client, call):
    dossier = DossierFactory(call=call)

    response = reopen(staff_client, dossier, "Waarom niet")

    assert response["Location"] == reverse("applications:staff_dossier_detail", args=[dossier.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Dit dossier is al een concept: de aanvragers kunnen het bewerken."
    ]
    assert not DossierStatusChange.objects.exists()


# Access


def staff_urls(dossier):
    slug = dossier.call.slug
    return [
        ("get", reverse("applications:staff_dossier_list", args=[slug])),
        ("get", reverse("applications:staff_dossier_export", args=[slug]) + "?formaat=xlsx"),
        ("get", reverse("applications:staff_dossier_detail", args=[dossier.pk])),
        ("post", reverse("applications:staff_dossier_decide", args=[dossier.pk])),
        ("post", reverse("applications:staff_dossier_reopen", args=[dossier.pk])),
    ]


@pytest.mark.parametrize("principal", ["applicant", "juror", "coach"])
def test_staff_dossier_urls_refuse_non_staff(client, request, applicant, principal):
    dossier = submitted(eligible_dossier(created_by=applicant))
    client.force_login(request.getfixturevalue(principal))

    for method, url in staff_urls(dossier):
        data = {"beslissing-decision": "admissible", "heropenen-reason": "x"}
        assert getattr(client, method)(url, data).status_code == 403, url
    dossier.refresh_from_db()
    assert dossier.status == "submitted"


def test_staff_dossier_urls_send_anonymous_to_login(client, applicant):
    dossier = submitted(eligible_dossier(created_by=applicant))

    for method, url in staff_urls(dossier):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login") + "?next="), url
