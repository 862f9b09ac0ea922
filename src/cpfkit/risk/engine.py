"""The model of one run, vectorised over many: correlated drivers in, dates and money out.

:class:`Model` turns the three correlated drivers of every operation (start,
duration, cost; drawn by :func:`cpfkit.risk.latents.draw_latents`) into
approval and completion dates, disbursements and commitments by fiscal year,
and how each operation's start, length and scope depart from the plan (what
moves the indicators, :mod:`cpfkit.risk.indicators`).  The rules are
described in :mod:`cpfkit.risk.montecarlo` and ``docs/simulation.md``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from cpfkit.risk.arrays import BoolArray, FloatArray, Latent
from cpfkit.risk.distributions import column_sampler
from cpfkit.risk.plan import MONTH_DAYS, SimulationInputs

__all__ = ["GRID", "Draws", "Model"]

GRID = 1000


@dataclass(frozen=True)
class Draws:
    """Per-run outcomes of one chunk (or of the plan, with one run)."""

    disbursed: FloatArray  # runs × K, money disbursed in each fiscal year (simulated part only)
    after: FloatArray  # runs, disbursed after the last fiscal year
    committed: FloatArray  # runs × K, new commitments (approvals and additional financing)
    covered: FloatArray  # runs × K, the part counted against the envelope
    approval: FloatArray  # runs × n, approval day (NaN when dropped)
    completion: FloatArray  # runs × n, completion (closing) day (NaN when dropped)
    shift: FloatArray  # runs × n, days the start of implementation moves against the plan (0 once effective)
    stretch: FloatArray  # runs × n, the remaining implementation period's length against the plan's
    scope: FloatArray  # runs × n, share of the remaining planned scope delivered (0 when dropped)
    cost_ratio: FloatArray  # runs × n


def _upper(p: float) -> float:
    """The standard-normal quantile above which a share ``p`` of draws lies (+inf for 0)."""
    if p <= 0:
        return math.inf
    if p >= 1:
        return -math.inf
    return NormalDist().inv_cdf(1 - p)


def _columns(mask: BoolArray) -> slice | NDArray[np.intp]:
    """The columns where ``mask`` holds: a slice (a view, no copy) when they are contiguous."""
    idx = np.nonzero(mask)[0]
    if idx.size and idx[-1] - idx[0] + 1 == idx.size:
        return slice(int(idx[0]), int(idx[-1]) + 1)
    return idx.astype(np.intp)


def _cols(mask: BoolArray) -> NDArray[np.intp]:
    return np.nonzero(mask)[0].astype(np.intp)


class Model:
    """The arrays of one programme, ready to be evaluated on latents.

    Profiles are tabulated on a grid of ``GRID`` steps of the implementation
    period and evaluated in single precision (exact for knots on the grid,
    which every shipped profile has); money is summed in double precision.
    """

    def __init__(self, inputs: SimulationInputs) -> None:
        self.inputs = inputs
        ops = inputs.operations
        self.n = n = len(ops)
        self.as_of = as_of = inputs.as_of_day
        col = np.array
        self.pipeline = col([op.pipeline for op in ops], dtype=bool).reshape(n)
        self.effective = col([op.effective for op in ops], dtype=bool).reshape(n)
        # columns of the pipeline and of operations not yet effective (slices when the operations are
        # ordered pipeline first, as simulation_inputs orders them)
        self.pipe = _columns(self.pipeline)
        self.wait = _columns(~self.effective)
        self.n_pipe = int(self.pipeline.sum())
        self.pipe_ids = _cols(self.pipeline)
        self.approval = col([op.approval for op in ops], dtype=float).reshape(n)
        self.eff_plan = col([op.effectiveness for op in ops], dtype=float).reshape(n)
        self.lag = col([op.planned_lag for op in ops], dtype=float).reshape(n)
        closing = col([op.closing for op in ops], dtype=float).reshape(n)
        self.period = np.where(
            self.effective, np.maximum(closing - as_of, 0.0), np.maximum(closing - self.eff_plan, 0.0)
        )
        self.commitment = col([op.commitment for op in ops], dtype=float).reshape(n)
        self.remaining = col([op.remaining if op.disburses else 0.0 for op in ops], dtype=float).reshape(n)
        self.tau0 = col([op.tau_start for op in ops], dtype=float).reshape(n)
        self.drop = col([op.drop_probability for op in ops], dtype=float).reshape(n)[self.pipe]
        # dropped when Φ(z) > 1 − p, i.e. z above the (1 − p) quantile: no Φ needed in the runs
        self.drop_above = np.array([_upper(p) for p in self.drop], dtype=float).reshape(self.n_pipe)
        self.approval_delay = col([op.approval_delay_days for op in ops], dtype=float).reshape(n)[self.pipe]
        self.eff_delay = col([op.effectiveness_delay_days for op in ops], dtype=float).reshape(n)[self.wait]
        self.duration_factor = col([op.duration_factor for op in ops], dtype=float).reshape(n)
        self.cost_factor = col([op.cost_factor for op in ops], dtype=float).reshape(n)
        self.scope_factor = col([op.scope_factor for op in ops], dtype=float).reshape(n)
        self.slip = column_sampler([ops[j].approval_slip_months for j in _cols(self.pipeline)])
        self.lag_ratio = column_sampler([ops[j].effectiveness_lag_ratio for j in _cols(~self.effective)])
        self.any_wait = bool((~self.effective).any())
        self.duration = column_sampler([op.duration_ratio for op in ops])
        self.cost = column_sampler([op.cost_ratio for op in ops])
        self.af_share = inputs.settings.additional_financing_share
        self._tables([op.profile for op in ops])
        self.f0 = self.curve((self.tau0 * GRID).astype(np.float32)).astype(float)
        f_mid = self.curve(((self.tau0 + (1 - self.tau0) * 0.5) * GRID).astype(np.float32))
        self.shifted = bool(self.tau0.any())
        self.share_left = (1 - self.tau0).astype(np.float32)
        self.start_steps = (self.tau0 * GRID).astype(np.float32)
        left = 1 - self.f0
        self.inv_left = np.where(left > 1e-12, 1 / np.where(left > 1e-12, left, 1.0), 0.0)
        self.stuck_cols = _cols((left <= 1e-12) & (self.remaining > 0))
        self.g_mid = np.clip((f_mid - self.f0) * self.inv_left, 0.0, 1.0)
        self.bounds = col(inputs.fy_bounds, dtype=float)
        self.k = len(inputs.fiscal_years)
        self.live_bounds = _cols(self.bounds > as_of)
        # the profiles are evaluated at the fiscal years' bounds still ahead of the as-of date
        self.points = (self.bounds[self.live_bounds] - as_of).astype(np.float32)
        # where implementation starts in the plan (the runs' shifts are measured from it)
        self.origin_plan = np.where(self.effective, as_of, np.maximum(self.approval + self.lag, as_of))
        self.covered_matrix = col(inputs.covered, dtype=bool).reshape(n, self.k)
        self.fixed_committed = np.zeros(self.k)
        self.fixed_covered = np.zeros(self.k)
        for j in _cols(~self.pipeline):
            fy = int(np.searchsorted(self.bounds, self.approval[j], side="right")) - 1
            if 0 <= fy < self.k:
                self.fixed_committed[fy] += self.commitment[j]
                self.fixed_covered[fy] += self.commitment[j] * self.covered_matrix[j, fy]

    def _tables(self, profiles: list[tuple[tuple[float, float], ...]]) -> None:
        grid = np.linspace(0.0, 1.0, GRID + 1)
        values = np.array([np.interp(grid, [p[0] for p in pr], [p[1] for p in pr]) for pr in profiles])
        values = values.reshape(len(profiles), GRID + 1)
        slope = np.zeros_like(values)
        slope[:, :-1] = np.diff(values, axis=1)  # the last step (s = GRID exactly) is flat at the end value
        # intercept and slope of each grid step side by side (one complex64), so one gather fetches both
        table = np.empty(values.size, dtype=np.complex64)
        table.real = (values - np.arange(GRID + 1) * slope).ravel()
        table.imag = slope.ravel()
        self.table = table
        self.offsets = (np.arange(len(profiles)) * (GRID + 1)).astype(np.int32)

    def curve(self, steps: NDArray[np.float32]) -> NDArray[np.float32]:
        """The profile of each operation (last axis) at ``steps`` grid steps into its period (0 … GRID)."""
        i = steps.astype(np.int32)
        i += self.offsets
        step = self.table.take(i)
        out: NDArray[np.float32] = step.imag * steps
        out += step.real
        return out

    def evaluate(self, z: FloatArray | Latent) -> Draws:
        """Turn latents (3 × runs × n) into per-run outcomes."""
        runs = z.shape[1]
        z_start, z_dur, z_cost = z[0], z[1], z[2]
        approval = np.repeat(self.approval[None, :], runs, axis=0)
        keep: BoolArray | None = None
        if self.n_pipe:
            zp = z_start[:, self.pipe]
            approval[:, self.pipe] += self.slip(zp) * MONTH_DAYS + self.approval_delay
            if self.drop.any():
                keep = np.ones((runs, self.n), dtype=bool)
                keep[:, self.pipe] = zp <= self.drop_above
        origin = np.repeat(np.where(self.effective, self.as_of, self.eff_plan)[None, :], runs, axis=0)
        if self.any_wait:
            lag = self.lag[self.wait] * self.lag_ratio(z_start[:, self.wait]) + self.eff_delay
            origin[:, self.wait] = np.maximum(approval[:, self.wait] + lag, self.as_of)
        ratio = self.duration(z_dur)
        span = self.period * ratio * self.duration_factor
        close = origin + span
        cost = self.cost(z_cost) * self.cost_factor
        money_factor = 1 + self.af_share * np.maximum(cost - 1, 0.0) if self.af_share else None
        scope = np.minimum(1.0, (money_factor if money_factor is not None else 1.0) / cost) * self.scope_factor
        if keep is not None:
            scope = scope * keep

        # grid steps of each operation's profile reached at each point (points × runs × n)
        steps = self.points[:, None, None] - (origin - self.as_of).astype(np.float32)
        steps *= (GRID / np.maximum(span, 1e-6)).astype(np.float32)
        np.clip(steps, 0, GRID, out=steps)
        if self.shifted:
            steps *= self.share_left
            steps += self.start_steps
        fb = self.curve(steps)
        cumulative = np.zeros((runs, self.k + 1))
        weight = self.remaining * self.inv_left * (keep if keep is not None else 1.0)
        total = self.remaining * (money_factor if money_factor is not None else 1.0)
        if keep is not None:
            total = total * keep
        if money_factor is None:
            live = np.einsum("krn,rn->rk", fb, np.broadcast_to(weight, (runs, self.n)))
            live -= (weight * self.f0).sum(axis=-1, keepdims=True)
        else:
            g = (fb - self.f0) * self.inv_left
            gm = self.g_mid
            later = np.clip((g - gm) / np.maximum(1 - gm, 1e-12), 0.0, 1.0) * (gm < 1)
            share = g + (money_factor - 1) * later
            paid = np.broadcast_to(self.remaining * (keep if keep is not None else 1.0), (runs, self.n))
            live = np.einsum("krn,rn->rk", share, paid)
        if self.stuck_cols.size:
            stuck = np.broadcast_to(self.remaining[self.stuck_cols], (runs, self.stuck_cols.size))
            if money_factor is not None:
                stuck = stuck * money_factor[:, self.stuck_cols]
            if keep is not None:
                stuck = stuck * keep[:, self.stuck_cols]
            live += stuck.sum(axis=-1, keepdims=True)
        cumulative[:, self.live_bounds] = live
        disbursed = np.diff(cumulative, axis=1)
        after = np.sum(total, axis=-1) - cumulative[:, -1]
        shift = origin - self.origin_plan
        stretch = ratio * self.duration_factor
        committed = np.broadcast_to(self.fixed_committed, (runs, self.k)).copy()
        covered = np.broadcast_to(self.fixed_covered, (runs, self.k)).copy()
        if self.n_pipe:
            amount = np.broadcast_to(self.commitment[self.pipe], (runs, self.n_pipe))
            if keep is not None:
                amount = amount * keep[:, self.pipe]
            self._bin(approval[:, self.pipe], amount, self.pipe_ids, committed, covered)
        if money_factor is not None:
            extra = (money_factor - 1) * self.remaining * (keep if keep is not None else 1.0)
            self._bin(origin + span / 2, extra, np.arange(self.n), committed, covered)
        if keep is not None:
            approval = np.where(keep, approval, np.nan)
            close = np.where(keep, close, np.nan)
        return Draws(disbursed, after, committed, covered, approval, close, shift, stretch, scope, cost)

    def _bin(
        self, day: FloatArray, amount: FloatArray, cols: NDArray[np.intp], committed: FloatArray, covered: FloatArray
    ) -> None:
        """Add amounts to the fiscal year of their day (commitments outside the period are not counted)."""
        runs = day.shape[0]
        width = self.k + 2  # a bin before the period, the fiscal years, a bin after it
        fy = np.searchsorted(self.bounds, day, side="right")  # 0 before, 1 … K inside, K + 1 after
        flat = fy + np.arange(runs)[:, None] * width
        years = np.bincount(flat.ravel(), weights=amount.ravel(), minlength=runs * width).reshape(runs, width)
        committed += years[:, 1 : self.k + 1]
        cover = np.zeros((cols.size, width))
        cover[:, 1 : self.k + 1] = self.covered_matrix[cols]
        counted = amount * np.take_along_axis(cover.T, fy, axis=0) if cols.size else amount
        years = np.bincount(flat.ravel(), weights=counted.ravel(), minlength=runs * width).reshape(runs, width)
        covered += years[:, 1 : self.k + 1]
