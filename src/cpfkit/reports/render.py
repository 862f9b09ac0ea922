"""Turning a report into a file: standalone HTML, PDF (WeasyPrint), XLSX (openpyxl) or JSON.

HTML and PDF come from the same Jinja2 template (``templates/<kind>.html``):
the HTML page inlines its stylesheet and Plotly's JavaScript from the installed
``plotly`` package (no network at all), the PDF gets print CSS (A4, running
header, page numbers, table headers repeated on every page) and the charts as
static SVG (:mod:`cpfkit.reports.charts_svg`).  How figures are written is
:mod:`cpfkit.reports.formatting`; the template environment is :mod:`cpfkit.reports.templating`.
"""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path
from typing import Any

import plotly
from markupsafe import Markup

from cpfkit import __version__, clock
from cpfkit.errors import CpfkitError
from cpfkit.jsonable import jsonable
from cpfkit.reports.charts import STATUS_COLOURS, Chart
from cpfkit.reports.charts_page import page_parts
from cpfkit.reports.charts_plotly import to_plotly
from cpfkit.reports.charts_portfolio import area_money_chart
from cpfkit.reports.charts_results import indicator_charts, objective_progress_chart, status_chart
from cpfkit.reports.charts_svg import to_svg
from cpfkit.reports.completion_review import CompletionReview
from cpfkit.reports.language import current_language, gettext, language_of, speaking
from cpfkit.reports.performance_review import PerformanceReview
from cpfkit.reports.results_matrix import ResultsMatrix
from cpfkit.reports.templating import TEMPLATES, environment, outcome_label, source_refs
from cpfkit.reports.terms import TermNotes

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "Report",
    "format_for",
    "render",
    "render_bytes",
    "render_html",
    "render_json",
    "render_pdf",
]

FORMATS = ("html", "pdf", "xlsx", "json")
"""The formats every report is written in."""


MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
"""The media type of each format, for downloads."""


Report = ResultsMatrix | PerformanceReview | CompletionReview


_PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _charts(report: Report) -> list[Chart]:
    if isinstance(report, CompletionReview):
        return [*indicator_charts(report.framework), area_money_chart(report.portfolio)]
    if isinstance(report, PerformanceReview):
        return [area_money_chart(report.portfolio), objective_progress_chart(report.framework)]
    return [status_chart(report.framework)]


def _drawn(report: Report, for_print: bool) -> dict[str, list[dict[str, Any]]]:
    """The charts of a report by id, each drawn for the page (Plotly) or for print (SVG, in parts a page holds)."""
    drawn: dict[str, list[dict[str, Any]]] = {}
    for whole in _charts(report):
        for chart in page_parts(whole) if for_print else [whole]:
            parts = drawn.setdefault(chart.id, [])
            item: dict[str, Any] = {
                "id": chart.id,
                "dom_id": f"chart-{chart.id}" + (f"-{len(parts) + 1}" if parts else ""),
                "title": chart.title,
                "part": chart.part,
                "note": chart.note,
            }
            if for_print:
                svg = to_svg(chart)
                item["svg"] = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
            else:
                item["figure"] = to_plotly(chart)
            parts.append(item)
    return drawn


_KIND_TEMPLATE = {"results-matrix": "results_matrix.html", "plr": "plr.html", "clr": "clr.html"}


def render_html(report: Report, *, for_print: bool = False, lang: str | None = None) -> str:
    """The report as one HTML document in a language (``for_print``: the variant WeasyPrint turns into the PDF)."""
    with speaking(lang):
        return _html(report, for_print)


def _html(report: Report, for_print: bool) -> str:
    env = environment()
    template = env.get_template(_KIND_TEMPLATE[report.report.kind])
    return template.render(
        r=report,
        info=report.report,
        charts=_drawn(report, for_print),
        refs=source_refs(report.sources),
        for_print=for_print,
        css=Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
        page_counter=page_counter(),
        plotly_js=Markup(_PLOTLY_JS.read_text(encoding="utf-8")) if not for_print else "",
        lang=current_language.get(),
        version=__version__,
        today=clock.today(),
        status_colours=STATUS_COLOURS,
        outcome_label=outcome_label,
        term=TermNotes(),
    )


def page_counter() -> Markup:
    """The PDF's running page number in the report's language, as the value of a CSS ``content``.

    Examples:
        >>> str(page_counter())
        '"Page " counter(page) " of " counter(pages)'
    """
    text = gettext("Page %(page)s of %(pages)s")
    parts = []
    for part in re.split(r"(%\((?:page|pages)\)s)", text):
        if part in ("%(page)s", "%(pages)s"):
            parts.append(f"counter({part[2:-2]})")
        elif part:
            parts.append(json.dumps(part, ensure_ascii=False))  # a CSS string: quotes and backslashes escaped
    return Markup(" ".join(parts))


def _pdf(report: Report, lang: str | None) -> bytes:
    from cpfkit.reports.pdf import html_to_pdf

    return html_to_pdf(render_html(report, for_print=True, lang=lang), str(TEMPLATES))


def render_pdf(report: Report, path: Path, lang: str | None = None) -> None:
    """Write the report as an A4 PDF in a language."""
    path.write_bytes(_pdf(report, lang))


def render_json(report: Report, lang: str | None = None) -> str:
    """The report as JSON: every figure the other formats show, and the rules' inputs.

    The figures and the codes (statuses, ratings) are the same in every language, so scripts read any of them
    alike; ``lang`` is checked, and the data's own texts (titles, names) are those the report was built with.
    """
    language_of(lang)
    return json.dumps(jsonable(report), indent=2, ensure_ascii=False) + "\n"


def format_for(path: Path | None, fmt: str | None) -> str:
    """The format asked for, or the one the file name ends with.

    Raises:
        CpfkitError: neither says a known format.
    """
    if fmt:
        if fmt not in FORMATS:
            raise CpfkitError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        return fmt
    suffix = path.suffix.lower().lstrip(".") if path else ""
    if suffix in FORMATS:
        return suffix
    if suffix == "htm":
        return "html"
    raise CpfkitError("say the format with --format (html, pdf, xlsx or json), or end the file name with it")


def render_bytes(report: Report, fmt: str, lang: str | None = None) -> bytes:
    """The report in a format and a language (English by default), as the bytes of the file."""
    if fmt == "html":
        return render_html(report, lang=lang).encode("utf-8")
    if fmt == "json":
        return render_json(report, lang).encode("utf-8")
    if fmt == "pdf":
        return _pdf(report, lang)
    if fmt == "xlsx":
        from cpfkit.reports.xlsx import write_xlsx

        buffer = io.BytesIO()
        with speaking(lang):
            write_xlsx(report, buffer)
        return buffer.getvalue()
    raise CpfkitError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def render(report: Report, fmt: str, path: Path, lang: str | None = None) -> Path:
    """Write the report in a format and a language (English by default) to a file.

    Returns:
        The path written.
    """
    if fmt == "html":
        path.write_text(render_html(report, lang=lang), encoding="utf-8")
    elif fmt == "pdf":
        render_pdf(report, path, lang)
    elif fmt == "xlsx":
        from cpfkit.reports.xlsx import write_xlsx

        with speaking(lang):
            write_xlsx(report, path)
    elif fmt == "json":
        path.write_text(render_json(report, lang), encoding="utf-8")
    else:
        raise CpfkitError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return path
