"""HiGHS (through highspy) on a :class:`~cpfkit.plan.model.MilpModel`: the MILP, its LP relaxation, and the IIS.

HiGHS writes a banner to the process's standard output the first time a
solver is created; cpfkit creates the first one with the output pointed at
``/dev/null`` so that ``--json`` output stays clean.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import highspy
import numpy as np
from numpy.typing import NDArray

from cpfkit.plan.model import INF, MilpModel

__all__ = ["Solution", "lp_iis_groups", "solve"]

_BANNER_LOCK = threading.Lock()
_banner_done = False


def _new_highs() -> highspy.Highs:
    """A silent HiGHS instance (the one-time banner goes to /dev/null)."""
    global _banner_done
    with _BANNER_LOCK:
        if _banner_done:
            h = highspy.Highs()  # type: ignore[no-untyped-call,unused-ignore]
        else:
            sys.stdout.flush()
            saved = os.dup(1)
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, 1)
                h = highspy.Highs()  # type: ignore[no-untyped-call,unused-ignore]
            finally:
                os.dup2(saved, 1)
                os.close(devnull)
                os.close(saved)
            _banner_done = True
    h.setOptionValue("output_flag", False)
    return h


@dataclass(frozen=True)
class Solution:
    """What HiGHS returned.

    ``status`` is ``optimal`` (within the gap asked), ``feasible`` (a plan,
    stopped by the time limit), ``infeasible``, or ``no solution`` (time limit
    before any plan).  ``row_dual`` is set for LP solves.
    """

    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    values: NDArray[np.float64] | None
    row_activity: NDArray[np.float64] | None
    row_dual: NDArray[np.float64] | None
    seconds: float


def _lp(
    model: MilpModel,
    active: Collection[str] | None,
    integer: bool,
    rhs_change: Mapping[int, float] | None = None,
) -> highspy.HighsLp:
    lp = highspy.HighsLp()
    n = model.n_cols
    upper = model.upper.copy()
    for key, cols in model.restrictions.items():
        if active is None or key in active:
            upper[cols] = 0.0
    lower = np.array(model.row_lower, dtype=np.float64)
    upper_rows = np.array(model.row_upper, dtype=np.float64)
    if active is not None:
        for r, info in enumerate(model.rows):
            if info.group and info.group not in active:
                lower[r], upper_rows[r] = -INF, INF
    for r, delta in (rhs_change or {}).items():
        if upper_rows[r] < INF:
            upper_rows[r] += delta
        else:
            lower[r] += delta
    lp.num_col_ = n
    lp.num_row_ = len(model.rows)
    lp.col_cost_ = model.cost
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = upper
    lp.row_lower_ = np.where(np.isinf(lower), -highspy.kHighsInf, lower)
    lp.row_upper_ = np.where(np.isinf(upper_rows), highspy.kHighsInf, upper_rows)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(model.row_start, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(model.row_index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(model.row_value, dtype=np.float64)
    lp.sense_ = highspy.ObjSense.kMaximize
    if integer:
        kinds = [highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous for flag in model.integer]
        lp.integrality_ = kinds
    return lp


def solve(
    model: MilpModel,
    *,
    active: Collection[str] | None = None,
    integer: bool = True,
    time_limit: float = 60.0,
    mip_gap: float = 1e-3,
    start: NDArray[np.float64] | None = None,
    rhs_change: Mapping[int, float] | None = None,
    feasibility_only: bool = False,
) -> Solution:
    """Solve the model (or its LP relaxation) with only the ``active`` groups switched on (None: all).

    Args:
        model: the built model.
        active: group keys to enforce; the others are dropped.
        integer: False solves the LP relaxation and returns its row duals.
        time_limit: seconds.
        mip_gap: relative gap at which the MILP stops as optimal.
        start: a feasible plan to start from (column values).
        rhs_change: right-hand sides to move, by row (sensitivity re-solves).
        feasibility_only: stop at the first feasible plan (conflict search).
    """
    h = _new_highs()
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(mip_gap))
    if feasibility_only:
        h.setOptionValue("mip_max_improving_sols", 1)
    lp = _lp(model, active, integer, rhs_change)
    if feasibility_only:
        lp.col_cost_ = np.zeros(model.n_cols)
    h.passModel(lp)
    if start is not None:
        sol = highspy.HighsSolution()
        sol.col_value = list(start)
        sol.value_valid = True
        h.setSolution(sol)
    began = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - began
    status = h.getModelStatus()
    info = h.getInfo()
    has_primal = info.primal_solution_status == 2  # kSolutionStatusFeasible
    if status == highspy.HighsModelStatus.kInfeasible:
        return Solution("infeasible", None, None, None, None, None, None, seconds)
    if status == highspy.HighsModelStatus.kOptimal:
        kind = "optimal"
    elif has_primal:
        kind = "feasible"
    else:
        return Solution("no solution", None, None, None, None, None, None, seconds)
    sol = h.getSolution()
    values = np.array(sol.col_value, dtype=np.float64)
    activity = np.array(sol.row_value, dtype=np.float64)
    objective = float(info.objective_function_value)
    if integer:
        bound = float(info.mip_dual_bound)
        gap = float(info.mip_gap) if np.isfinite(info.mip_gap) else None
        return Solution(kind, objective, bound, gap, values, activity, None, seconds)
    duals = np.array(sol.row_dual, dtype=np.float64) if sol.dual_valid else None
    return Solution(kind, objective, objective, 0.0, values, activity, duals, seconds)


def lp_iis_groups(model: MilpModel, active: Collection[str] | None = None) -> set[str] | None:
    """The groups of an irreducible infeasible subset of the LP relaxation (HiGHS IIS), or None.

    None when the LP relaxation is feasible (the plan is infeasible only with
    whole operations) or HiGHS gives no IIS.  Structural rows (one year per
    candidate) are in no group and are never reported.
    """
    h = _new_highs()
    h.setOptionValue("iis_strategy", 6)  # from the LP, reduced to an irreducible set
    h.passModel(_lp(model, active, integer=False))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kInfeasible:
        return None
    status, iis = h.getIis()
    if status != highspy.HighsStatus.kOk or not iis.valid_:
        return None
    groups = {model.rows[r].group for r in iis.row_index_ if model.rows[r].group}
    restricted = {c for key, cols in model.restrictions.items() for c in cols if active is None or key in active}
    for c in iis.col_index_:
        if c in restricted:
            groups |= {key for key, cols in model.restrictions.items() if c in cols}
    return groups
