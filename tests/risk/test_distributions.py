"""The sampler against closed forms: lognormal and triangular means and quantiles within Monte Carlo error.

Every check draws 400,000 values; the tolerance is four standard errors (of
the mean: sd/√N; of a quantile: √(q(1−q)/N)/f(x_q), f the density).
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest

from cpfkit.reference.simulation import LognormalSpec, TriangularSpec
from cpfkit.risk.distributions import Constant, Lognormal, Triangular, column_sampler, from_spec
from cpfkit.risk.montecarlo import simulate
from tests.risk.plans import operation, programme

N = 400_000
QS = (0.1, 0.5, 0.9)


def lognormal_density(d: Lognormal, x: float) -> float:
    return NormalDist().pdf((math.log(x) - d.mu) / d.sigma) / (x * d.sigma)


def triangular_density(d: Triangular, x: float) -> float:
    a, c, b = d.low, d.mode, d.high
    return 2 * (x - a) / ((b - a) * (c - a)) if x < c else 2 * (b - x) / ((b - a) * (b - c))


def triangular_sd(d: Triangular) -> float:
    a, c, b = d.low, d.mode, d.high
    return math.sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18)


@pytest.mark.parametrize(
    ("mean", "sd", "mu", "sigma", "median", "p80", "p_overrun"),
    [
        (1.20, 0.30, 0.1520, 0.2462, 1.164, 1.432, 0.73),  # roads
        (1.45, 0.38, 0.3384, 0.2577, 1.403, 1.742, 0.90),  # rail
        (1.34, 0.62, 0.1957, 0.4404, 1.216, 1.762, 0.67),  # bridges and tunnels
        (1.28, 0.39, 0.2025, 0.2980, 1.224, 1.573, 0.75),  # all transport
        (1.24, 0.42, 0.1608, 0.3296, 1.175, 1.550, 0.69),  # WBG hydropower
    ],
)
def test_lognormal_by_moments_matches_the_domain_table(
    mean: float, sd: float, mu: float, sigma: float, median: float, p80: float, p_overrun: float
) -> None:
    d = Lognormal.from_moments(mean, sd)
    # the table rounds μ and σ to four places, the quantiles to three and the probability to two
    # (rail's 0.90 is 0.905 rounded down, hence the 0.01 tolerance)
    assert d.mu == pytest.approx(mu, abs=5e-5) and d.sigma == pytest.approx(sigma, abs=5e-5)
    assert d.quantile(0.5) == pytest.approx(median, abs=1e-3) and d.quantile(0.8) == pytest.approx(p80, abs=1e-3)
    assert 1 - NormalDist().cdf(-d.mu / d.sigma) == pytest.approx(p_overrun, abs=0.01)
    assert d.mean == pytest.approx(mean) and d.sd == pytest.approx(sd)


@pytest.mark.parametrize("dist", [Lognormal.from_moments(1.24, 0.42), Lognormal.from_mean_sigma(1.44, 0.3)])
def test_lognormal_sampler_against_closed_forms(dist: Lognormal) -> None:
    z = np.random.default_rng(11).standard_normal((N, 1))
    draws = column_sampler([dist])(z)[:, 0]
    assert abs(draws.mean() - dist.mean) < 4 * dist.sd / math.sqrt(N)
    for q, x in zip(QS, np.quantile(draws, QS), strict=True):
        expected = dist.quantile(q)
        se = math.sqrt(q * (1 - q) / N) / lognormal_density(dist, expected)
        assert abs(x - expected) < 4 * se, (q, x, expected, se)


@pytest.mark.parametrize("dist", [Triangular(0, 3, 12), Triangular(0, 6, 24), Triangular(2, 2, 5), Triangular(0, 9, 9)])
def test_triangular_sampler_against_closed_forms(dist: Triangular) -> None:
    z = np.random.default_rng(12).standard_normal((N, 1))
    draws = column_sampler([dist])(z)[:, 0]
    assert abs(draws.mean() - dist.mean) < 4 * triangular_sd(dist) / math.sqrt(N)
    assert draws.min() >= dist.low and draws.max() <= dist.high
    for q, x in zip(QS, np.quantile(draws, QS), strict=True):
        expected = dist.quantile(q)
        se = math.sqrt(q * (1 - q) / N) / triangular_density(dist, expected)
        assert abs(x - expected) < 4 * se, (q, x, expected, se)


def test_triangular_quantile_by_hand() -> None:
    # Triangular(0, 3, 12): F(3) = 3/12 = 0.25, so the first quartile is the mode; the median solves
    # (12 − x)² = 0.5·12·9 → x = 12 − √54.
    d = Triangular(0, 3, 12)
    assert d.quantile(0.25) == pytest.approx(3.0)
    assert d.quantile(0.5) == pytest.approx(12 - math.sqrt(54))
    assert d.from_normal(0.0) == pytest.approx(d.quantile(0.5))


def test_mixed_columns_and_specs() -> None:
    dists = [Constant(2.0), Lognormal.from_moments(1.2, 0.3), Triangular(0, 1, 4), Constant(5.0)]
    z = np.random.default_rng(0).standard_normal((1000, 4))
    draws = column_sampler(dists)(z)
    assert (draws[:, 0] == 2.0).all() and (draws[:, 3] == 5.0).all()
    assert np.allclose(draws[:, 1], [dists[1].from_normal(v) for v in z[:, 1]])
    assert np.allclose(draws[:, 2], [dists[2].from_normal(v) for v in z[:, 2]])
    assert from_spec(LognormalSpec(mean=1.2, sd=0.3)) == Lognormal.from_moments(1.2, 0.3)
    assert from_spec(TriangularSpec(low=0, mode=1, high=4)) == Triangular(0, 1, 4)


def test_engine_draws_follow_the_distribution_through_the_copula() -> None:
    """Cost ratios drawn by the simulation itself (correlated latents) keep the lognormal's marginal."""
    cost = Lognormal.from_moments(1.45, 0.38)
    inputs = programme((operation("A", cost=cost), operation("B", cost=cost, sector_group="energy")))
    from cpfkit.risk.montecarlo import run_chunks

    _, _, _, samples = run_chunks(inputs, 200_000, np.random.default_rng(5), 8192)
    draws = samples.cost_ratio[:, 0]
    assert abs(draws.mean() - cost.mean) < 4 * cost.sd / math.sqrt(draws.size)
    for q, x in zip(QS, np.quantile(draws, QS), strict=True):
        se = math.sqrt(q * (1 - q) / draws.size) / lognormal_density(cost, cost.quantile(q))
        assert abs(x - cost.quantile(q)) < 4 * se
    assert simulate(inputs, 10, np.random.default_rng(1)).runs == 10
