"""PDFs rendered once per version of what they show (plgportal.pdf_cache): the same document
asked again is read from storage, a changed one is drawn again, the stamp alone changes
nothing."""

import os
import threading
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import weasyprint
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from applications.documents.pdf import dossier_pdf
from applications.selectors import dossiers_full
from plgportal.celery import app as celery_app
from plgportal.pdf_cache import CACHE_DIR, MAX_IDLE, cache_prune
from tests.factories import eligible_dossier
from tests.pdfs import read_pdf

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def renders(monkeypatch):
    """How many times WeasyPrint drew a PDF."""
    calls = []
    real = weasyprint.HTML.write_pdf

    def counting(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counting)
    return calls


def cached_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / CACHE_DIR
    return sorted(path for path in root.rglob("*") if path.is_file())


def full_dossier(dossier):
    return dossiers_full().get(pk=dossier.pk)


def test_same_dossier_again_is_read_from_storage(renders):
    dossier = eligible_dossier(working_title="Samen sterker")
    first = dossier_pdf(full_dossier(dossier))
    second = dossier_pdf(full_dossier(dossier))
    assert second == first
    assert len(renders) == 1
    assert "Samen sterker" in read_pdf(second).text
    assert [path.parent.name for path in cached_files()] == ["dossier"]


def test_changed_dossier_is_drawn_again(renders):
    dossier = eligible_dossier(working_title="Samen sterker")
    dossier_pdf(full_dossier(dossier))
    dossier.working_title = "Samen nog sterker"
    dossier.save(update_fields=["working_title"])
    changed = dossier_pdf(full_dossier(dossier))
    assert len(renders) == 2
    assert "Samen nog sterker" in read_pdf(changed).text


def test_new_stamp_alone_keeps_the_first_rendering(renders, monkeypatch):
    dossier = full_dossier(eligible_dossier())
    monkeypatch.setattr(timezone, "now", lambda: datetime(2025, 3, 4, 10, 15, tzinfo=BRUSSELS))
    first = dossier_pdf(dossier)
    monkeypatch.setattr(timezone, "now", lambda: datetime(2025, 5, 6, 11, 0, tzinfo=BRUSSELS))
    later = dossier_pdf(dossier)
    assert later == first
    assert len(renders) == 1
    assert "Aangemaakt op 4 maart 2025, 10:15" in read_pdf(later).pages[0]


def test_unusable_cached_file_is_drawn_again(renders):
    dossier = full_dossier(eligible_dossier())
    good = dossier_pdf(dossier)
    (path,) = cached_files()
    path.write_bytes(good[: len(good) // 2])  # a file cut short
    again = dossier_pdf(dossier)
    assert len(renders) == 2
    assert again.startswith(b"%PDF-")
    assert len(read_pdf(again).pages) == len(read_pdf(good).pages)
    assert path.read_bytes() == again


def test_concurrent_renders_of_one_document_leave_one_whole_file(renders):
    dossier = full_dossier(eligible_dossier())
    list(dossier.schools.all())
    results, start = [], threading.Barrier(2)

    def render():
        start.wait()
        results.append(dossier_pdf(dossier))

    threads = [threading.Thread(target=render) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 2
    assert all(read_pdf(data).pages for data in results)
    (path,) = cached_files()  # no partial file left behind, no second name
    assert read_pdf(path.read_bytes()).pages


def test_prune_deletes_only_files_idle_too_long(renders):
    dossier = full_dossier(eligible_dossier())
    dossier_pdf(dossier)
    (kept,) = cached_files()
    old = kept.with_name("0" * 64 + ".pdf")
    old.write_bytes(kept.read_bytes())
    idle = (timezone.now() - MAX_IDLE - timedelta(days=1)).timestamp()
    os.utime(old, (idle, idle))
    os.utime(kept, (idle, idle))
    dossier_pdf(dossier)  # reading it again counts as use
    assert cache_prune() == 1
    assert cached_files() == [kept]
    assert len(renders) == 1


def test_prune_without_cache_does_nothing():
    assert not default_storage.exists(CACHE_DIR)
    assert cache_prune() == 0


def test_beat_prunes_the_cache_with_a_registered_task(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "pdf.prune_cache" in tasks
    celery_app.loader.import_default_modules()
    assert celery_app.tasks["pdf.prune_cache"]() == 0
