"""The one exchange-rates table: IMF monthly averages, converted to US dollars per unit.

The shipped file holds special drawing rights (SDR) per unit of each currency,
with a USD row (see ``reference/fx/SOURCE.md`` for the evidence); US dollars
per unit are the cross rate through the USD row of the same month.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from functools import cache
from pathlib import Path

from cpfkit.model.money import USD, FxRates

__all__ = ["cross_rates", "load_fx"]

_FILE = Path(__file__).parent / "fx" / "sdr_per_unit_monthly.csv"
SOURCE = "IMF monthly averages via IATI.cloud, SDR per unit crossed through USD (reference/fx/SOURCE.md)"
_PLACES = Decimal("1e-12")


def cross_rates(rows: list[tuple[str, int, int, Decimal]]) -> list[tuple[str, int, int, Decimal]]:
    """US dollars per unit from SDR-per-unit rows, through the USD row of each month.

    Examples:
        >>> rows = [("USD", 2025, 3, Decimal("0.75")), ("EUR", 2025, 3, Decimal("0.81")),
        ...         ("EUR", 2025, 4, Decimal("0.82"))]
        >>> cross_rates(rows)
        [('EUR', 2025, 3, Decimal('1.080000000000'))]
    """
    usd = {(y, m): v for c, y, m, v in rows if c == USD}
    return [
        (c, y, m, (v / usd[(y, m)]).quantize(_PLACES))
        for c, y, m, v in rows
        if c != USD and (y, m) in usd and usd[(y, m)] != 0
    ]


@cache
def load_fx() -> FxRates:
    """Load the rates table shipped in ``reference/fx``, in US dollars per unit."""
    with _FILE.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)  # plain rows: a dictionary for each of the file's 17,000 lines doubles the reading
        header = next(reader)
        c, y, m, v = (header.index(name) for name in ("currency", "year", "month", "sdr_per_unit"))
        rows = [(r[c], int(r[y]), int(r[m]), Decimal(r[v])) for r in reader]
    return FxRates.from_rows(cross_rates(rows), source=SOURCE)
