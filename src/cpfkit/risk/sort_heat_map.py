"""The SORT heat map: active operations at each risk level of each category, weighed by net commitment, exactly."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np

from cpfkit.metrics.portfolio.weights import Weights
from cpfkit.model import RiskLevel
from cpfkit.risk.sort_rules import CATEGORIES, LEVEL_CODES, OVERALL
from cpfkit.risk.sort_tables import HeatCell, HeatRow

__all__ = ["HeatMap", "heat_map", "share"]

HeatMap = tuple[tuple[HeatRow, ...], Decimal, Decimal]
"""The rows of the map, the active operations' net commitment, and the part rated Substantial or High overall."""


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole`` to four decimals (None when ``whole`` is zero)."""
    if not whole:
        return None
    return (part / whole).quantize(Decimal("0.0001"))


def heat_map(
    weights: Weights,
    score: dict[str, np.ndarray[Any, Any]],
    overall: np.ndarray[Any, Any],
    suggested: np.ndarray[Any, Any],
) -> HeatMap:
    """The map of the operations' levels (``score`` by category, ``overall`` given or suggested).

    Args:
        weights: the review's operations with their net commitments.
        score: each category's level number by operation (1 … 4, 0 when not rated).
        overall: the overall level by operation, as given or else suggested.
        suggested: whether each operation's overall level is a suggestion.
    """
    active = weights.active.astype(bool)
    net = weights.net_units
    total = Decimal(int(net[active].sum())).scaleb(-weights.scale)
    heat: list[HeatRow] = []
    for category in (*CATEGORIES, OVERALL):
        levels = overall if category == OVERALL else score[category]
        cells: dict[str, HeatCell] = {}
        for n, level in enumerate(LEVEL_CODES, start=1):
            mask = active & (levels == n)
            amount = Decimal(int(net[mask].sum())).scaleb(-weights.scale)
            cells[level] = HeatCell(
                operations=int(mask.sum()),
                net_commitment_usd=amount,
                share=share(amount, total),
                suggested=int((mask & suggested).sum()) if category == OVERALL else 0,
            )
        unrated = active & (levels == 0)
        heat.append(
            HeatRow(
                category=category,
                cells=cells,
                unrated_operations=int(unrated.sum()),
                unrated_usd=Decimal(int(net[unrated].sum())).scaleb(-weights.scale),
            )
        )
    high = (
        heat[-1].cells[RiskLevel.SUBSTANTIAL.value].net_commitment_usd
        + heat[-1].cells[RiskLevel.HIGH.value].net_commitment_usd
    )
    return tuple(heat), total, high
