"""The templates of every page, with the filters and translation callables they use.

Every page module renders through :data:`templates`, so that filters and the
locale apply to all pages alike.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from fastapi.templating import Jinja2Templates

from cpfkit.model import fy_label
from cpfkit.web import i18n

__all__ = ["templates"]

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def _millions(value: Decimal | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value / Decimal(1_000_000):,.{digits}f}"


def _figure(value: Decimal | None) -> str:
    if value is None:
        return "no data"
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _day(value: date | None) -> str:
    return "—" if value is None else value.isoformat()


def _lookup(codes: tuple[str, ...], names: dict[str, str]) -> list[str]:
    return [names.get(code, code) for code in codes]


templates.env.filters.update(
    millions=_millions, figure=_figure, percent=_percent, fy=fy_label, day=_day, lookup=_lookup
)
i18n.install(templates.env)
