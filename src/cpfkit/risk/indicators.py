"""Indicator values and objective ratings from the operations' progress, run by run.

The plan is taken to meet each target exactly on its date; in a run, an
indicator closes the share of its gap that the commitment-weighted progress of
its operations bears to the plan's (``docs/simulation.md``, "Results").
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from cpfkit.risk.engine import BoolArray, Draws, FloatArray, Model
from cpfkit.risk.objective_rule import objective_ratings
from cpfkit.risk.plan import SimulationInputs

__all__ = ["Results"]

_TOL = 1e-9


class Results:
    """Indicator values from progress: the weights of each operation in each indicator, from the plan.

    Indicators moved by the same operations with the same weights by the same
    date (and scenario factor) close the same share of their gap in every
    run; they form one *group*, whose share ``factor × Σ w·progress`` is
    computed once.
    """

    def __init__(self, inputs: SimulationInputs, model: Model, plan: Draws) -> None:
        indicators = inputs.indicators
        self.count = len(indicators)
        n = model.n
        date_index = {d: u for u, d in enumerate(model.target_dates)}
        weight = np.where(model.commitment > 0, model.commitment, 0.0)
        self.static = np.full(self.count, np.nan)
        self.simulated = np.zeros(self.count, dtype=bool)
        self.current = np.zeros(self.count)
        self.gap = np.zeros(self.count)
        self.base = np.zeros(self.count)
        self.target = np.full(self.count, np.nan)
        self.sign = np.ones(self.count)
        self.group_of = np.full(self.count, -1, dtype=np.intp)
        keys: dict[tuple[int, float, bytes], int] = {}
        rows: list[FloatArray] = []
        dates: list[int] = []
        factors: list[float] = []
        for i, ind in enumerate(indicators):
            self.sign[i] = -1.0 if ind.direction == "decrease" else 1.0
            if ind.current is not None:
                self.static[i] = ind.current
            if ind.target is None or ind.current is None:
                continue
            self.target[i] = ind.target
            self.base[i] = ind.baseline if ind.baseline is not None else ind.current
            self.current[i] = ind.current
            self.gap[i] = ind.target - ind.current
            if self.sign[i] * self.gap[i] <= 0 or ind.target_date is None or not ind.operations:
                continue
            u = date_index[ind.target_date]
            linked = np.zeros(n, dtype=bool)
            linked[list(ind.operations)] = True
            w = np.where(linked, weight, 0.0)
            if not w.any():
                w = linked.astype(float)
            planned = float(w @ plan.progress[u, 0])
            if planned <= 0:
                continue
            row = w / planned
            key = (u, ind.factor, row.tobytes())
            if key not in keys:
                keys[key] = len(rows)
                rows.append(row)
                dates.append(u)
                factors.append(ind.factor)
            self.group_of[i] = keys[key]
            self.simulated[i] = True
        self.weights = np.array(rows).reshape(len(rows), n)
        self.group_date = np.array(dates, dtype=np.intp)
        self.group_factor = np.array(factors, dtype=float)
        self.groups = len(rows)
        self.sim_index = np.nonzero(self.simulated)[0]
        self.objectives = [np.array(o.indicators, dtype=np.intp) for o in inputs.objectives]

    def shares(self, progress: FloatArray) -> FloatArray:
        """The share of its gap each group of indicators closes by its target date (runs × groups)."""
        runs = progress.shape[1]
        out = np.empty((runs, self.groups))
        for u in np.unique(self.group_date):
            cols = np.nonzero(self.group_date == u)[0]
            out[:, cols] = np.einsum("rn,gn->rg", progress[u], self.weights[cols]) * self.group_factor[cols]
        return out

    def values(self, shares: FloatArray) -> FloatArray:
        """Indicator values at their target dates (runs × I), from the groups' shares."""
        runs = shares.shape[0]
        out = np.broadcast_to(self.static, (runs, self.count)).copy()
        rows = self.sim_index
        out[:, rows] = self.current[rows] + self.gap[rows] * shares[:, self.group_of[rows]]
        return out

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
