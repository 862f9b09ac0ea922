"""How a report chart sits on the A4 page of the PDF: one width, one label column, rows as tall as their labels.

Every chart is drawn :data:`WIDTH_IN` wide with its labels in a column
:data:`LABEL_IN` wide, so the charts of a report share one scale on the page
and their bars line up.  Labels are wrapped, never cut: a line holds at most
:data:`LABEL_CHARS` characters, and fewer when its words are wider than the
column holds (Cyrillic letters are wider than Latin ones, measured by
:func:`text_width`); a row is as tall as its label's lines.  A chart taller than :data:`PAGE_IN` is drawn in parts,
one per page (:func:`page_parts`).
"""

from __future__ import annotations

from cpfkit.reports.charts import Chart, wrap
from cpfkit.reports.charts_font import RUNS, UNITS_PER_EM
from cpfkit.reports.language import _

__all__ = [
    "FONT_SIZE",
    "LABEL_CHARS",
    "LABEL_IN",
    "LABEL_PAD",
    "PAGE_IN",
    "RIGHT_IN",
    "TOP_IN",
    "WIDTH_IN",
    "band_in",
    "bottom_in",
    "label_lines",
    "page_parts",
    "row_in",
    "text_width",
]

WIDTH_IN = 6.7
"""The width of every chart, in inches (the page's text width is 7.1 in)."""
LABEL_IN = 2.75
"""The column of the category labels, left of the axes."""
LABEL_CHARS = 46
"""The longest line of a label, in characters: what :data:`LABEL_IN` holds at 7.5 pt of Latin text."""
LABEL_PAD = 3.5
"""Between the labels and the axes, in points."""
FONT_SIZE = 7.5
"""The size of the charts' words, in points."""
RIGHT_IN = 0.2
TOP_IN = 0.1
PAGE_IN = 7.0
"""The tallest chart drawn: with its caption it fits on a page with room to spare (the page holds 10 in)."""
_LINE_IN = 0.128  # one line of a label at 7.5 pt
_BAR_IN = 0.17  # a bar alone in its row
_GROUPED_BAR_IN = 0.13  # each bar of a group
_AXIS_IN = 0.48  # the tick labels and the title of the x axis
_LEGEND_IN = 0.3


_WIDTHS = {chr(start + i): w for start, widths in RUNS.items() for i, w in enumerate(widths) if w}
_MISSING = _WIDTHS["n"]
_LABEL_PT = LABEL_IN * 72 - LABEL_PAD - 4.0  # the room of a label's line, with a margin for the font's hinting


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """The width of a line of text in DejaVu Sans, in points (a character the table lacks counts as an ``n``).

    Examples:
        >>> round(text_width("expected by now"), 1)
        64.3
    """
    return sum(_WIDTHS.get(c, _MISSING) for c in text) * size / UNITS_PER_EM


def label_lines(label: str) -> list[str]:
    """A category label as the lines it is drawn in, each fitting the label column (a longer word stands alone).

    Examples:
        >>> label_lines("PA1 Транспортная связность — транспортные коридоры и управление автомобильными дорогами")
        ['PA1 Транспортная связность — транспортные', 'коридоры и управление автомобильными', 'дорогами']
    """
    chars = LABEL_CHARS
    lines = wrap(label, chars)
    while chars > 10 and any(text_width(line) > _LABEL_PT and " " in line for line in lines):
        chars -= 1
        lines = wrap(label, chars)
    return lines


def _bars(chart: Chart) -> int:
    return sum(1 for s in chart.series if s.kind == "bar")


def band_in(chart: Chart) -> float:
    """The height of the bars of one row: one bar, a stack, or a group side by side."""
    bars = _bars(chart)
    return _GROUPED_BAR_IN * bars if not chart.stacked and bars > 1 else _BAR_IN


def row_in(chart: Chart, label: str) -> float:
    """The height of the row of a category: its bars, or its label's lines when they are taller."""
    return max(band_in(chart) + 0.09, len(label_lines(label)) * _LINE_IN + 0.1)


def bottom_in(chart: Chart) -> float:
    """The room below the axes: the x axis, and the legend when there is more than one series."""
    return _AXIS_IN + (_LEGEND_IN if len(chart.series) > 1 else 0.0)


def page_parts(chart: Chart) -> list[Chart]:
    """The chart in parts no taller than :data:`PAGE_IN`, on the same scale (the chart itself when it fits)."""
    room = PAGE_IN - TOP_IN - bottom_in(chart)
    bounds, start, used = [], 0, 0.0
    for i, label in enumerate(chart.categories):
        height = row_in(chart, label)
        if i > start and used + height > room:
            bounds.append((start, i))
            start, used = i, 0.0
        used += height
    bounds.append((start, len(chart.categories)))
    if len(bounds) == 1:
        return [chart]
    part = chart.part or chart.title
    return [
        chart.rows(a, b, _("%(part)s (%(k)d of %(n)d)") % {"part": part, "k": k, "n": len(bounds)})
        for k, (a, b) in enumerate(bounds, start=1)
    ]
