"""The measures of an appraisal at a rate: NPV, EIRR and BCR, the value of avoided emissions, the share financed.

Money is rounded to the cent and rates to six places (four for ratios), as decimals.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from cpfkit.appraise.cashflow import CashFlows, RateSearch, bcr, eirr, present_value
from cpfkit.appraise.result import CarbonValue, Commitment, FinancedShare, Measures

__all__ = ["carbon_value", "decimal_rate", "financed_share", "measures", "search", "usd"]


def usd(x: float) -> Decimal:
    """US dollars to the cent, as a decimal."""
    return Decimal(str(round(x, 2)))


def decimal_rate(x: float | None, places: int = 6) -> Decimal | None:
    """A rate or ratio to ``places`` decimal places (None stays None)."""
    return None if x is None else Decimal(str(round(x, places)))


def search(flows: CashFlows, rate: float, bounds: tuple[float, float]) -> tuple[float, RateSearch, float | None]:
    """NPV at ``rate``, the EIRR search within ``bounds``, and the BCR (None without costs)."""
    pv_b = present_value(flows.benefit_total, rate)
    pv_c = present_value(flows.costs, rate)
    return pv_b - pv_c, eirr(flows.net, *bounds), bcr(pv_b, pv_c)


def measures(flows: CashFlows, rate: float, bounds: tuple[float, float]) -> Measures:
    """NPV, EIRR and BCR of the flows at a rate, rounded for the report."""
    value, found, ratio = search(flows, rate, bounds)
    return Measures(usd(value), decimal_rate(found.rate), found.status, decimal_rate(ratio, 4))


def carbon_value(flows: CashFlows, rate: float, bounds: tuple[float, float], base: Measures) -> CarbonValue | None:
    """What avoided emissions add: their present value, its share of the NPV, and the measures without them."""
    if not flows.carbon:
        return None
    pv = sum(present_value(flows.benefits[name], rate) for name in flows.carbon)
    share = pv / float(base.npv_usd) if base.npv_usd > 0 else None
    return CarbonValue(
        components=tuple(name for name in flows.benefits if name in flows.carbon),
        pv_usd=usd(pv),
        share_of_npv=decimal_rate(share, 4),
        with_carbon=base,
        without_carbon=measures(flows.without(flows.carbon), rate, bounds),
    )


def financed_share(flows: CashFlows, commitment: Commitment, capital_illustrative: bool) -> FinancedShare:
    """The operation's commitment over the undiscounted capital cost appraised.

    Examples:
        US$500 million against a plant of US$4.75 billion:

        >>> f = CashFlows(np.array([2.5e9, 2.25e9]), np.zeros(2), np.zeros(2), {})
        >>> financed_share(f, Commitment(Decimal(500_000_000), "IBRD", False), True).share
        Decimal('0.1053')
    """
    capital = float(np.sum(flows.capital))
    share = float(commitment.amount_usd) / capital if capital > 0 else None
    return FinancedShare(
        commitment_usd=commitment.amount_usd,
        institution=commitment.institution,
        capital_cost_usd=usd(capital),
        share=decimal_rate(share, 4),
        illustrative=commitment.illustrative or capital_illustrative,
    )
