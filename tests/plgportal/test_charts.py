"""grouped_bars draws each distinct chart once: the same input gives the same SVG, any change
in what it shows gives a new one."""

from plgportal.charts import Series, grouped_bars


def chart(values, *, dom_id="a", label="School <1>"):
    return grouped_bars(
        dom_id=dom_id,
        title="Aanwezigheid",
        categories=["1 · 01/10", "2 · 01/11"],
        series=[Series(label=label, values=values)],
        low=0,
        high=100,
    )


def test_grouped_bars_same_input_same_chart():
    assert chart([50, None]) == chart([50, None])
    assert "School &lt;1&gt;: 1 · 01/10 50, 2 · 01/11 –" in chart([50, None])


def test_grouped_bars_redrawn_when_anything_shown_changes():
    first = chart([50, None])

    assert chart([60, None]) != first
    assert 'id="b-title"' in chart([50, None], dom_id="b")
    assert "Andere school" in chart([50, None], label="Andere school")
