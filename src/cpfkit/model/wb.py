"""What a World Bank Projects API record says beyond the core project."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

__all__ = ["WbRecord"]


@dataclass(frozen=True)
class WbRecord:
    """The amounts of a project record apart (US dollars; None when the record does not give one), and its labels.

    ``sectors`` and ``themes`` are ``(code, name, percent)`` as the record gives them.
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
    sectors: tuple[tuple[str | None, str, Decimal | None], ...]
    themes: tuple[tuple[str | None, str, Decimal | None], ...]
    url: str | None
