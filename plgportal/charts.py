"""Small inline SVG charts drawn on the server: no JavaScript, no CDN. Each chart carries a
<title> and <desc> (read by screen readers) and the table beside it holds the same numbers."""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

# Colour-blind-safe palette (Okabe-Ito), one colour per series.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
FONT = 'font-family="sans-serif" font-size="11"'  # pasted into trusted format strings


@dataclass(frozen=True)
class Series:
    """One series' values (a juror's, a school's), in the order of the chart's categories
    (None: no value)."""

    label: str
    values: Sequence[float | None]


def _svg(
    *, dom_id: str, width: int, height: int, title: str, desc: str, body: list[SafeString]
) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{w}" '
        'height="{h}" viewBox="0 0 {w} {h}" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        id=dom_id,
        title=title,
        desc=desc,
        body=format_html_join("", "{}", ((part,) for part in body)),
    )


def _axis(
    *, left: int, top: int, plot_w: int, plot_h: int, low: float, high: float
) -> list[SafeString]:
    """Horizontal grid lines with their values, one per whole step (at most 10)."""
    step = max(1, round((high - low) / 10)) if high > low else 1
    lines = []
    value = low
    while value <= high + 1e-9:
        y = top + plot_h - (value - low) / (high - low or 1) * plot_h
        lines.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="#ddd"/>'
                '<text x="{}" y="{y}" text-anchor="end" dominant-baseline="middle" '
                + FONT
                + ">{}</text>",
                left,
                left + plot_w,
                left - 4,
                _number(value),
                y=_c(y),
            )
        )
        value += step
    return lines


def _c(coordinate: float) -> str:
    """A coordinate for SVG: one decimal, always a point."""
    return f"{coordinate:.1f}"


def _number(value: float) -> str:
    """A value for people (Belgian decimal comma)."""
    return f"{value:g}".replace(".", ",")


def grouped_bars(
    *,
    dom_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    low: float,
    high: float,
) -> SafeString:
    """Bars per category (a criterion, a meeting), one per series (a juror, a school), on a
    fixed low..high scale."""
    # Pages draw the same charts again and again (an overview holds one per trajectory):
    # the SVG depends only on these values, so it is drawn once per distinct input.
    return _grouped_bars(
        dom_id=str(dom_id),
        title=str(title),
        categories=tuple(str(category) for category in categories),
        series=tuple(Series(label=str(one.label), values=tuple(one.values)) for one in series),
        low=low,
        high=high,
    )


@lru_cache(maxsize=512)
def _grouped_bars(
    *,
    dom_id: str,
    title: str,
    categories: tuple[str, ...],
    series: tuple[Series, ...],
    low: float,
    high: float,
) -> SafeString:
    left, top, bottom, legend_h = 34, 10, 38, 18 * ((len(series) + 2) // 3)
    group_w = max(60, 22 * max(len(series), 1) + 20)
    plot_w, plot_h = group_w * max(len(categories), 1), 150
    width, height = left + plot_w + 10, top + plot_h + bottom + legend_h
    bar_w = (group_w - 20) / max(len(series), 1)
    parts = [*_axis(left=left, top=top, plot_w=plot_w, plot_h=plot_h, low=low, high=high)]
    for c_index, category in enumerate(categories):
        x0 = left + c_index * group_w + 10
        for s_index, one in enumerate(series):
            value = one.values[c_index]
            if value is None:
                continue
            bar_h = (value - low) / (high - low) * plot_h if high > low else 0
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
                    _c(x0 + s_index * bar_w),
                    _c(top + plot_h - bar_h),
                    _c(bar_w - 2),
                    _c(max(bar_h, 1)),
                    PALETTE[s_index % len(PALETTE)],
                    f"{one.label} – {category}: {_number(value)}",
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" ' + FONT + ">{}</text>",
                _c(x0 + (group_w - 20) / 2),
                top + plot_h + 16,
                _short(category),
            )
        )
    for s_index, one in enumerate(series):
        x = left + (s_index % 3) * 160
        y = top + plot_h + bottom + (s_index // 3) * 18
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
                '<text x="{}" y="{}" ' + FONT + ">{}</text>",
                x,
                y - 9,
                PALETTE[s_index % len(PALETTE)],
                x + 14,
                y,
                _short(one.label, 22),
            )
        )
    desc = "; ".join(
        f"{one.label}: "
        + ", ".join(
            f"{category} {_number(value) if value is not None else '–'}"
            for category, value in zip(categories, one.values, strict=True)
        )
        for one in series
    )
    return _svg(
        dom_id=dom_id,
        width=max(width, left + 3 * 160),
        height=height,
        title=title,
        desc=desc,
        body=parts,
    )


def histogram(
    *, dom_id: str, title: str, values: Sequence[float], low: float, high: float, bins: int = 10
) -> SafeString:
    """How many values fall in each of `bins` equal intervals of low..high (last one closed)."""
    counts = bin_counts(values, low=low, high=high, bins=bins)
    left, top, bottom = 30, 10, 34
    bar_w, plot_h = 36, 120
    plot_w = bar_w * bins
    highest = max(counts, default=0) or 1
    edges = [low + (high - low) * i / bins for i in range(bins + 1)]
    parts = [*_axis(left=left, top=top, plot_w=plot_w, plot_h=plot_h, low=0, high=highest)]
    for index, count in enumerate(counts):
        bar_h = count / highest * plot_h
        interval = f"{_number(round(edges[index], 2))}–{_number(round(edges[index + 1], 2))}"
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
                left + index * bar_w + 1,
                _c(top + plot_h - bar_h),
                bar_w - 2,
                _c(bar_h),
                PALETTE[0],
                ngettext(
                    "%(interval)s: %(count)d dossier", "%(interval)s: %(count)d dossiers", count
                )
                % {"interval": interval, "count": count},
            )
        )
    for index in (0, bins):
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" ' + FONT + ">{}</text>",
                left + index * bar_w,
                top + plot_h + 16,
                _number(round(edges[index], 2)),
            )
        )
    desc = "; ".join(
        f"{_number(round(edges[i], 2))}–{_number(round(edges[i + 1], 2))}: {count}"
        for i, count in enumerate(counts)
    )
    return _svg(
        dom_id=dom_id,
        width=left + plot_w + 10,
        height=top + plot_h + bottom,
        title=title,
        desc=desc,
        body=parts,
    )


def bin_counts(values: Sequence[float], *, low: float, high: float, bins: int) -> list[int]:
    counts = [0] * bins
    width = (high - low) / bins if high > low else 1
    for value in values:
        index = min(int((value - low) / width), bins - 1)
        counts[max(index, 0)] += 1
    return counts


def _short(text: str, length: int = 14) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
