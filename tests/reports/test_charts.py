"""A report chart too tall for a page is drawn in parts, each on the scale of the whole, with every label whole."""

from __future__ import annotations

import html
import re

from cpfkit.reports.charts import Chart, Series
from cpfkit.reports.charts_page import PAGE_IN, page_parts
from cpfkit.reports.charts_svg import to_svg

NAME = "Households in the {} region connected to a rehabilitated water supply and sanitation network"


def _tall(n: int) -> Chart:
    labels = tuple(f"I{k}.1 " + NAME.format(f"district {k}") for k in range(n))
    return Chart(
        id="indicators",
        title="Every indicator against its target",
        categories=labels,
        series=(
            Series("share", tuple(k / n * 1.5 for k in range(n)), "#1f5f8b", labels=tuple(f"{k}" for k in range(n))),
        ),
        x_title="share of the way from baseline to target",
        percent=True,
        reference=1.0,
        extra={"colours": ["#1a7f5a"] * n},
    )


def test_a_tall_chart_is_drawn_in_parts_a_page_holds() -> None:
    chart = _tall(60)
    parts = page_parts(chart)
    assert len(parts) >= 3
    assert [c for part in parts for c in part.categories] == list(chart.categories)
    assert [v for part in parts for v in part.series[0].values] == list(chart.series[0].values)
    assert [c for part in parts for c in part.extra["colours"]] == chart.extra["colours"]
    assert {part.x_max for part in parts} == {chart.top()}  # one scale for all parts
    assert [part.part for part in parts] == [f"{chart.title} ({k} of {len(parts)})" for k in range(1, len(parts) + 1)]
    for part in parts:
        svg = to_svg(part)
        height = re.search(r'<svg[^>]* height="([\d.]+)pt"', svg)
        assert height is not None and float(height.group(1)) <= PAGE_IN * 72
        drawn = " ".join(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))
        for label in part.categories:
            assert label in drawn


def test_a_chart_that_fits_is_drawn_whole() -> None:
    chart = _tall(8)
    assert page_parts(chart) == [chart]
