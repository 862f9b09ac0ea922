"""A report chart as static SVG, for the PDF (WeasyPrint runs no JavaScript).

The geometry (width, label column, row heights) is :mod:`cpfkit.reports.charts_page`;
the drawing is exactly that size, so every chart of a report has the same scale.  The
SVG is written here directly, element by element, in the style the charts have always
had (axes, ticks and legend laid out as matplotlib lays them out); the words are
placed by the advance widths of their font, DejaVu Sans (:mod:`cpfkit.reports.charts_font`),
and kept as text.  The ticks are written in the report's language
(:mod:`cpfkit.reports.formatting`), as the chart's words are.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape
from itertools import accumulate

from cpfkit.reports.charts import GRID, INK, MUTED, Chart, Series
from cpfkit.reports.charts_page import (
    FONT_SIZE,
    LABEL_IN,
    LABEL_PAD,
    RIGHT_IN,
    TOP_IN,
    WIDTH_IN,
    band_in,
    bottom_in,
    label_lines,
    row_in,
    text_width,
)
from cpfkit.reports.formatting import number, percent

__all__ = ["ticks", "to_svg", "x_limits"]

PT = 72.0
"""Points to the inch: the SVG's user unit is the point."""
LABEL_SIZE = 7.0  # the values written at the end of the bars
SPINE = "#9aa5b1"
HATCH = "#8895a3"
_LINE_PT = 9.002  # from one line of a category label to the next
_TICK_PT = 3.5
_TICK_TEXT_PT = 12.698  # from the x axis to the baseline of its tick labels
_TITLE_PT = 24.199  # from the x axis to the baseline of its title
_LEGEND_PT = 8.552  # from the bottom of the chart to the baseline of the legend
_HANDLE_PT = 2.0 * FONT_SIZE  # a legend key
_HANDLE_PAD = 0.8 * FONT_SIZE  # between a key and its words
_COLUMN_PAD = 2.0 * FONT_SIZE  # between two entries of the legend
_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)  # tick steps, times a power of ten
_INTEGER_STEPS = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def x_limits(chart: Chart) -> tuple[float, float]:
    """The span of the x axis: from 0 to the chart's top, and 5% more (12% for percentages, whose bars carry labels)."""
    if chart.percent:
        return 0.0, max(chart.top(), 1.0) * 1.12
    top = chart.top()
    return 0.0, top * 1.05 if top > 0 else 1.0


