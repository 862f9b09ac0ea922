"""Standalone HTML reports: Jinja2 templates with their style and Plotly inlined, so a file opens anywhere offline."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import plotly
from jinja2 import Environment, FileSystemLoader, select_autoescape
from plotly.utils import PlotlyJSONEncoder

from cpfkit.reports.formatting import fiscal_year, fiscal_years, fixed, long_date
from cpfkit.reports.language import DEFAULT_LANGUAGE, current_language
from cpfkit.reports.templating import install_gettext

__all__ = ["plotly_js", "render"]

_TEMPLATES = Path(__file__).parent / "templates"
_PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
_MILLION = Decimal(1_000_000)


@cache
def plotly_js() -> str:
    """Plotly's JavaScript from the installed plotly package (never a CDN)."""
    return _PLOTLY_JS.read_text(encoding="utf-8")


def _millions(value: Decimal | float | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    return fixed(Decimal(str(value)) / _MILLION, digits)


def _percent(value: Decimal | float | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    return fixed(Decimal(str(value)) * 100, digits) + "%"


def _signed_percent(value: Decimal | float | None) -> str:
    if value is None:
        return "—"
    share = Decimal(str(value)) * 100
    minus = "-" if current_language.get() == DEFAULT_LANGUAGE else "−"
    return ("+" if share >= 0 else minus) + fixed(abs(share), 1) + "%"


def _number(value: Decimal | float | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    return fixed(Decimal(str(value)), digits)


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html"]), extensions=["jinja2.ext.i18n"]
    )
    install_gettext(env)
    env.filters.update(
        millions=_millions,
        percent=_percent,
        signed_percent=_signed_percent,
        number=_number,
        fy=fiscal_year,
        fiscal_years=fiscal_years,
        long_date=long_date,
    )
    return env


def render(template: str, **context: Any) -> str:
    """Render a report template with the shared style and Plotly inlined, in the report's language.

    ``figures`` in the context (name → Plotly figure JSON) become ``figures_json``.  The caller runs it
    inside :func:`cpfkit.reports.language.speaking` to write it in a language other than English.
    """
    figures = context.pop("figures", {})
    style = (_TEMPLATES / "decision.css").read_text(encoding="utf-8")
    return (
        _environment()
        .get_template(template)
        .render(
            style=style,
            plotly_js=plotly_js(),
            lang=current_language.get(),
            figures_json=json.dumps(figures, cls=PlotlyJSONEncoder),
            **context,
        )
    )
