"""An SVG ``<text>`` laid out by WeasyPrint as one run of glyphs, not letter by letter.

WeasyPrint draws an SVG ``<text>`` by laying out each of its letters with Pango on its
own, so that each may carry its own ``x``, ``y``, ``dx``, ``dy`` or ``rotate``: the
120 words of the CLR's charts cost some 2,100 Pango layouts, a third of writing the
PDF.  The charts of :mod:`cpfkit.reports.charts_svg` place each text by one ``x`` and
one ``y``, so :func:`install` gives WeasyPrint a drawer that lays out such a text
once, with kerning and ligatures off as in the letter-by-letter layout (the glyphs
keep the advance widths the charts are measured with), and draws it as one text
run, still extractable from the PDF.  A text with per-letter positions, spacing or
length, or without text of its own, goes to WeasyPrint's drawer as before.

:func:`install` changes WeasyPrint only when its SVG drawer is the one this was
written for (the ``text`` function of ``weasyprint.svg.text`` registered in
``weasyprint.svg.TAGS``); otherwise it leaves WeasyPrint as it is.
"""

from __future__ import annotations

import re
from math import inf
from typing import Any

__all__ = ["install", "installed"]

_PER_LETTER = ("dx", "dy", "rotate", "letter-spacing", "textLength", "lengthAdjust")
_ONE_LENGTH = re.compile(r"^\s*[-+0-9.eE]+[a-z%]*\s*$")
_state: dict[str, Any] = {}


def _one_run(node: Any) -> bool:
    """Whether a text node is placed as a whole: one ``x`` and one ``y`` at most, no per-letter attributes."""
    attrib = node.attrib
    if not node.text or node.tag != "text" or any(name in attrib for name in _PER_LETTER):
        return False
    return all(_ONE_LENGTH.match(attrib[name]) for name in ("x", "y") if name in attrib)


def _style(svg: Any, node: Any, font_size: float) -> Any:
    """The style WeasyPrint gives an SVG text, with kerning and ligatures off."""
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.svg.text import Style

    style = Style()
    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")]
    style["font_style"] = node.get("font-style", "normal")
    weight = node.get("font-weight", 400)
    style["font_weight"] = {"normal": 400, "bold": 700}.get(weight, weight)
    try:
        style["font_weight"] = int(style["font_weight"])
    except ValueError:
        style["font_weight"] = 400
    style["font_size"] = font_size
    if node.get("direction") in ("ltr", "rtl"):
        style["direction"] = node.get("direction")
    style["font_kerning"] = "none"
    style["font_variant_ligatures"] = "none"
    return style


def _y_align(node: Any, font_size: float, height: float) -> float:
    """The vertical shift WeasyPrint gives a text for its ``display-anchor`` or baseline."""
    ascent, descent = font_size * 0.8, font_size * 0.2
    display_anchor = node.get("display-anchor")
    baseline = node.get("dominant-baseline", node.get("alignment-baseline"))
    if display_anchor == "middle":
        return -height / 2
    if display_anchor == "top":
        return 0.0
    if display_anchor == "bottom":
        return -height
    if baseline in ("central", "middle"):
        return (ascent + descent) / 2 - descent
    if baseline in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
        return ascent
    if baseline in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
        return -descent
    return 0.0


def text(svg: Any, node: Any, font_size: float) -> None:
    """Draw an SVG text node: as one run when it is placed as a whole, else letter by letter."""
    if not _one_run(node):
        _state["letters"](svg, node, font_size)
        return
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.text import TextBox
    from weasyprint.svg.utils import size
    from weasyprint.text.line_break import split_first_line

    style = _style(svg, node, font_size)
    layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)
    if "x" in node.attrib:
        svg.cursor_d_position[0] = 0
        x = size(node.attrib["x"].strip(), font_size, svg.inner_width)
    else:
        x = svg.cursor_position[0]
    if "y" in node.attrib:
        svg.cursor_d_position[1] = 0
        y = size(node.attrib["y"].strip(), font_size, svg.inner_height)
    else:
        y = svg.cursor_position[1]
    svg.cursor_position = x + width, y
    x_position = x + svg.cursor_d_position[0]
    y_position = y + svg.cursor_d_position[1] + _y_align(node, font_size, height)
    points = ((x_position, y_position - baseline), (x_position + width, y_position - baseline + height))
    node.text_bounding_box = extend_bounding_box(node.text_bounding_box, points)

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    box = TextBox(layout, style)
    box.baseline = baseline
    emojis = draw_first_line(svg.stream, box, "none", "none", Matrix(a=1, d=-1, e=x_position, f=y_position))
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)


def install() -> bool:
    """Give WeasyPrint's SVG drawer :func:`text` for its text tags; whether it is (now) in place."""
    import importlib

    drawer = importlib.import_module("weasyprint.svg")
    letters = importlib.import_module("weasyprint.svg.text")  # the package's name `text` is the function
    if drawer.text is text:
        return True
    if drawer.text is not letters.text or drawer.TAGS.get("text") is not letters.text:
        return False
    _state["letters"] = letters.text
    for tag, draw in list(drawer.TAGS.items()):
        if draw is letters.text:
            drawer.TAGS[tag] = text
    setattr(drawer, "text", text)  # noqa: B010 - the drawer tells text tags (their anchor, their bounding box) by this name
    return True


def installed() -> bool:
    """Whether WeasyPrint draws SVG texts through :func:`text`."""
    import sys

    drawer = sys.modules.get("weasyprint.svg")
    return drawer is not None and getattr(drawer, "text", None) is text
