"""The standalone HTML report of a risk simulation: tables, charts and assumptions in one file.

Plotly's JavaScript is inlined from the installed ``plotly`` package, so the
file opens anywhere without a network connection.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import plotly
import plotly.graph_objects as go
from jinja2 import Environment, FileSystemLoader, select_autoescape
from plotly.utils import PlotlyJSONEncoder

from cpfkit.language.formatting import separators
from cpfkit.reports import simulation_charts as charts
from cpfkit.reports.formatting import fiscal_years, fixed, number, percent
from cpfkit.reports.language import DEFAULT_LANGUAGE, current_language, gettext, speaking
from cpfkit.reports.simulation import SimulationReport
from cpfkit.reports.templating import install_gettext

__all__ = ["render_html"]

_TEMPLATES = Path(__file__).parent / "templates"
_PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _json(fig: go.Figure) -> str:
    return json.dumps(fig.to_plotly_json(), cls=PlotlyJSONEncoder).replace("</", "<\\/")


def _millions(value: Decimal | float | None, digits: int = 0) -> str:
    return "—" if value is None else fixed(Decimal(str(value)) / 1_000_000, digits)


def _pct(value: float | None) -> str:
    return "—" if value is None else percent(value)


def _points(value: float | None) -> str:
    if value is None:
        return "—"
    points = round(value * 100)
    return "±0" if points == 0 else gettext("%(points)s pts") % {"points": f"{points:+d}"}


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 1000:
        return number(value, 0)
    if current_language.get() == DEFAULT_LANGUAGE:
        return f"{value:,.3g}"
    return number(float(f"{value:.3g}"), 3)


def _decimals(value: float, digits: int) -> str:
    """A number with exactly ``digits`` decimals: rounded as Python rounds, written as the language writes it."""
    text = f"{value:.{digits}f}"
    return text if current_language.get() == DEFAULT_LANGUAGE else fixed(Decimal(text), digits)


def _signed_millions(value: float, digits: int = 1) -> str:
    """A change in US dollars as millions with its sign (``+1.5``, ``-0.3``)."""
    text = f"{value / 1_000_000:+.{digits}f}"
    return text[0] + _decimals(abs(float(text)), digits)


def _plain(value: float) -> str:
    """A setting as written in the settings (``0.25``), in the language's notation."""
    return str(value) if current_language.get() == DEFAULT_LANGUAGE else number(value, 6)


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html"]), extensions=["jinja2.ext.i18n"]
    )
    install_gettext(env)
    env.filters.update(
        millions=_millions,
        pct=_pct,
        points=_points,
        number=_number,
        day=_day,
        fiscal_years=fiscal_years,
        decimals=_decimals,
        signed_millions=_signed_millions,
        plain=_plain,
    )
    return env


def render_html(report: SimulationReport, lang: str | None = None) -> str:
    """The report as one HTML document with its charts (Plotly inlined), in a language (English by default)."""
    with speaking(lang):
        return _html(report)


def _html(report: SimulationReport) -> str:
    figures = {
        "fan": charts.fan_chart(report),
        "envelope": charts.envelope_use(report),
        "targets": charts.target_probabilities(report),
        "objectives": charts.objective_probabilities(report),
        "tornado": charts.tornado(report.tornado),
        "tornado_disbursements": charts.tornado(report.tornado_disbursements),
        "completion": charts.completion_ranges(report),
    }
    for fig in figures.values():
        fig.update_layout(separators=separators(current_language.get()))
    template = _environment().get_template("simulation.html")
    return template.render(
        lang=current_language.get(),
        report=report,
        charts={name: _json(fig) for name, fig in figures.items()},
        plotly_js=_PLOTLY_JS.read_text(encoding="utf-8").replace("</script", "<\\/script"),
        likely=sum(1 for i in report.indicators if i.p_target_met is not None and i.p_target_met >= 0.5),
        rated=sum(1 for i in report.indicators if i.p_target_met is not None),
    )
