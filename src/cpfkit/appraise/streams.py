"""Yearly streams from their data form (values by year, or a growing constant) and the generic benefit."""

from __future__ import annotations

import numpy as np

from cpfkit.appraise.cashflow import Array
from cpfkit.model.appraisal_flows import Flow

__all__ = ["active_years", "flow_array", "growth_index"]


def flow_array(flow: Flow, length: int) -> Array:
    """A flow as an array of ``length`` years (``t = 0…length − 1``).

    Examples:
        >>> flow_array(Flow(amount=30, start=2, end=4), 6).tolist()
        [0.0, 0.0, 30.0, 30.0, 30.0, 0.0]
        >>> flow_array(Flow(values={0: 100, 1: 50}), 3).tolist()
        [100.0, 50.0, 0.0]
    """
    out = np.zeros(length, dtype=np.float64)
    if flow.values:
        for t, value in flow.values.items():
            out[t] = float(value)
        return out
    assert flow.amount is not None and flow.start is not None and flow.end is not None
    return float(flow.amount) * growth_index(flow.start, flow.end, float(flow.growth), length)


def active_years(start: int, end: int, length: int) -> Array:
    """1.0 in the years ``start…end`` (inclusive), 0.0 elsewhere."""
    out = np.zeros(length, dtype=np.float64)
    out[start : min(end, length - 1) + 1] = 1.0
    return out


def growth_index(start: int, end: int, growth: float, length: int) -> Array:
    """``(1 + g)^(t − start)`` in the years ``start…end``, 0 elsewhere.

    Examples:
        >>> [round(float(x), 4) for x in growth_index(1, 3, 0.1, 5)]
        [0.0, 1.0, 1.1, 1.21, 0.0]
    """
    t = np.arange(length, dtype=np.float64)
    return active_years(start, end, length) * (1.0 + growth) ** np.maximum(t - start, 0.0)
