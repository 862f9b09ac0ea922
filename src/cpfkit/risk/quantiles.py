"""Quantiles of the runs: the P10/P50/P90 bands of amounts and values, and of dates by counting days."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from cpfkit.risk.arrays import FloatArray
from cpfkit.risk.outcomes import Band

__all__ = ["QUANTILES", "band", "bands", "day", "nanquantiles"]

QUANTILES = (0.1, 0.5, 0.9)


def band(planned: float, draws: FloatArray) -> Band:
    """The plan, the P10/P50/P90 and the mean of one quantity's draws."""
    q = np.quantile(draws, QUANTILES, axis=0)
    return Band(float(planned), float(q[0]), float(q[1]), float(q[2]), float(np.mean(draws)))


def bands(planned: FloatArray, draws: FloatArray) -> list[Band]:
    """A band for each column of ``draws`` (runs × columns), with one quantile pass over all of them."""
    q = np.quantile(np.ascontiguousarray(draws.T), QUANTILES, axis=1).reshape(3, draws.shape[1])
    means = draws.mean(axis=0)
    return [
        Band(float(planned[c]), float(q[0, c]), float(q[1, c]), float(q[2, c]), float(means[c]))
        for c in range(draws.shape[1])
    ]


def day(value: float) -> date | None:
    """The date of a day number (None for NaN: a dropped operation)."""
    return None if np.isnan(value) else date.fromordinal(int(round(value)))


def nanquantiles(values: NDArray[np.floating[Any]]) -> FloatArray:
    """P10/P50/P90 of each column of day numbers, to the day, ignoring NaN (dropped operations).

    Counted, not sorted: each column's days go into one histogram, and a
    quantile is the first day by which that share of the column's runs is
    reached.  NaN where every run of a column is NaN.
    """
    runs, cols = values.shape
    out = np.full((3, cols), np.nan)
    if runs == 0 or np.isnan(values).all():
        return out
    low, high = int(np.floor(np.nanmin(values))), int(np.floor(np.nanmax(values)))
    width = high - low + 2  # the last bin of each column holds its NaN runs
    days = np.floor(np.nan_to_num(values, nan=float(high + 1))).astype(np.int64)
    days += np.arange(cols, dtype=np.int64) * width - low
    counts = np.bincount(days.ravel(), minlength=cols * width).reshape(cols, width)
    cumulative = np.cumsum(counts[:, :-1], axis=1)
    totals = cumulative[:, -1]
    for j in np.nonzero(totals)[0]:
        for q, share in enumerate(QUANTILES):
            out[q, j] = low + int(np.searchsorted(cumulative[j], share * totals[j], side="left"))
    return out