def ticks(low: float, high: float, integer: bool = False) -> list[float]:
    """Round values for the x axis between ``low`` and ``high``: at most ten, as matplotlib's ``MaxNLocator`` picks.

    Examples:
        >>> ticks(0.0, 1.12)
        [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        >>> ticks(0.0, 8.4, integer=True)
        [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
    """
    bins = 10 if integer else 9  # 9: what 270 pt of axis hold at 7.5 pt
    base = _INTEGER_STEPS if integer else _STEPS
    scale = 10 ** math.floor(math.log10((high - low) / bins))
    steps = [s * scale for s in (*(0.1 * b for b in base[:-1]), *base, 10 * base[1])]
    if integer:
        steps = [s for s in steps if s < 1 or abs(s - round(s)) < 0.001]
    raw = (high - low) / bins
    first_large = next((i for i, s in enumerate(steps) if s >= raw), len(steps) - 1)
    values: list[float] = []
    for step in reversed(steps[: first_large + 1]):
        if integer and math.floor(high) - math.ceil(low) >= 1:
            step = max(1.0, step)
        start = (low // step) * step
        lo, hi = _multiples_below(low - start, step), _multiples_above(high - start, step)
        values = [k * step + start for k in range(int(lo), int(hi) + 1)]
        if sum(1 for v in values if low <= v <= high) >= 2:
            break
    span = (high - low) * 1e-10
    return [v for v in values if low - span <= v <= high + span]


def _multiples_below(x: float, step: float) -> float:
    d, m = divmod(x, step)
    return d + 1 if abs(m / step - 1) < 1e-10 else d


def _multiples_above(x: float, step: float) -> float:
    d, m = divmod(x, step)
    return d if abs(m / step) < 1e-10 else d + 1


def _f(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, text: str, *, anchor: str = "", size: float = 0.0, fill: str = "") -> str:
    attrs = f'x="{_f(x)}" y="{_f(y)}"'
    if anchor:
        attrs += f' text-anchor="{anchor}"'
    if size:
        attrs += f' font-size="{_f(size)}"'
    if fill:
        attrs += f' fill="{fill}"'
    return f"<text {attrs}>{escape(text, quote=False)}</text>"


def _rect(x: float, y: float, w: float, h: float, s: Series, colour: str) -> str:
    if s.hatch:
        return (
            f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" fill="{colour}"/>'
            f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" fill="url(#hatch)"'
            f' stroke="{HATCH}" stroke-width="0.5"/>'
        )
    return f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" fill="{colour}"/>'


_HATCH_DEF = (
    '<defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="6" height="6">'
    f'<path d="M-3 3L3 -3M0 6L6 0M3 9L9 3" stroke="{HATCH}" stroke-width="0.6"/></pattern></defs>'
)


def to_svg(chart: Chart) -> str:
    """The chart as a standalone SVG document (text kept as text), for the PDF."""
    rows = [row_in(chart, c) for c in chart.categories]
    plot_in = max(sum(rows), 0.4)
    height = (TOP_IN + plot_in + bottom_in(chart)) * PT
    width = WIDTH_IN * PT
    ys = [(TOP_IN + end - row / 2) * PT for end, row in zip(accumulate(rows), rows, strict=True)]
    left, right = LABEL_IN * PT, (WIDTH_IN - RIGHT_IN) * PT
    top, bottom = TOP_IN * PT, (TOP_IN + plot_in) * PT
    low, high = x_limits(chart)

    def x(value: float) -> float:
        return left + (value - low) / (high - low) * (right - left)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(width)}pt" height="{_f(height)}pt"'
        f' viewBox="0 0 {_f(width)} {_f(height)}" font-family="DejaVu Sans" font-size="{_f(FONT_SIZE)}">'
    ]
    if any(s.hatch for s in chart.series):
        out.append(_HATCH_DEF)
    out += _x_axis(chart, x, low, high, top, bottom)
    out += _y_labels(chart, ys, left)
    out += _bars(chart, ys, x)
    out += _markers(chart, ys, x)
    if chart.reference is not None:
        rx = _f(x(chart.reference))
        out.append(
            f'<path d="M{rx} {_f(top)}V{_f(bottom)}" stroke="{INK}" stroke-width="0.8" stroke-dasharray="1.6 1.6"/>'
        )
    out.append(
        f'<path d="M{_f(left)} {_f(top)}V{_f(bottom)}H{_f(right)}" fill="none" stroke="{SPINE}" stroke-width="0.8"'
        ' stroke-linecap="square"/>'
    )
    out += _bar_labels(chart, ys, x)
    if len(chart.series) > 1:
        out += _legend(chart, (left + right) / 2, height - _LEGEND_PT)
    out.append("</svg>\n")
    return "\n".join(out)


def _x_axis(chart: Chart, x: Callable[[float], float], low: float, high: float, top: float, bottom: float) -> list[str]:
    out = []
    for value in ticks(low, high, integer=chart.stacked and not chart.percent):
        tx = _f(x(value))
        out.append(f'<path d="M{tx} {_f(top)}V{_f(bottom)}" stroke="{GRID}" stroke-width="0.6"/>')
        out.append(f'<path d="M{tx} {_f(bottom)}v{_f(_TICK_PT)}" stroke="{MUTED}" stroke-width="0.8"/>')
        label = percent(value) if chart.percent else number(round(value), 0)
        out.append(_text(x(value), bottom + _TICK_TEXT_PT, label, anchor="middle", fill=MUTED))
    middle = (x(low) + x(high)) / 2
    out.append(_text(middle, bottom + _TITLE_PT, chart.x_title, anchor="middle", fill=MUTED))
    return out


def _y_labels(chart: Chart, ys: list[float], left: float) -> list[str]:
    """Each category's label right of the axes' left edge, its lines flush left in a block flush right."""
    edge = left - LABEL_PAD
    out = [f'<g fill="{INK}">']
    for label, y in zip(chart.categories, ys, strict=True):
        lines = label_lines(label)
        if len(lines) == 1:
            out.append(_text(edge, y + 2.849, lines[0], anchor="end"))
            continue
        widths = [text_width(line) for line in lines]
        longest = widths.index(max(widths))
        first = y - (len(lines) - 1) * _LINE_PT / 2 + 3.225
        for i, line in enumerate(lines):
            baseline = first + i * _LINE_PT
            if i == longest:  # the longest line ends exactly at the edge; the others start where it starts
                out.append(_text(edge, baseline, line, anchor="end"))
            else:
                out.append(_text(edge - widths[longest], baseline, line))
    out.append("</g>")
    return out


