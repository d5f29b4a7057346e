"""Downloading a call's table (plgportal/spreadsheets/views.py): staff only; small tables at
once, large ones through a background export."""

import pytest
from django.urls import reverse

from plgportal.exports.models import Export
from plgportal.spreadsheets.registry import DATASETS
from tests.factories import CallFactory, DossierFactory
from tests.spreadsheets.helpers import as_dicts, csv_rows, xlsx_rows

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def call(db):
    call = CallFactory(slug="plg-2024")
    DossierFactory(call=call, working_title="Één school, één plan")
    DossierFactory(call=call, working_title="@SUM(A1)")
    return call


def url(call, dataset="dossiers", fmt="xlsx"):
    return reverse(
        "spreadsheets:download", kwargs={"slug": call.slug, "dataset": dataset, "fmt": fmt}
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("dataset", list(DATASETS))
def test_staff_download_every_dataset_at_once(client, staff_user, call, dataset, fmt):
    client.force_login(staff_user)

    response = client.get(url(call, dataset, fmt))

    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == f'attachment; filename="plg-2024-{dataset}.{fmt}"'


def test_staff_dossier_table_keeps_accents_and_neutralises_formulas(client, staff_user, call):
    client.force_login(staff_user)

    from_csv = as_dicts(csv_rows(client.get(url(call, fmt="csv")).content))
    from_xlsx = as_dicts(xlsx_rows(client.get(url(call, fmt="xlsx")).content))

    assert [row["Werktitel"] for row in from_csv] == ["Één school, één plan", "'@SUM(A1)"]
    assert [row["Werktitel"] for row in from_xlsx] == ["Één school, één plan", "@SUM(A1)"]


@pytest.mark.parametrize("principal", ["applicant", "juror", "coach"])
def test_others_may_not_download(client, request, call, principal):
    client.force_login(request.getfixturevalue(principal))

    assert client.get(url(call)).status_code == 403


def test_anonymous_is_sent_to_login(client, call):
    response = client.get(url(call))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("slug", "dataset", "fmt"),
    [
        ("plg-2024", "onbekend", "xlsx"),
        ("plg-2024", "dossiers", "pdf"),
        ("geen", "dossiers", "csv"),
    ],
)
def test_unknown_call_dataset_or_format_is_not_found(client, staff_user, call, slug, dataset, fmt):
    client.force_login(staff_user)

    response = client.get(
        reverse("spreadsheets:download", kwargs={"slug": slug, "dataset": dataset, "fmt": fmt})
    )

    assert response.status_code == 404


def test_table_at_the_limit_is_still_made_at_once(client, staff_user, call, settings):
    settings.EXPORT_SYNC_ROW_LIMIT = 2
    client.force_login(staff_user)

    response = client.get(url(call))

    assert response.status_code == 200
    assert Export.objects.count() == 0


def test_table_over_the_limit_is_made_in_the_background(
    client, staff_user, call, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_SYNC_ROW_LIMIT = 1
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url(call, fmt="csv"))

    export = Export.objects.get()
    assert response.status_code == 302
    assert response["Location"] == export.get_absolute_url()
    assert (export.kind, export.requested_by, export.params) == (
        "spreadsheet",
        staff_user,
        {"call": call.pk, "dataset": "dossiers", "format": "csv"},
    )
    export.refresh_from_db()  # Celery runs eagerly in tests: the file is there
    assert export.filename == "plg-2024-dossiers.csv"
    with export.file.open("rb") as stored:
        rows = as_dicts(csv_rows(stored.read()))
    assert [row["Werktitel"] for row in rows] == ["Één school, één plan", "'@SUM(A1)"]
