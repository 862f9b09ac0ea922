"""Turning a report into a file: standalone HTML, PDF (WeasyPrint), XLSX (openpyxl) or JSON.

HTML and PDF come from the same Jinja2 template (``templates/<kind>.html``):
the HTML page inlines its stylesheet and Plotly's JavaScript from the installed
``plotly`` package (no network at all), the PDF gets print CSS (A4, running
header, page numbers, table headers repeated on every page) and the charts as
static SVG drawn by matplotlib.
"""

from __future__ import annotations

import base64
import io
import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import plotly
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from cpfkit import __version__, clock
from cpfkit.errors import CpfkitError
from cpfkit.jsonable import jsonable
from cpfkit.reference import load_scale
from cpfkit.reports import charts as ch
from cpfkit.reports.reviews import CompletionReview, PerformanceReview, ResultsMatrix
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
_TEMPLATES = Path(__file__).parent / "templates"
_PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
_BILLION = Decimal(1_000_000_000)
_MILLION = Decimal(1_000_000)


# -- formatting ------------------------------------------------------------------------------


def number(value: Decimal | float | int | None, places: int = 2) -> str:
    """A figure as people write it: thousands separated, at most ``places`` decimals, no trailing zeros.

    Examples:
        >>> number(Decimal("5000000")), number(Decimal("66.70")), number(Decimal("3.5600")), number(None)
        ('5,000,000', '66.7', '3.56', '—')
    """
    if value is None:
        return "—"
    text = f"{Decimal(str(value)):,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def money(value: Decimal | None) -> str:
    """US dollars in words people read: US$4.2 billion, US$650 million, US$84.4 million, US$41,000.

    One decimal at most, none when it is zero: the way amounts are quoted in prose.

    Examples:
        >>> money(Decimal("4200000000")), money(Decimal("41000000")), money(Decimal("84400000"))
        ('US$4.2 billion', 'US$41 million', 'US$84.4 million')
        >>> money(Decimal("25000")), money(Decimal("-650000000"))
        ('US$25,000', '-US$650 million')
    """
    if value is None:
        return "—"
    sign, size = ("-" if value < 0 else ""), abs(value)
    if size >= _BILLION:
        return f"{sign}US${f'{size / _BILLION:,.1f}'.removesuffix('.0')} billion"
    if size >= _MILLION:
        return f"{sign}US${f'{size / _MILLION:,.1f}'.removesuffix('.0')} million"
    return f"{sign}US${size:,.0f}"


def millions(value: Decimal | None) -> str:
    """US dollars in millions with one decimal, for tables headed "US$ millions"."""
    return "—" if value is None else f"{value / _MILLION:,.1f}"


def figure(value: Decimal | None, unit: str) -> str:
    """A measured value in its unit: money for USD, a percentage for %, else the number.

    Examples:
        >>> figure(Decimal("41000000"), "USD"), figure(Decimal("66.7"), "%"), figure(Decimal("94000"), "water users")
        ('US$41 million', '66.7%', '94,000')
    """
    if value is None:
        return "—"
    if unit == "USD":
        return money(value)
    if unit == "%":
        return number(value, 1) + "%"
    return number(value)


def bounded(text: str, qualifier: str | None) -> str:
    """A formatted figure with the bound its source states: "1,000+" for a floor, "up to 1,000" for a ceiling.

    Examples:
        >>> bounded("1,000", "at_least"), bounded("US$16.0 million", "at_most"), bounded("94,000", None)
        ('1,000+', 'up to US$16.0 million', '94,000')
    """
    if qualifier == "at_least":
        return f"{text}+"
    if qualifier == "at_most":
        return f"up to {text}"
    return text


def figure_unit(value: Decimal | None, unit: str) -> str:
    """A value with its unit, for prose: 5,000,000 people; 66.7%; US$41 million."""
    text = figure(value, unit)
    if value is None or unit in ("USD", "%"):
        return text
    return f"{text} {unit}"


def percent(value: Decimal | float | None) -> str:
    """A share as a whole percentage.

    Examples:
        >>> percent(Decimal("0.755")), percent(None)
        ('76%', '—')
    """
    return "—" if value is None else f"{Decimal(str(value)) * 100:.0f}%"


def long_date(value: date | None) -> str:
    """A date as a publication writes it: 30 June 2025.

    Examples:
        >>> long_date(date(2025, 6, 30))
        '30 June 2025'
    """
    return "—" if value is None else f"{value.day} {value:%B %Y}"


def blocks(text: str | None) -> list[tuple[str, Any]]:
    r"""Plain text as paragraphs and bullet lists: blank lines part paragraphs, lines starting ``- `` are bullets.

    Examples:
        >>> blocks("Intro line\ncontinues.\n\n- one\n- two")
        [('p', 'Intro line continues.'), ('ul', ['one', 'two'])]
    """
    out: list[tuple[str, Any]] = []
    for chunk in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith(("- ", "* ")) for line in lines):
            out.append(("ul", [line[2:].strip() for line in lines]))
        else:
            out.append(("p", " ".join(lines)))
    return out


