"""Every run's outcomes, kept for the quantiles, and the sums the tornado is drawn from.

The tornado of an output compares its mean over the runs where a driver is
in its lowest tenth with its mean where the driver is in its highest tenth;
each chunk of runs adds its share of those sums (:func:`tornado_sums`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from cpfkit.risk.arrays import FloatArray
from cpfkit.risk.latents import Latents

__all__ = ["DECILE", "Samples", "TornadoSums", "tornado_sums"]

DECILE = 1.2815515655446004  # Φ⁻¹(0.9): a driver is "high" above it and "low" below minus it


@dataclass
class Samples:
    """Every run's outcomes, kept for the quantiles (and for tests)."""

    disbursed: FloatArray  # runs × K, including what was disbursed before the as-of date
    after: FloatArray
    committed: FloatArray
    covered: FloatArray
    approval: NDArray[np.float32]  # runs × n, day numbers (single precision: a sixteenth of a day)
    completion: NDArray[np.float32]
    values: FloatArray  # runs × I, indicator values at their target dates (NaN when unknown)
    ratings: NDArray[np.int8]  # runs × O
    cost_ratio: NDArray[np.float32]
    low_sum: FloatArray  # drivers × outputs: Σ output over runs with the driver below −DECILE
    high_sum: FloatArray
    low_count: FloatArray
    high_count: FloatArray


@dataclass
class TornadoSums:
    """One chunk's share of the tornado sums (see :class:`Samples`)."""

    low_sum: FloatArray
    high_sum: FloatArray
    low_count: FloatArray
    high_count: FloatArray


def tornado_sums(latents: Latents, outputs: FloatArray) -> TornadoSums:
    """A chunk's output sums over the runs where each driver is in its lowest or highest tenth.

    A single-precision ``einsum`` of the tail masks with the outputs, rather
    than a BLAS product, whose thread pool stalls on a busy machine.
    """
    y = outputs.astype(np.float32)
    lows, highs, low_counts, high_counts = [], [], [], []
    for part in latents.parts():
        low = (part < -DECILE).astype(np.float32)
        high = (part > DECILE).astype(np.float32)
        lows.append(np.einsum("rd,ro->do", low, y))
        highs.append(np.einsum("rd,ro->do", high, y))
        low_counts.append(low.sum(axis=0))
        high_counts.append(high.sum(axis=0))
    return TornadoSums(
        np.vstack(lows).astype(float),
        np.vstack(highs).astype(float),
        np.concatenate(low_counts).astype(float),
        np.concatenate(high_counts).astype(float),
    )
