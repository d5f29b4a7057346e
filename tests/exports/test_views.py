"""Export pages for every kind of visitor: the call's export centre, starting, the progress page
and its htmx fragment, download, retry and the list."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from plgportal.accounts.services import user_set_role
from plgportal.exports.building import exports_delete_expired
from plgportal.exports.enums import ExportStatus
from plgportal.exports.models import Export
from tests.exports.factories import ExportFactory, done_export, submitted_dossiers
from tests.factories import CallFactory, UserFactory, give_second_factor
from tests.sessions.factories import trajectory_for

pytestmark = pytest.mark.django_db

LOGIN = "login"


@pytest.fixture
def other_staff(db):
    return give_second_factor(
        user_set_role(user=UserFactory(email="staff.2@example.org"), role="staff")
    )


@pytest.fixture
def principals(staff_user, other_staff, applicant, juror, coach):
    """Who looks at an export that `staff_user` requested, and what they should get."""
    return {
        "requester": staff_user,
        "other_staff": other_staff,
        "other_applicant": applicant,
        "juror": juror,
        "coach": coach,
        "anonymous": None,
    }


def _get(client, user, url, **extra):
    if user:
        client.force_login(user)
    return client.get(url, **extra)


def _answer(response):
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return LOGIN
    return response.status_code


OBJECT_ANSWERS = {
    "requester": 200,
    "other_staff": 200,
    "other_applicant": 404,
    "juror": 404,
    "coach": 404,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize("who", OBJECT_ANSWERS)
@pytest.mark.parametrize("name", ["exports:detail", "exports:progress", "exports:download"])
def test_export_pages_for_requester_and_staff_only(client, principals, staff_user, name, who):
    export = done_export(requested_by=staff_user)
    response = _get(client, principals[who], reverse(name, args=[export.pk]))
    assert _answer(response) == OBJECT_ANSWERS[who]


@pytest.mark.parametrize("who", OBJECT_ANSWERS)
def test_retry_for_requester_and_staff_only(client, principals, staff_user, who):
    export = ExportFactory(requested_by=staff_user, status=ExportStatus.FAILED, error="Kapot.")
    if user := principals[who]:
        client.force_login(user)
    response = client.post(reverse("exports:retry", args=[export.pk]))
    expected = {200: export.get_absolute_url()}.get(OBJECT_ANSWERS[who], OBJECT_ANSWERS[who])
    answer = _answer(response)
    assert (response["Location"] if answer == 302 else answer) == expected
    export.refresh_from_db()
    assert export.status == (ExportStatus.QUEUED if OBJECT_ANSWERS[who] == 200 else "failed")


def test_applicant_requester_sees_own_export_not_anothers(client, applicant, other_applicant):
    own = done_export(requested_by=applicant)
    other = done_export(requested_by=other_applicant)
    client.force_login(applicant)
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404


def test_download_answers_the_file_as_attachment(client, staff_user):
    export = done_export(requested_by=staff_user)
    client.force_login(staff_user)
    response = client.get(reverse("exports:download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="dossiers-oproep.zip"'
    assert b"".join(response.streaming_content) == b"PK-inhoud"


def test_download_of_expired_export_is_gone_with_explanation(client, staff_user):
    export = done_export(requested_by=staff_user)
    exports_delete_expired(now=export.expires_at)
    client.force_login(staff_user)
    response = client.get(reverse("exports:download", args=[export.pk]))
    assert response.status_code == 410
    assert "Deze export is verlopen" in response.content.decode()
    detail = client.get(export.get_absolute_url()).content.decode()
    assert "Start de export opnieuw" in detail


@pytest.mark.parametrize("status", ["queued", "running", "failed"])
def test_download_of_unfinished_export_is_404(client, staff_user, status):
    export = ExportFactory(requested_by=staff_user, status=status)
    client.force_login(staff_user)
    assert client.get(reverse("exports:download", args=[export.pk])).status_code == 404


def test_progress_fragment_polls_while_running(client, staff_user):
    export = ExportFactory(
        requested_by=staff_user, status=ExportStatus.RUNNING, progress_done=2, progress_total=5
    )
    client.force_login(staff_user)
    html = client.get(reverse("exports:progress", args=[export.pk]), HTTP_HX_REQUEST="true")
    html = html.content.decode()
    assert "<html" not in html
    assert f'hx-get="/exports/{export.pk}/voortgang/"' in html
    assert 'hx-trigger="every 1s"' in html
    assert 'aria-valuenow="2"' in html
    assert 'aria-valuemax="5"' in html
    assert "2 van 5" in html
    assert '<rect width="40" height="1"/>' in html


def test_progress_page_refreshes_without_javascript_while_queued(client, staff_user):
    export = ExportFactory(requested_by=staff_user)
    client.force_login(staff_user)
    html = client.get(export.get_absolute_url()).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert "Wacht op een vrije verwerker" in html
    assert "Pagina vernieuwen" in html
    assert export.title in html


def test_finished_export_page_stops_polling_and_offers_download(client, staff_user):
    export = done_export(requested_by=staff_user)
    client.force_login(staff_user)
    html = client.get(export.get_absolute_url()).content.decode()
    assert "hx-trigger" not in html
    assert "http-equiv" not in html
    assert "2 van 2" in html
    assert f'href="/exports/{export.pk}/downloaden/"' in html
    assert "dossiers-oproep.zip downloaden" in html
    assert "Beschikbaar tot" in html


def test_failed_export_page_shows_reason_and_retry(client, staff_user):
    export = ExportFactory(requested_by=staff_user, status=ExportStatus.FAILED, error="Kapot.")
    client.force_login(staff_user)
    html = client.get(export.get_absolute_url()).content.decode()
    assert "De export is mislukt." in html
    assert "Kapot." in html
    assert f'action="/exports/{export.pk}/opnieuw/"' in html


def test_retry_of_finished_export_is_refused_with_message(client, staff_user):
    export = done_export(requested_by=staff_user)
    client.force_login(staff_user)
    response = client.post(reverse("exports:retry", args=[export.pk]), follow=True)
    assert "Alleen een mislukte export kan opnieuw gestart worden." in response.content.decode()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE


CALL_PAGE_ANSWERS = {
    "requester": 200,
    "other_staff": 200,
    "other_applicant": 403,
    "juror": 403,
    "coach": 403,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize("who", CALL_PAGE_ANSWERS)
def test_call_export_centre_for_staff_only(client, principals, who):
    call = CallFactory()
    response = _get(client, principals[who], reverse("exports:call_exports", args=[call.slug]))
    assert _answer(response) == CALL_PAGE_ANSWERS[who]


def test_call_export_centre_lists_bulk_exports_datasets_and_recent_exports(client, staff_user):
    dossiers = submitted_dossiers(2)
    call = dossiers[0].call
    export = ExportFactory(requested_by=staff_user, params={"call": call.pk}, title="Vorige export")
    client.force_login(staff_user)
    html = client.get(reverse("exports:call_exports", args=[call.slug])).content.decode()
    assert "Alle dossiers als PDF" in html
    assert "2 ingediende dossiers" in html
    assert f'action="/exports/oproep/{call.slug}/starten/call_dossiers/"' in html
    assert "Vorige export" in html
    assert export.get_absolute_url() in html
    from plgportal.spreadsheets.registry import DATASETS

    for name, dataset in DATASETS.items():
        for fmt in ("xlsx", "csv"):
            url = reverse(
                "spreadsheets:download", kwargs={"slug": call.slug, "dataset": name, "fmt": fmt}
            )
            assert f'href="{url}"' in html
        assert str(dataset.label) in html


@pytest.mark.parametrize("who", CALL_PAGE_ANSWERS)
def test_start_call_export_for_staff_only(client, principals, who):
    (dossier,) = submitted_dossiers(1)
    if user := principals[who]:
        client.force_login(user)
    url = reverse("exports:call_export_start", args=[dossier.call.slug, "call_dossiers"])
    response = client.post(url)
    if CALL_PAGE_ANSWERS[who] == 200:
        export = Export.objects.get()
        assert response["Location"] == export.get_absolute_url()
        assert (export.requested_by, export.params) == (user, {"call": dossier.call_id})
        assert export.title == f"Alle dossiers – {dossier.call.title}"
    else:
        assert _answer(response) == CALL_PAGE_ANSWERS[who]
        assert not Export.objects.exists()


def test_start_call_export_without_dossiers_goes_back_with_message(client, staff_user):
    call = CallFactory()
    client.force_login(staff_user)
    response = client.post(
        reverse("exports:call_export_start", args=[call.slug, "call_dossiers"]), follow=True
    )
    assert response.redirect_chain == [(reverse("exports:call_exports", args=[call.slug]), 302)]
    assert "Deze oproep heeft nog geen ingediende dossiers." in response.content.decode()


def test_start_call_export_of_unknown_kind_is_404(client, staff_user):
    call = CallFactory()
    client.force_login(staff_user)
    url = reverse("exports:call_export_start", args=[call.slug, "trajectory_bundle"])
    assert client.post(url).status_code == 404
    assert (
        client.get(
            reverse("exports:call_export_start", args=[call.slug, "call_dossiers"])
        ).status_code
        == 405
    )


@pytest.mark.parametrize("who", CALL_PAGE_ANSWERS)
def test_start_trajectory_bundle_for_staff_only(client, principals, who):
    trajectory = trajectory_for()
    if user := principals[who]:
        client.force_login(user)
    response = client.post(reverse("sessions:trajectory_export_start", args=[trajectory.pk]))
    if CALL_PAGE_ANSWERS[who] == 200:
        export = Export.objects.get()
        assert response["Location"] == export.get_absolute_url()
        assert (export.kind, export.params) == ("trajectory_bundle", {"trajectory": trajectory.pk})
    else:
        assert _answer(response) == CALL_PAGE_ANSWERS[who]


def test_trajectory_page_offers_bundle_to_staff_not_coach(client, staff_user, coach):
    trajectory = trajectory_for(coach=coach)
    url = reverse("sessions:trajectory_detail", args=[trajectory.pk])
    action = f'action="/exports/traject/{trajectory.pk}/starten/"'
    client.force_login(staff_user)
    assert action in client.get(url).content.decode()
    client.force_login(coach)
    assert action not in client.get(url).content.decode()


def test_list_shows_staff_every_export_newest_first(client, staff_user, other_staff):
    older = ExportFactory(requested_by=other_staff, title="Oudere export")
    older.created_at = timezone.now() - timedelta(days=1)
    older.save()
    ExportFactory(requested_by=staff_user, title="Nieuwe export")
    client.force_login(staff_user)
    html = client.get(reverse("exports:list")).content.decode()
    assert html.index("Nieuwe export") < html.index("Oudere export")


def test_list_shows_others_only_their_own(client, applicant, staff_user):
    ExportFactory(requested_by=applicant, title="Mijn eigen export")
    ExportFactory(requested_by=staff_user, title="Export van de Stichting")
    client.force_login(applicant)
    html = client.get(reverse("exports:list")).content.decode()
    assert "Mijn eigen export" in html
    assert "Export van de Stichting" not in html


def test_list_is_paginated(client, staff_user):
    ExportFactory.create_batch(26, requested_by=staff_user)
    client.force_login(staff_user)
    first = client.get(reverse("exports:list")).content.decode()
    second = client.get(reverse("exports:list") + "?page=2").content.decode()
    assert first.count('class="export-row"') == 25
    assert second.count('class="export-row"') == 1
    assert "Pagina 1 van 2" in first


def test_list_needs_sign_in(client):
    assert _answer(client.get(reverse("exports:list"))) == LOGIN


def test_staff_header_and_home_link_to_exports(client, staff_user, applicant):
    call = CallFactory()
    client.force_login(staff_user)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("exports:list")}"' in html
    assert f'href="{reverse("exports:call_exports", args=[call.slug])}"' in html
    client.force_login(applicant)
    assert f'href="{reverse("exports:list")}"' not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_list_queries_do_not_grow_with_exports(
    client, staff_user, other_staff, count, django_assert_num_queries
):
    for n in range(count):
        done_export(requested_by=other_staff if n % 2 else staff_user)
        ExportFactory(requested_by=staff_user, status=ExportStatus.RUNNING, progress_total=3)
    client.force_login(staff_user)
    # session, user, count, page of exports with their requesters
    with django_assert_num_queries(4):
        assert client.get(reverse("exports:list")).status_code == 200


@pytest.mark.parametrize("count", [1, 5])
def test_call_export_centre_queries_do_not_grow(
    client, staff_user, count, django_assert_num_queries
):
    dossiers = submitted_dossiers(count)
    call = dossiers[0].call
    for dossier in dossiers:
        trajectory_for(dossier=dossier)
        ExportFactory(requested_by=staff_user, params={"call": call.pk})
    client.force_login(staff_user)
    from plgportal.spreadsheets.registry import DATASETS

    # session, user, call, 2 bulk counts, recent exports, one count per dataset
    with django_assert_num_queries(6 + len(DATASETS)):
        assert client.get(reverse("exports:call_exports", args=[call.slug])).status_code == 200