def _bar_series(chart: Chart) -> list[Series]:
    return [s for s in chart.series if s.kind == "bar"]


def _bar_rows(chart: Chart, ys: list[float]) -> list[tuple[Series, list[float], list[float], float]]:
    """Each series of bars with its rows' centres (points), the left ends of its bars (values) and its bar height."""
    bars = _bar_series(chart)
    band = band_in(chart) * PT
    grouped = not chart.stacked and len(bars) > 1
    h = band / len(bars) if grouped else band
    lefts = [0.0] * len(ys)
    out = []
    for i, s in enumerate(bars):
        centres = [y - band / 2 + h * (i + 0.5) for y in ys] if grouped else ys
        out.append((s, centres, list(lefts) if chart.stacked else [0.0] * len(ys), h * 0.92))
        if chart.stacked:
            lefts = [a + (v or 0.0) for a, v in zip(lefts, s.values, strict=True)]
    return out


def _colours(chart: Chart, s: Series, first: bool) -> list[str]:
    colours = chart.extra.get("colours") if first else None
    return list(colours) if colours is not None else [s.colour] * len(s.values)


def _bars(chart: Chart, ys: list[float], x: Callable[[float], float]) -> list[str]:
    out = []
    for i, (s, centres, lefts, h) in enumerate(_bar_rows(chart, ys)):
        for v, c, start, colour in zip(s.values, centres, lefts, _colours(chart, s, i == 0), strict=True):
            x0, x1 = x(start), x(start + (v or 0.0))
            out.append(_rect(x0, c - h / 2, x1 - x0, h, s, colour))
    return out


def _bar_labels(chart: Chart, ys: list[float], x: Callable[[float], float]) -> list[str]:
    out = []
    for s, centres, lefts, _h in _bar_rows(chart, ys):
        for text, v, c, start in zip(s.labels or (), s.values, centres, lefts, strict=False):
            if text:
                end = x(start + (v or 0.0)) + 3.0
                out.append(_text(end, c + 1.818, text, size=LABEL_SIZE, fill=INK))
    return out


def _markers(chart: Chart, ys: list[float], x: Callable[[float], float]) -> list[str]:
    out = []
    for s in chart.series:
        if s.kind == "marker":
            ticks_ = "".join(
                f"M{_f(x(v))} {_f(y - 6.5)}v13" for v, y in zip(s.values, ys, strict=True) if v is not None
            )
            out.append(f'<path d="{ticks_}" stroke="{s.colour}" stroke-width="2.2"/>')
    return out


def _legend(chart: Chart, centre: float, baseline: float) -> list[str]:
    """One row of keys and names under the chart, centred on the axes: the markers' first, then the bars'."""
    markers = [s for s in chart.series if s.kind == "marker"]
    bars = _bar_series(chart)
    entries = [*markers, *bars]
    widths = [text_width(s.name) for s in entries]
    total = sum(widths) + len(entries) * (_HANDLE_PT + _HANDLE_PAD) + (len(entries) - 1) * _COLUMN_PAD
    at = centre - total / 2
    out = []
    for s, w in zip(entries, widths, strict=True):
        if s.kind == "marker":
            mx = at + _HANDLE_PT / 2
            mid = baseline - 0.35 * FONT_SIZE
            out.append(f'<path d="M{_f(mx)} {_f(mid - 6.5)}v13" stroke="{s.colour}" stroke-width="2.2"/>')
        else:
            colour = _colours(chart, s, s is bars[0])[0] if s.values else s.colour
            out.append(_rect(at, baseline - 0.7 * FONT_SIZE, _HANDLE_PT, 0.7 * FONT_SIZE, s, colour))
        out.append(_text(at + _HANDLE_PT + _HANDLE_PAD, baseline, s.name))
        at += _HANDLE_PT + _HANDLE_PAD + w + _COLUMN_PAD
    return out
