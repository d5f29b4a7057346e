"""Bar charts for the PDFs, drawn as positioned boxes (templates/pdf/_bars.html) rather than
as inline SVG: WeasyPrint lays out and draws SVG text one letter at a time, which cost the
trajectory overview about 100 ms for its two charts; a box of text is laid out once. Same
scale, bars, colours and labels as plgportal.charts.grouped_bars, which the pages keep."""

from collections.abc import Sequence
from dataclasses import dataclass

from plgportal.charts import PALETTE, Series

# The SVG's geometry in pixels, so both charts have the same proportions.
_GROUP_PADDING = 10
_AXIS_W = 34
_KEY_W = 160
_MIN_WIDTH = _AXIS_W + 3 * _KEY_W  # room for three legend entries, as the SVG keeps


@dataclass(frozen=True)
class Tick:
    bottom: str  # % of the plot's height
    label: str


@dataclass(frozen=True)
class Bar:
    left: str  # % of the plot's width
    width: str
    height: str  # % of the plot's height
    colour: str


@dataclass(frozen=True)
class Category:
    left: str
    width: str
    label: str


@dataclass(frozen=True)
class Key:
    colour: str
    label: str


@dataclass(frozen=True)
class BarChart:
    title: str
    width: int  # px, at most the page's width (CSS max-width)
    plot_left: str  # % of the chart's width: the axis labels' room
    plot_width: str
    key_width: str  # % of the legend's width: three keys a line, as in the SVG
    ticks: tuple[Tick, ...]
    bars: tuple[Bar, ...]
    categories: tuple[Category, ...]
    keys: tuple[Key, ...]


def _percent(part: float, whole: float) -> str:
    return f"{part / whole * 100:.2f}" if whole else "0"


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")  # Belgian decimal comma, as the SVG charts


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def bar_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    low: float,
    high: float,
) -> BarChart:
    """Bars per category, one per series, on a fixed low..high scale: positions in % of the
    plot, so the chart scales with the page like the SVG did."""
    span = high - low
    step = max(1, round(span / 10)) if span > 0 else 1
    ticks = []
    value = low
    while value <= high + 1e-9:
        ticks.append(Tick(bottom=_percent(value - low, span or 1), label=_number(value)))
        value += step
    group_w = max(60, 22 * max(len(series), 1) + 20)
    plot_w = group_w * max(len(categories), 1)
    bar_w = (group_w - 2 * _GROUP_PADDING) / max(len(series), 1)
    bars = []
    for c_index in range(len(categories)):
        x0 = c_index * group_w + _GROUP_PADDING
        for s_index, one in enumerate(series):
            value = one.values[c_index]
            if value is None:
                continue
            height = max((value - low) / span * 100 if span > 0 else 0, 0.7)  # a 0 stays visible
            bars.append(
                Bar(
                    left=_percent(x0 + s_index * bar_w, plot_w),
                    width=_percent(bar_w - 2, plot_w),
                    height=f"{height:.2f}",
                    colour=PALETTE[s_index % len(PALETTE)],
                )
            )
    width = max(_AXIS_W + plot_w + 10, _MIN_WIDTH)
    return BarChart(
        title=title,
        width=width,
        plot_left=_percent(_AXIS_W, width),
        plot_width=_percent(plot_w, width),
        key_width=_percent(_KEY_W, width - _AXIS_W),
        ticks=tuple(ticks),
        bars=tuple(bars),
        categories=tuple(
            Category(
                left=_percent(index * group_w, plot_w),
                width=_percent(group_w, plot_w),
                label=_short(label, 14),
            )
            for index, label in enumerate(categories)
        ),
        keys=tuple(
            Key(colour=PALETTE[index % len(PALETTE)], label=_short(one.label, 22))
            for index, one in enumerate(series)
        ),
    )