def _link(source: str) -> Markup:
    text = escape(source)
    if source.startswith(("http://", "https://")):
        return Markup('<a href="{0}">{0}</a>').format(source)
    return Markup(text)


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        number=number,
        money=money,
        millions=millions,
        figure=figure,
        figure_unit=figure_unit,
        bounded=bounded,
        percent=percent,
        long_date=long_date,
        blocks=blocks,
        link=_link,
    )
    return env


# -- charts ------------------------------------------------------------------------------------


def _charts(report: Report) -> list[ch.Chart]:
    if isinstance(report, CompletionReview):
        return [ch.indicators_chart(report.framework), ch.area_money_chart(report.portfolio)]
    if isinstance(report, PerformanceReview):
        return [ch.area_money_chart(report.portfolio), ch.objective_progress_chart(report.framework)]
    return [ch.status_chart(report.framework)]


def _refs(sources: tuple[str, ...]) -> Callable[..., Markup]:
    numbers = {s: i for i, s in enumerate(sources, start=1)}

    def refs(*groups: Any) -> Markup:
        found: list[int] = []
        for group in groups:
            items = [group] if isinstance(group, str) or group is None else list(group)
            for item in items:
                n = numbers.get(item) if item else None
                if n is not None and n not in found:
                    found.append(n)
        if not found:
            return Markup("")
        links = Markup(",").join(Markup('<a href="#src-{0}">{0}</a>').format(n) for n in sorted(found))
        return Markup('<sup class="ref">[{0}]</sup>').format(links)

    return refs


def _outcome_label(code: str | None) -> str:
    if not code:
        return "—"
    try:
        return load_scale("outcome_rating").level(code).label
    except KeyError:
        return code


_KIND_TEMPLATE = {"results-matrix": "results_matrix.html", "plr": "plr.html", "clr": "clr.html"}


def render_html(report: Report, *, for_print: bool = False) -> str:
    """The report as one HTML document (``for_print``: the variant WeasyPrint turns into the PDF)."""
    env = _environment()
    charts = _charts(report)
    drawn = []
    for chart in charts:
        item: dict[str, Any] = {"id": chart.id, "title": chart.title, "note": chart.note}
        if for_print:
            svg = ch.to_svg(chart)
            item["svg"] = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
        else:
            item["figure"] = ch.to_plotly(chart)
        drawn.append(item)
    template = env.get_template(_KIND_TEMPLATE[report.report.kind])
    return template.render(
        r=report,
        info=report.report,
        charts={c["id"]: c for c in drawn},
        refs=_refs(report.sources),
        for_print=for_print,
        css=Markup((_TEMPLATES / "report.css").read_text(encoding="utf-8")),
        plotly_js=Markup(_PLOTLY_JS.read_text(encoding="utf-8")) if not for_print else "",
        version=__version__,
        today=clock.today(),
        status_colours=ch.STATUS_COLOURS,
        outcome_label=_outcome_label,
        term=TermNotes(),
    )


def _pdf(report: Report) -> bytes:
    from weasyprint import HTML

    document: bytes = HTML(string=render_html(report, for_print=True), base_url=str(_TEMPLATES)).write_pdf()
    return document


def render_pdf(report: Report, path: Path) -> None:
    """Write the report as an A4 PDF."""
    path.write_bytes(_pdf(report))


def render_json(report: Report) -> str:
    """The report as JSON: every figure the other formats show, and the rules' inputs."""
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


def render_bytes(report: Report, fmt: str) -> bytes:
    """The report in a format, as the bytes of the file."""
    if fmt == "html":
        return render_html(report).encode("utf-8")
    if fmt == "json":
        return render_json(report).encode("utf-8")
    if fmt == "pdf":
        return _pdf(report)
    if fmt == "xlsx":
        from cpfkit.reports.xlsx import write_xlsx

        buffer = io.BytesIO()
        write_xlsx(report, buffer)
        return buffer.getvalue()
    raise CpfkitError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def render(report: Report, fmt: str, path: Path) -> Path:
    """Write the report in a format to a file.

    Returns:
        The path written.
    """
    if fmt == "html":
        path.write_text(render_html(report), encoding="utf-8")
    elif fmt == "pdf":
        render_pdf(report, path)
    elif fmt == "xlsx":
        from cpfkit.reports.xlsx import write_xlsx

        write_xlsx(report, path)
    elif fmt == "json":
        path.write_text(render_json(report), encoding="utf-8")
    else:
        raise CpfkitError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return path
