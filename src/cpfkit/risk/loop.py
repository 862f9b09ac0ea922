"""The same model as :class:`cpfkit.risk.montecarlo.Model`, one run and one operation at a time, in plain Python.

It exists to check the vectorised engine (the tests compare the two on the
same latents) and to measure what vectorising buys (``benchmarks/simulate.py``).
It evaluates profiles exactly (bisection on the points) where the engine uses
a single-precision grid, so the two agree to about 1e-6.
"""

from __future__ import annotations

import bisect
import math
from statistics import NormalDist

import numpy as np

from cpfkit.risk.arrays import FloatArray
from cpfkit.risk.engine import Draws
from cpfkit.risk.plan import MONTH_DAYS, SimulationInputs
from cpfkit.risk.plan_operations import OperationPlan

__all__ = ["evaluate_loop"]


def _curve(profile: tuple[tuple[float, float], ...], tau: float) -> float:
    xs = [p[0] for p in profile]
    k = min(max(bisect.bisect_right(xs, tau) - 1, 0), len(xs) - 2)
    (x0, y0), (x1, y1) = profile[k], profile[k + 1]
    return y0 + (y1 - y0) * (min(max(tau, x0), x1) - x0) / (x1 - x0)


def _fy(bounds: list[float], day: float) -> int:
    return bisect.bisect_right(bounds, day) - 1


def evaluate_loop(inputs: SimulationInputs, z: FloatArray) -> Draws:
    """Per-run outcomes for latents ``z`` (3 × runs × n), computed run by run."""
    ops = inputs.operations
    runs, n, k = z.shape[1], len(ops), len(inputs.fiscal_years)
    as_of = inputs.as_of_day
    bounds = list(inputs.fy_bounds)
    share = inputs.settings.additional_financing_share
    disbursed = np.zeros((runs, k))
    after = np.zeros(runs)
    committed = np.zeros((runs, k))
    covered = np.zeros((runs, k))
    approval_out = np.zeros((runs, n))
    completion = np.zeros((runs, n))
    shift_out = np.zeros((runs, n))
    stretch_out = np.zeros((runs, n))
    scope_out = np.zeros((runs, n))
    cost_out = np.zeros((runs, n))
    for r in range(runs):
        for j, op in enumerate(ops):
            zs, zd, zc = float(z[0, r, j]), float(z[1, r, j]), float(z[2, r, j])
            result = _one(op, zs, zd, zc, as_of, share)
            approval, origin, close, scope, money, cost, kept = result
            cost_out[r, j] = cost
            planned_origin = as_of if op.effective else max(op.approval + op.planned_lag, as_of)
            shift_out[r, j] = origin - planned_origin
            stretch_out[r, j] = op.duration_ratio.from_normal(zd) * op.duration_factor
            scope_out[r, j] = scope if kept else 0.0
            if not kept:
                approval_out[r, j] = completion[r, j] = math.nan
                continue
            approval_out[r, j], completion[r, j] = approval, close
            remaining = op.remaining if op.disburses else 0.0
            f0 = _curve(op.profile, op.tau_start)
            left = 1 - f0
            mid = (_curve(op.profile, op.tau_start + (1 - op.tau_start) * 0.5) - f0) / left if left > 1e-12 else 1.0
            paid = [_paid(op, t, origin, close, as_of, remaining, money, f0, mid) for t in bounds]
            for y in range(k):
                disbursed[r, y] += paid[y + 1] - paid[y]
            after[r] += remaining * money - paid[-1]
            if op.pipeline:
                y = _fy(bounds, approval)
                if 0 <= y < k:
                    committed[r, y] += op.commitment
                    covered[r, y] += op.commitment * inputs.covered[j][y]
            if money > 1:
                y = _fy(bounds, origin + (close - origin) / 2)
                if 0 <= y < k:
                    committed[r, y] += (money - 1) * remaining
                    covered[r, y] += (money - 1) * remaining * inputs.covered[j][y]
        for j, op in enumerate(ops):
            if not op.pipeline:
                y = _fy(bounds, op.approval)
                if 0 <= y < k:
                    committed[r, y] += op.commitment
                    covered[r, y] += op.commitment * inputs.covered[j][y]
    return Draws(
        disbursed, after, committed, covered, approval_out, completion, shift_out, stretch_out, scope_out, cost_out
    )


def _at(op: OperationPlan, t: float, origin: float, close: float) -> float:
    """The operation's profile at day ``t`` of a run that starts at ``origin`` and completes at ``close``."""
    span = close - origin
    frac = (1.0 if t > origin else 0.0) if span <= 1e-6 else min(max((t - origin) / span, 0.0), 1.0)
    return _curve(op.profile, op.tau_start + (1 - op.tau_start) * frac)


def _paid(
    op: OperationPlan,
    t: float,
    origin: float,
    close: float,
    as_of: float,
    remaining: float,
    money: float,
    f0: float,
    mid: float,
) -> float:
    """Money disbursed from the as-of date to day ``t``, additional financing included.

    ``f0`` is the profile at the as-of date and ``mid`` the share of what remains that is paid by
    mid-implementation (when additional financing is committed).
    """
    if t <= as_of:
        return 0.0
    left = 1 - f0
    if left <= 1e-12:
        return remaining * money
    g = (_at(op, t, origin, close) - f0) / left
    later = min(max((g - mid) / (1 - mid), 0.0), 1.0) if mid < 1 else 0.0
    return remaining * (g + (money - 1) * later)


def _one(
    op: OperationPlan, zs: float, zd: float, zc: float, as_of: float, share: float
) -> tuple[float, float, float, float, float, float, bool]:
    """Approval, origin, completion, scope, money factor, cost ratio and whether the operation is kept."""
    approval = op.approval
    kept = True
    if op.pipeline:
        approval += op.approval_slip_months.from_normal(zs) * MONTH_DAYS + op.approval_delay_days
        kept = op.drop_probability <= 0 or (
            op.drop_probability < 1 and zs <= NormalDist().inv_cdf(1 - op.drop_probability)
        )
    if op.effective:
        origin = as_of
        period = max(op.closing - as_of, 0.0)
    else:
        lag = op.planned_lag * op.effectiveness_lag_ratio.from_normal(zs) + op.effectiveness_delay_days
        origin = max(approval + lag, as_of)
        period = max(op.closing - op.effectiveness, 0.0)
    close = origin + period * op.duration_ratio.from_normal(zd) * op.duration_factor
    cost = op.cost_ratio.from_normal(zc) * op.cost_factor
    money = 1 + share * max(cost - 1, 0.0)
    scope = min(1.0, money / cost) * op.scope_factor
    return approval, origin, close, scope, money, cost, kept
