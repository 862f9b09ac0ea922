"""What a World Bank Projects API record says beyond the core project."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

__all__ = ["WbRecord"]


@dataclass(frozen=True)
class WbRecord:
    """The amounts of a project record apart (US dollars; None when the record does not give one), and its labels.

    ``sectors`` and ``themes`` are ``(code, name, percent)`` as the record gives them; ``country_code``,
    ``approval_date`` and ``closing_date`` are as published (the dates even when out of order).
    """

    ibrd: Decimal | None
    ida: Decimal | None
    grant: Decimal | None
    total: Decimal | None
    project_cost: Decimal | None
    lending_instrument: str | None
    product_line: str | None
    financing_type: str | None
    status: str | None
    approval_fy: int | None
    region: str | None
    country_name: str | None
    country_code: str | None
    approval_date: date | None
    closing_date: date | None
    sectors: tuple[tuple[str | None, str, Decimal | None], ...]
    themes: tuple[tuple[str | None, str, Decimal | None], ...]
    url: str | None
