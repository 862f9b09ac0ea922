"""A report chart too tall for a page is drawn in parts, each on the scale of the whole, with every label whole."""

from __future__ import annotations

import html
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from cpfkit.reports.charts import Chart, Series
from cpfkit.reports.charts_font import RUNS, UNITS_PER_EM
from cpfkit.reports.charts_page import LABEL_IN, PAGE_IN, label_lines, page_parts, text_width
from cpfkit.reports.charts_svg import ticks, to_svg
from cpfkit.reports.formatting import number, percent
from cpfkit.reports.language import _, speaking

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


# -- the SVG written for the PDF -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("high", "integer", "expected"),
    [  # the ticks matplotlib's MaxNLocator gave these axes when it drew the charts
        (1.12, False, [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]),
        (1.68, False, [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0, 1.2000000000000002, 1.4000000000000001, 1.6]),
        (0.7, False, [0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001]),
        (42.0, False, [0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 35.0, 40.0]),
        (1207.5, False, [0.0, 200.0, 400.0, 600.0, 800.0, 1000.0, 1200.0]),
        (3912.0, False, [0.0, 500.0, 1000.0, 1500.0, 2000.0, 2500.0, 3000.0, 3500.0]),
        (8.4, True, [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]),
        (3.15, True, [0.0, 1.0, 2.0, 3.0]),
        (26.25, True, [0.0, 3.0, 6.0, 9.0, 12.0, 15.0, 18.0, 21.0, 24.0]),
    ],
)
def test_the_x_axis_has_round_ticks(high: float, integer: bool, expected: list[float]) -> None:
    assert ticks(0.0, high, integer) == expected


def test_the_width_table_is_the_fonts() -> None:
    font_file = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font_file.exists():
        pytest.skip("no DejaVu Sans on this system")
    from fontTools.ttLib import TTFont

    font = TTFont(font_file)
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    assert font["head"].unitsPerEm == UNITS_PER_EM
    for start, widths in RUNS.items():
        assert list(widths) == [hmtx[cmap[c]][0] if c in cmap else 0 for c in range(start, start + len(widths))]
    assert text_width("expected by now") == pytest.approx(64.18, abs=0.5)  # as matplotlib measured it


def _texts(svg: str) -> list[ElementTree.Element]:
    root = ElementTree.fromstring(svg)
    return list(root.iter("{http://www.w3.org/2000/svg}text"))


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_labels_lines_stand_in_its_column_flush_left(lang: str) -> None:
    chart = _tall(8)
    label = chart.categories[0]
    with speaking(lang):
        svg = to_svg(chart)
    texts = _texts(svg)
    first = next(i for i, t in enumerate(texts) if t.text == label_lines(label)[0])
    lines = texts[first : first + len(label_lines(label))]
    assert [t.text for t in lines] == label_lines(label) and len(lines) >= 2
    edge = LABEL_IN * 72 - 3.5
    starts = [
        float(t.get("x", 0)) - (text_width(t.text or "") if t.get("text-anchor") == "end" else 0.0) for t in lines
    ]
    assert all(s == pytest.approx(starts[0], abs=0.01) for s in starts)  # one left edge
    assert max(s + text_width(t.text or "") for s, t in zip(starts, lines, strict=True)) == pytest.approx(
        edge, abs=0.01
    )
    assert min(starts) > 0
    ticks_ = [t.text for t in texts if t.get("text-anchor") == "middle"]
    with speaking(lang):
        assert ticks_[:3] == [percent(0.0), percent(0.2), percent(0.4)]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_character_of_the_charts_has_its_width(lang: str) -> None:
    from cpfkit.reports.charts_page import _WIDTHS

    with speaking(lang):
        words = "".join(
            [
                _("share of the way from baseline to target"),
                _("committed (net)"),
                _("disbursed"),
                _("pipeline (planned)"),
                _("expected by now"),
                _("mean progress of its indicators"),
                _("US$ millions"),
                _("indicators"),
                percent(0.6),
                number(3500, 0),
            ]
        )
    assert "ә" in words or "ы" in words
    assert set(words) <= set(_WIDTHS)


@pytest.mark.parametrize(
    "label",
    [
        "PA4 Институты — услуги в сфере правосудия, государственные финансы и нормативная база ГЧП",
        "I1.1.1 Жаңартылған дәліздер бойында көлік байланысы жақсарған тұрғындар саны, мың адам",
        "I1.1.1 People with improved transport connectivity along upgraded corridors",
    ],
)
def test_every_line_of_a_label_fits_the_label_column_in_any_script(label: str) -> None:
    lines = label_lines(label)
    assert " ".join(lines) == label
    assert all(text_width(line) <= LABEL_IN * 72 - 3.5 for line in lines)
    assert all(len(line) <= 46 for line in lines)
