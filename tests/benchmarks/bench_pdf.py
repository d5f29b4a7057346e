"""`make bench`: how long each kind of PDF takes to render, printed as figures.

Not part of `make test` (its files are named bench_*.py): a time measured on a shared, noisy
machine says nothing pass/fail; compare figures between runs on the same machine instead.
"""

import statistics
import time

import pytest

from applications.documents.pdf import dossier_pdf
from jury.exports import export_pdf
from sessions.documents import attendance_sheet_pdf, evaluation_report_pdf, trajectory_overview_pdf
from tests.pdfs import demo_dossier, demo_ranking, demo_trajectory, read_pdf

pytestmark = pytest.mark.django_db
ROUNDS = 5


def bench_pdf_render_times(staff_user, coach, django_assert_num_queries):
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
    with django_assert_num_queries(0):
        dossier_pdf(dossier)  # the dossier PDF is rendered from prefetched data only

    print(f"\nPDF render time over {ROUNDS} rounds (seconds)")
    print(f"{'document':<22}{'pages':>6}{'median':>9}{'min':>8}{'max':>8}")
    for name, render in documents.items():
        seconds = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            data = render()
            seconds.append(time.perf_counter() - started)
        pages = len(read_pdf(data).pages)
        assert pages >= 1, name
        print(
            f"{name:<22}{pages:>6}{statistics.median(seconds):>9.3f}"
            f"{min(seconds):>8.3f}{max(seconds):>8.3f}"
        )
