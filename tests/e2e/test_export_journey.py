"""A staff member exports every dossier of a call: starts it in the call's export centre,
watches the progress bar fill while a real Celery worker builds the ZIP, and downloads it."""

import re
import time
import zipfile

import pytest
from playwright.sync_api import expect

from tests.e2e.signing_in import _log_in
from tests.exports.factories import submitted_dossiers
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET

pytestmark = pytest.mark.worker

DOSSIERS = 6
BUILD_TIMEOUT_MS = 90_000


def test_staff_exports_all_dossiers_and_downloads_the_zip(
    live_server, celery_worker, page, staff_user
):
    dossiers = submitted_dossiers(DOSSIERS)
    call = dossiers[0].call
    page.goto(f"{live_server.url}/account/login/")
    _log_in(page, staff_user.email, TEST_PASSWORD, TEST_TOTP_SECRET)

    row = page.get_by_role("row").filter(has_text=call.title)
    row.get_by_role("link", name="Exports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exports")
    bulk = page.locator(".bulk-export").filter(has_text="Alle dossiers als PDF")
    expect(bulk).to_contain_text(f"{DOSSIERS} ingediende dossiers")
    bulk.get_by_role("button", name="Starten").click()

    expect(page).to_have_url(re.compile(r"/exports/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Alle dossiers – {call.title}")
    bar = page.get_by_role("progressbar", name="Voortgang van de export")
    count = page.locator(".export-count")
    expect(count).to_contain_text(f"van {DOSSIERS}", timeout=BUILD_TIMEOUT_MS)
    # htmx swaps the bar every second: note each value it shows until the build is done.
    seen = set()
    deadline = time.monotonic() + BUILD_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        value = bar.get_attribute("aria-valuenow")
        seen.add(int(value))
        if value == str(DOSSIERS):
            break
        time.sleep(0.2)
    expect(count).to_have_text(f"{DOSSIERS} van {DOSSIERS}")
    assert any(0 < value < DOSSIERS for value in seen), f"no progress seen in between: {seen}"
    expect(page.locator(".export-status")).to_have_text("Klaar")

    link = page.get_by_role("link", name=re.compile(r"\.zip downloaden$"))
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == f"dossiers-{call.slug}.zip"
    with zipfile.ZipFile(download.path()) as archive:
        names = archive.namelist()
        assert [name for name in names if name.endswith("-dossier.pdf")] == [
            f"{d.reference}/{d.reference}-dossier.pdf" for d in dossiers
        ]
        assert len(names) == DOSSIERS * 4  # each dossier and its three letters of intent
        assert all(archive.read(name).startswith(b"%PDF") for name in names)
