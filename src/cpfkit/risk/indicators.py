"""Indicator values and objective ratings at the target dates, run by run, from the contribution links.

An indicator moves only with the operations linked to it in
``contributions.csv`` (``docs/simulation.md``, "Results").  Each link brings
its change in the plan's way — a straight line over its lag from approval, at
approval with a lag of 0, all at once for a milestone — and in a run:

* a change *at approval* comes on the run's approval date (never for a
  dropped operation);
* otherwise what is left of the build-up after the as-of date starts as much
  later as the operation's implementation starts (approval slip and
  effectiveness delay), lasts as much longer as its implementation does
  (duration ratio), and brings the share of its scope the operation delivers
  (a cost overrun delivers less; nothing when dropped).  A milestone's
  change comes whole when that build-up would be complete.

The value at the target date is where the indicator stands plus the changes
in place by then (less what was already in its value), times a scenario's
factor; a milestone is its target once the changes reach it, else where it
stands, so it is 0 or 1 in every run.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from cpfkit.metrics.contributions import YEAR_DAYS, in_place
from cpfkit.risk.arrays import BoolArray, FloatArray
from cpfkit.risk.engine import Draws
from cpfkit.risk.objective_rule import objective_ratings
from cpfkit.risk.plan import SimulationInputs

__all__ = ["Results"]

_TOL = 1e-9
_RAMP, _STEP, _APPROVAL = 0, 1, 2


class Results:
    """The contribution links of every indicator as arrays, and the indicators' values from a chunk's draws.

    A link is *live* when its operation is simulated and the change is not
    all in place at the as-of date; the rest of the links add a fixed amount.
    An indicator is *simulated* when it has a target, a value to start from
    and at least one live link.
    """

    def __init__(self, inputs: SimulationInputs) -> None:
        indicators = inputs.indicators
        self.count = count = len(indicators)
        as_of = inputs.as_of_day
        pipeline = [op.pipeline for op in inputs.operations]
        self.current = np.array([np.nan if i.current is None else i.current for i in indicators], dtype=float)
        self.target = np.array([np.nan if i.target is None else i.target for i in indicators], dtype=float)
        self.base = np.array(
            [
                i.baseline if i.baseline is not None else (np.nan if i.current is None else i.current)
                for i in indicators
            ],
            dtype=float,
        ).reshape(count)
        self.sign = np.array([-1.0 if i.direction == "decrease" else 1.0 for i in indicators]).reshape(count)
        self.factor = np.array([i.factor for i in indicators], dtype=float).reshape(count)
        self.milestone = np.array([i.milestone for i in indicators], dtype=bool).reshape(count)
        self.fixed = np.array([i.fixed for i in indicators], dtype=float).reshape(count)
        rows: list[tuple[int, int, float, float, float, float, float, float, int]] = []
        for i, ind in enumerate(indicators):
            if ind.target_date is None or ind.current is None:
                continue
            for c in ind.contributions:
                lag_years = (c.end - c.start) / YEAR_DAYS
                if pipeline[c.operation]:
                    p0 = 0.0  # not approved: nothing of it is in place
                else:
                    p0 = in_place(as_of - c.start, lag_years, step=c.step and not c.at_approval)
                if p0 >= 1.0:
                    self.fixed[i] += c.value * (1.0 - c.reference)
                    continue
                kind = _APPROVAL if c.at_approval else _STEP if c.step else _RAMP
                start = max(c.start, as_of)
                rows.append((i, c.operation, c.value, c.reference, p0, start, c.end - start, ind.target_date, kind))
        table = np.array(rows, dtype=float).reshape(len(rows), 9)
        self.row_indicator = table[:, 0].astype(np.intp)
        self.row_operation = table[:, 1].astype(np.intp)
        self.value, self.reference, self.p0 = table[:, 2], table[:, 3], table[:, 4]
        self.start, self.length, self.day = table[:, 5], table[:, 6], table[:, 7]
        self.kind = table[:, 8].astype(np.intp)
        # which indicator each link adds to (links × indicators)
        self.incidence = np.zeros((len(rows), count))
        self.incidence[np.arange(len(rows)), self.row_indicator] = 1.0
        has_target = ~np.isnan(self.target) & ~np.isnan(self.current)
        self.simulated = np.zeros(count, dtype=bool)
        self.simulated[self.row_indicator] = True
        self.simulated &= has_target
        self.sim_index = np.nonzero(self.simulated)[0]
        self.objectives = [np.array(o.indicators, dtype=np.intp) for o in inputs.objectives]

    def positions(self, draws: Draws) -> FloatArray:
        """The share of each live link's change in place on its indicator's target date (runs × links)."""
        ops = self.row_operation
        approval = draws.approval[:, ops]
        start = self.start + draws.shift[:, ops]
        length = self.length * draws.stretch[:, ops]
        elapsed = self.day - start
        with np.errstate(invalid="ignore", divide="ignore"):
            built = np.clip(elapsed / np.where(length > 0, length, 1.0), 0.0, 1.0)
            ramp = self.p0 + (1.0 - self.p0) * draws.scope[:, ops] * built
            step = np.where((elapsed >= length) & ~np.isnan(approval), 1.0, self.p0)
            at_approval = np.where(self.day - approval >= 0, 1.0, self.p0)
        out: FloatArray = np.where(self.kind == _RAMP, ramp, np.where(self.kind == _STEP, step, at_approval))
        return out

    def values(self, draws: Draws) -> FloatArray:
        """Indicator values at their target dates (runs × I; NaN when the indicator has no value to start from)."""
        runs = draws.approval.shape[0]
        changes = (self.positions(draws) - self.reference) * self.value
        total = (
            changes @ self.incidence + self.fixed if changes.size else np.broadcast_to(self.fixed, (runs, self.count))
        )
        out = self.current + self.sign * self.factor * total
        if self.milestone.any():
            tol = _TOL * np.maximum(np.abs(self.target - self.base), 1.0)
            with np.errstate(invalid="ignore"):
                reached = self.sign * (out - self.target) >= -tol
            out = np.where(self.milestone, np.where(reached, self.target, self.current), out)
        return np.asarray(out, dtype=float).reshape(runs, self.count)

    def progress(self, values: FloatArray) -> FloatArray:
        """Capped progress towards each target (NaN when unknown)."""
        span = self.target - self.base
        safe = np.where(span != 0, span, 1.0)
        raw = np.where(span != 0, (values - self.base) / safe, np.where(self.met(values), 1.0, 0.0))
        return np.where(np.isnan(values) | np.isnan(self.target), np.nan, np.clip(raw, 0.0, 1.0))

    def met(self, values: FloatArray) -> BoolArray:
        """Whether each value meets its target, in the indicator's direction."""
        tol = _TOL * np.maximum(np.abs(self.target - self.base), 1.0)
        with np.errstate(invalid="ignore"):
            return np.asarray(self.sign * (values - self.target) >= -tol)

    def ratings(self, values: FloatArray) -> NDArray[np.int8]:
        """Suggested rating of each objective (runs × O)."""
        progress = self.progress(values)
        runs = values.shape[0]
        out = np.empty((runs, len(self.objectives)), dtype=np.int8)
        for o, idx in enumerate(self.objectives):
            out[:, o] = objective_ratings(progress[:, idx])
        return out
