"""What the portfolio by priority area answers: each operation's money as of a date, and each area's share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cpfkit.model.base import Num

__all__ = ["AreaMoney", "PortfolioByArea", "PortfolioOperation"]


@dataclass(frozen=True)
class PortfolioOperation:
    """One operation of the portfolio with its money as of the date."""

    id: str
    name: str
    institution: str
    instrument: str
    status: str
    approval: date | None
    closing: date | None
    commitment_usd: Num
    net_commitment_usd: Num
    disbursed_usd: Num
    disbursed_in_period_usd: Num
    undisbursed_usd: Num
    disbursed_share: Num | None
    pipeline: bool
    priority_areas: tuple[str, ...]
    objectives: tuple[str, ...]
    carried_from: str | None
    source: str | None
    illustrative: bool


@dataclass(frozen=True)
class AreaMoney:
    """One priority area's share of the portfolio (US dollars)."""

    code: str
    title: str
    operations: int
    commitments_usd: Num
    net_commitments_usd: Num
    disbursed_usd: Num
    disbursed_in_period_usd: Num
    undisbursed_usd: Num
    disbursed_share: Num | None
    pipeline_operations: int
    pipeline_usd: Num
    projects: tuple[str, ...]
    illustrative: bool


@dataclass(frozen=True)
class PortfolioByArea:
    """The portfolio as of a date, in total and by priority area."""

    as_of: date
    operations: tuple[PortfolioOperation, ...]
    areas: tuple[AreaMoney, ...]
    total: AreaMoney
