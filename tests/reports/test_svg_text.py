"""WeasyPrint lays out an SVG text placed as a whole once, and a text placed letter by letter as before."""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader

from cpfkit.reports import pdf, svg_text
from cpfkit.reports.charts_page import text_width


def _page(*texts: str) -> str:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300pt" height="120pt" viewBox="0 0 300 120"'
        ' font-family="DejaVu Sans" font-size="10">' + "".join(texts) + "</svg>"
    )
    data = base64.b64encode(svg.encode()).decode()
    return f'<img src="data:image/svg+xml;base64,{data}" style="width:300pt">'


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts WeasyPrint's SVG drawers hand to Pango, one per layout."""
    pdf.weasyprint_html()
    from weasyprint.text import line_break

    made: list[str] = []
    original = line_break.split_first_line

    def counted(text: str, *args: Any, **kwargs: Any) -> Any:
        made.append(text)
        return original(text, *args, **kwargs)

    monkeypatch.setattr(line_break, "split_first_line", counted)
    return made


def _text_of(document: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(document)).pages)


def test_weasyprint_draws_svg_texts_through_the_one_run_drawer() -> None:
    pdf.weasyprint_html()
    assert svg_text.installed()
    assert svg_text.install()  # a second call keeps it


@pytest.mark.parametrize("anchor", ["", ' text-anchor="end"', ' text-anchor="middle"'])
def test_a_text_placed_as_a_whole_is_one_layout_and_stays_readable(layouts: list[str], anchor: str) -> None:
    document = pdf.html_to_pdf(_page(f'<text x="200" y="40"{anchor}>Share of target achieved</text>'), ".")
    assert layouts == ["Share of target achieved"]
    assert "Share of target achieved" in _text_of(document)


def test_a_text_with_positions_for_its_letters_is_laid_out_letter_by_letter(layouts: list[str]) -> None:
    document = pdf.html_to_pdf(_page('<text x="20" y="40" dx="0 2 2">abc</text>'), ".")
    assert layouts == ["abc", "a", "b", "c"]  # WeasyPrint's own drawer: the whole, then each letter
    assert "abc" in _text_of(document).replace(" ", "")


def test_a_text_with_several_x_is_laid_out_letter_by_letter(layouts: list[str]) -> None:
    pdf.html_to_pdf(_page('<text x="20 30" y="40">ab</text>'), ".")
    assert layouts == ["ab", "a", "b"]


@pytest.mark.parametrize("anchor", ["start", "middle", "end"])
def test_an_anchored_text_is_as_wide_as_the_charts_measure_it(anchor: str) -> None:
    """The run starts at ``x`` and is as wide as the charts measure it: WeasyPrint's anchor shifts it by that width."""
    pdf.weasyprint_html()
    import weasyprint.svg as drawer

    boxes: list[tuple[float, float]] = []
    original = drawer.SVG.draw_node

    def spy(self: Any, node: Any, font_size: float, *args: Any, **kwargs: Any) -> Any:
        result = original(self, node, font_size, *args, **kwargs)
        if node.tag == "text":
            x, _, width, _ = node.text_bounding_box
            boxes.append((x, width))
        return result

    drawer.SVG.draw_node = spy  # type: ignore[method-assign]
    try:
        document = pdf.html_to_pdf(_page(f'<text x="150" y="40" text-anchor="{anchor}">Sixty-three</text>'), ".")
    finally:
        drawer.SVG.draw_node = original  # type: ignore[method-assign]
    assert "Sixty-three" in _text_of(document)
    ((x, width),) = boxes
    assert x == pytest.approx(150) and width == pytest.approx(text_width("Sixty-three", 10), abs=0.05)
