"""Distributions of the risk simulation, drawn from standard-normal latents (a Gaussian copula).

Every draw is the inverse distribution function applied to Φ(z) for a
correlated standard-normal latent z, so one correlation structure serves
every distribution.  A lognormal needs no Φ: X = exp(μ + σ·z).

Closed forms are given for the tests: the mean and quantiles of each
distribution.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtr  # type: ignore[import-untyped]

from cpfkit.reference.simulation import ConstantSpec, LognormalSpec, TriangularSpec

__all__ = [
    "Constant",
    "Distribution",
    "Lognormal",
    "Triangular",
    "column_sampler",
    "from_spec",
    "normal_cdf",
]

FloatArray = NDArray[np.float64]
_STD = NormalDist()


def normal_cdf(z: NDArray[np.floating[Any]]) -> NDArray[np.floating[Any]]:
    """Φ(z), elementwise, in the precision of ``z``."""
    out: NDArray[np.floating[Any]] = ndtr(z)
    return out


@dataclass(frozen=True)
class Lognormal:
    """X = exp(μ + σ·Z), Z standard normal.

    Examples:
        >>> d = Lognormal.from_moments(1.20, 0.30)     # roads, docs/definitions.md, 'Sources, risk simulation'
        >>> round(d.mu, 4), round(d.sigma, 4), round(d.quantile(0.5), 3), round(d.quantile(0.8), 3)
        (0.152, 0.2462, 1.164, 1.432)
    """

    mu: float
    sigma: float

    @classmethod
    def from_moments(cls, mean: float, sd: float) -> Lognormal:
        """Fit by moments to the mean and standard deviation of X."""
        sigma2 = math.log1p((sd / mean) ** 2)
        return cls(math.log(mean) - sigma2 / 2, math.sqrt(sigma2))

    @classmethod
    def from_mean_sigma(cls, mean: float, sigma: float) -> Lognormal:
        """The lognormal with a given mean of X and standard deviation σ of ln X."""
        return cls(math.log(mean) - sigma * sigma / 2, sigma)

    @property
    def mean(self) -> float:
        """E[X] = exp(μ + σ²/2)."""
        return math.exp(self.mu + self.sigma**2 / 2)

    @property
    def sd(self) -> float:
        """The standard deviation of X."""
        return self.mean * math.sqrt(math.expm1(self.sigma**2))

    def quantile(self, q: float) -> float:
        """exp(μ + σ·Φ⁻¹(q))."""
        return math.exp(self.mu + self.sigma * _STD.inv_cdf(q))

    def from_normal(self, z: float) -> float:
        """One draw from one latent."""
        return math.exp(self.mu + self.sigma * z)


@dataclass(frozen=True)
class Triangular:
    """The triangular distribution on [low, high] with its mode.

    Examples:
        >>> d = Triangular(0, 3, 12)
        >>> d.mean, d.quantile(0.25)
        (5.0, 3.0)
    """

    low: float
    mode: float
    high: float

    @property
    def mean(self) -> float:
        """(low + mode + high) / 3."""
        return (self.low + self.mode + self.high) / 3

    def quantile(self, q: float) -> float:
        """The closed-form inverse distribution function."""
        a, c, b = self.low, self.mode, self.high
        if b == a:
            return a
        if q < (c - a) / (b - a):
            return a + math.sqrt(q * (b - a) * (c - a))
        return b - math.sqrt((1 - q) * (b - a) * (b - c))

    def from_normal(self, z: float) -> float:
        """One draw from one latent."""
        return self.quantile(0.5 * math.erfc(-z / math.sqrt(2)))


@dataclass(frozen=True)
class Constant:
    """A value without uncertainty."""

    value: float

    @property
    def mean(self) -> float:
        """The value."""
        return self.value

    def quantile(self, q: float) -> float:
        """The value, for every q."""
        return self.value

    def from_normal(self, z: float) -> float:
        """The value, whatever the latent."""
        return self.value


Distribution = Lognormal | Triangular | Constant


def from_spec(spec: LognormalSpec | TriangularSpec | ConstantSpec) -> Distribution:
    """The distribution a parameter file describes."""
    if isinstance(spec, LognormalSpec):
        if spec.sd is not None:
            return Lognormal.from_moments(spec.mean, spec.sd)
        assert spec.sigma is not None
        return Lognormal.from_mean_sigma(spec.mean, spec.sigma)
    if isinstance(spec, TriangularSpec):
        return Triangular(spec.low, spec.mode, spec.high)
    return Constant(spec.value)


@dataclass(frozen=True)
class _Columns:
    """One distribution per column, applied to a (runs × columns) array of latents."""

    log_cols: NDArray[np.intp]
    mu: FloatArray
    sigma: FloatArray
    tri_cols: NDArray[np.intp]
    low: FloatArray
    mode: FloatArray
    high: FloatArray
    const_cols: NDArray[np.intp]
    value: FloatArray
    width: int

    def __call__(self, z: NDArray[np.floating[Any]]) -> NDArray[np.floating[Any]]:
        """Draws with the shape and precision of ``z`` (runs × columns)."""
        out = np.empty_like(z)
        dtype = z.dtype
        if self.log_cols.size:
            out[:, self.log_cols] = np.exp(self.mu.astype(dtype) + self.sigma.astype(dtype) * z[:, self.log_cols])
        if self.tri_cols.size:
            u = normal_cdf(z[:, self.tri_cols])
            a, c, b = self.low.astype(dtype), self.mode.astype(dtype), self.high.astype(dtype)
            span = b - a
            safe = np.where(span > 0, span, 1.0)
            left = a + np.sqrt(u * span * (c - a))
            right = b - np.sqrt((1 - u) * span * (b - c))
            out[:, self.tri_cols] = np.where(span > 0, np.where(u < (c - a) / safe, left, right), a)
        if self.const_cols.size:
            out[:, self.const_cols] = self.value
        return out


def column_sampler(dists: Sequence[Distribution]) -> _Columns:
    """A vectorised sampler drawing column j from ``dists[j]``.

    Examples:
        >>> draw = column_sampler([Lognormal(0.0, 1.0), Triangular(0, 1, 2), Constant(5)])
        >>> draw(np.zeros((1, 3))).tolist()
        [[1.0, 1.0, 5.0]]
    """

    def idx(kind: type) -> NDArray[np.intp]:
        return np.array([j for j, d in enumerate(dists) if isinstance(d, kind)], dtype=np.intp)

    logs = [d for d in dists if isinstance(d, Lognormal)]
    tris = [d for d in dists if isinstance(d, Triangular)]
    consts = [d for d in dists if isinstance(d, Constant)]
    return _Columns(
        log_cols=idx(Lognormal),
        mu=np.array([d.mu for d in logs]),
        sigma=np.array([d.sigma for d in logs]),
        tri_cols=idx(Triangular),
        low=np.array([d.low for d in tris]),
        mode=np.array([d.mode for d in tris]),
        high=np.array([d.high for d in tris]),
        const_cols=idx(Constant),
        value=np.array([d.value for d in consts]),
        width=len(dists),
    )
