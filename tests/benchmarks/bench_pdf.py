"""`make bench`: how long each kind of PDF takes to render, printed as figures: the first
rendering (WeasyPrint) and the cached one (plgportal.pdf_cache: data, HTML, hash, read), per
document and per page, and a cached dossier PDF downloaded through its view.

Not part of `make test` (its files are named bench_*.py): a time measured on a shared, noisy
machine says nothing pass/fail; compare figures between runs on the same machine instead.
"""

import shutil
import statistics
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from applications.documents.pdf import dossier_pdf
from applications.selectors import dossiers_full
from jury.exports import export_pdf
from plgportal.pdf_cache import CACHE_DIR
from sessions.documents import attendance_sheet_pdf, evaluation_report_pdf, trajectory_overview_pdf
from tests.pdfs import demo_dossier, demo_ranking, demo_trajectory, read_pdf

pytestmark = pytest.mark.django_db
ROUNDS = 5


def clear_cache():
    shutil.rmtree(Path(settings.MEDIA_ROOT) / CACHE_DIR, ignore_errors=True)


def timed(render, *, before=lambda: None) -> tuple[list[float], bytes]:
    seconds = []
    for _ in range(ROUNDS):
        before()
        started = time.perf_counter()
        data = render()
        seconds.append(time.perf_counter() - started)
    return seconds, data


def bench_pdf_render_times(staff_user, coach, client, django_assert_num_queries):
    dossier = demo_dossier()
    list(dossier.schools.all())
    ranking, _ = demo_ranking(staff=staff_user)
    trajectory = demo_trajectory(coach=coach)
    meeting = trajectory.meetings.order_by("position").first()
    documents = {
        "dossier (5 schools)": lambda: dossier_pdf(dossier),
        "ranking": lambda: export_pdf(ranking),
        "trajectory overview": lambda: trajectory_overview_pdf(trajectory),
        "evaluation report": lambda: evaluation_report_pdf(trajectory.report),
        "attendance sheet": lambda: attendance_sheet_pdf(meeting),
    }
    # The first render pays for WeasyPrint's imports and the first stylesheet parse.
    dossier_pdf(dossier)
    clear_cache()
    with django_assert_num_queries(0):
        dossier_pdf(dossier)  # the dossier PDF is rendered from prefetched data only

    print(f"\nPDF render time, median of {ROUNDS} rounds (ms)")
    print(f"{'document':<22}{'pages':>6}{'first':>8}{'/page':>8}{'cached':>8}")
    for name, render in documents.items():
        first, data = timed(render, before=clear_cache)
        cached, _ = timed(render)
        pages = len(read_pdf(data).pages)
        assert pages >= 1, name
        first_ms, cached_ms = statistics.median(first) * 1000, statistics.median(cached) * 1000
        print(f"{name:<22}{pages:>6}{first_ms:>8.0f}{first_ms / pages:>8.0f}{cached_ms:>8.0f}")

    # The whole download: the view's permission check, the dossier's queries, the HTML, the
    # cache read, the response.
    client.force_login(dossier.created_by)
    url = reverse("applications:dossier_pdf", args=[dossier.pk])
    seconds, _ = timed(lambda: client.get(url).content)
    print(f"{'dossier download, cached':<36}{statistics.median(seconds) * 1000:>8.0f}")
    assert dossiers_full().get(pk=dossier.pk).reference in read_pdf(client.get(url).content).text
