"""The one exchange-rates table (monthly averages, US dollars per unit)."""

from __future__ import annotations

import csv
from decimal import Decimal
from functools import cache
from pathlib import Path

from cpfkit.model.money import FxRates

__all__ = ["load_fx"]

_FILE = Path(__file__).parent / "fx" / "usd_per_unit_monthly.csv"
SOURCE = "IMF monthly averages via IATI.cloud (reference/fx/SOURCE.md)"


@cache
def load_fx() -> FxRates:
    """Load the rates table shipped in ``reference/fx``."""
    with _FILE.open(newline="", encoding="utf-8") as fh:
        rows = [
            (r["currency"], int(r["year"]), int(r["month"]), Decimal(r["usd_per_unit"])) for r in csv.DictReader(fh)
        ]
    return FxRates.from_rows(rows, source=SOURCE)
