"""Bar charts in the PDFs drawn as boxes (plgportal.pdf_charts, templates/pdf/_bars.html), on
the scale of the pages' SVG charts, and the trajectory overview showing both of its charts."""

import pytest

from plgportal.charts import Series
from plgportal.pdf_charts import bar_chart
from sessions.documents import trajectory_overview_pdf
from sessions.models import Trajectory
from tests.pdfs import demo_trajectory, read_pdf


def test_bars_stand_on_the_scale_with_a_grid_line_every_tenth():
    chart = bar_chart(
        title="Aanwezigheid",
        categories=["1 · 01/10", "2 · 31/10"],
        series=[Series("School A", [50, None]), Series("School B", [100, 0])],
        low=0,
        high=100,
    )
    assert [tick.label for tick in chart.ticks] == [str(n) for n in range(0, 101, 10)]
    assert chart.ticks[5].bottom == "50.00"
    # No bar for a missing value; a 0 stays visible as a sliver.
    assert [bar.height for bar in chart.bars] == ["50.00", "100.00", "0.70"]
    assert [bar.colour for bar in chart.bars] == ["#0072B2", "#E69F00", "#E69F00"]
    assert [category.left for category in chart.categories] == ["0.00", "50.00"]
    assert [key.label for key in chart.keys] == ["School A", "School B"]


def test_long_labels_are_shortened_as_on_the_page():
    chart = bar_chart(
        title="t", categories=["Bijeenkomst met lange naam"], series=[], low=0, high=100
    )
    assert chart.categories[0].label == "Bijeenkomst m…"


@pytest.mark.django_db
def test_trajectory_overview_pdf_shows_both_charts_with_their_labels(coach):
    trajectory = demo_trajectory(coach=coach)
    pdf = read_pdf(trajectory_overview_pdf(Trajectory.objects.get(pk=trajectory.pk)))

    charts = pdf.text.split("Aanwezigheid per bijeenkomst en school", 1)[1]
    for meeting in trajectory.meetings.all():
        assert f"{meeting.position} · {meeting.date:%d/%m}" in charts
    for tick in ("100", "50", "0"):  # the scale's labels
        assert tick in charts.split()
    assert "Scholen met voorbereiding" in charts
