"""The co-financing lines of a programme's operations, each with the part credited to a WBG institution."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING

from cpfkit.metrics.mobilisation_attribution import CENT, attributed_share
from cpfkit.metrics.portfolio.numbers import ratio
from cpfkit.metrics.portfolio.queries import sql
from cpfkit.model import MobilisationAttribution
from cpfkit.model.base import Num
from cpfkit.store.analytics_tables import NAME_SEPARATOR

if TYPE_CHECKING:  # DuckDB loads when a portfolio is computed, not when this module is imported
    import duckdb

__all__ = ["MobilisationLine", "mobilisation_lines"]

_ZERO = Decimal(0)


@dataclass(slots=True)
class MobilisationLine:
    """One co-financing line of an operation and how it counts.

    ``amount_usd`` is the whole line; ``attributed_usd`` the part credited to ``attributed_to`` (the whole
    line unless it is shared with ``co_mobilisers``, whose commitments are ``co_mobilisers_usd``, and the
    attribution is pro rata); ``share`` that part as a fraction (None: all of it).
    """

    project: str
    financier: str
    kind: str
    amount_usd: Num
    mechanism: str | None
    mobilised_by: str | None
    attributed_to: str | None
    counted: bool
    approved: bool
    illustrative: bool
    co_mobilisers: tuple[str, ...] = ()
    co_mobilisers_usd: Num = _ZERO
    share: Num | None = None
    attributed_usd: Num = _ZERO


def mobilisation_lines(
    con: duckdb.DuckDBPyConnection, programme: str, as_of: date, attribution: MobilisationAttribution
) -> list[MobilisationLine]:
    """Every co-financing line of the programme's operations, attributed (``sql/mobilisation.sql``)."""
    params = {"programme": programme, "as_of": as_of}
    public: dict[tuple[int, str], Decimal] = {}
    for pno, financier, amount in con.execute(sql("public_lines"), {"programme": programme}).fetchall():
        key = (int(pno), str(financier).strip().casefold())
        public[key] = public.get(key, _ZERO) + Decimal(amount)
    lines = []
    for r in con.execute(sql("mobilisation"), params).fetchall():
        amount = Decimal(r[5])
        names = tuple(r[13].split(NAME_SEPARATOR)) if r[13] else ()
        co_usd = sum((public.get((int(r[11]), n.strip().casefold()), _ZERO) for n in names), _ZERO)
        share = attributed_share(Decimal(r[12] or 0), co_usd, attribution) if names else None
        attributed = amount if share is None else (amount * share).quantize(CENT, rounding=ROUND_HALF_EVEN)
        lines.append(
            MobilisationLine(
                project=r[0],
                financier=r[3],
                kind=r[4],
                amount_usd=amount,
                mechanism=r[6],
                mobilised_by=r[7],
                attributed_to=r[8],
                counted=not r[10],
                approved=bool(r[2]),
                illustrative=bool(r[9]),
                co_mobilisers=names,
                co_mobilisers_usd=co_usd,
                share=None if share is None else ratio(share, 1, 6),
                attributed_usd=attributed,
            )
        )
    return lines
