"""Which constraints conflict when no plan satisfies them all.

1. If the LP relaxation is already infeasible, HiGHS computes an irreducible
   infeasible subset (IIS) of its rows and bounds; cpfkit maps it to the
   constraints people stated (groups) and checks that they still conflict
   with whole operations.
2. Then a deletion filter makes the set irreducible for the mixed-integer
   programme itself: each constraint in turn is switched off; if the rest is
   still infeasible it stays off, otherwise it is part of the conflict.  (When
   only whole operations make the plan infeasible the filter starts from every
   constraint.)

The result is a smallest-by-inclusion set of constraints that cannot hold
together: dropping any one of them makes a plan possible.
"""

from __future__ import annotations

from dataclasses import dataclass

from cpfkit.plan.model import MilpModel
from cpfkit.plan.solver import lp_iis_groups, solve

__all__ = ["ConflictSearch", "find_conflict"]


@dataclass(frozen=True)
class ConflictSearch:
    """The conflicting groups, how they were found, and whether the search finished."""

    groups: tuple[str, ...]
    method: str
    complete: bool


def _infeasible(model: MilpModel, active: set[str], time_limit: float) -> bool | None:
    """True if no plan meets the active groups; None if the time ran out before knowing."""
    found = solve(model, active=active, time_limit=time_limit, mip_gap=1.0, feasibility_only=True)
    if found.status == "infeasible":
        return True
    if found.status in ("optimal", "feasible"):
        return False
    return None


def find_conflict(model: MilpModel, *, time_limit: float = 30.0) -> ConflictSearch:
    """Find an irreducible set of conflicting constraint groups of an infeasible model."""
    every = set(model.groups)
    seed = lp_iis_groups(model)
    method = "HiGHS IIS of the LP relaxation, then deletion filter"
    candidates = every
    if seed is not None and _infeasible(model, seed, time_limit) is True:
        candidates = seed
    else:
        method = "deletion filter"
    per_check = max(1.0, time_limit / max(1, len(candidates)))
    active = set(candidates)
    complete = True
    for key in sorted(candidates, key=_order):
        trial = active - {key}
        verdict = _infeasible(model, trial, per_check)
        if verdict is True:
            active = trial
        elif verdict is None:
            complete = False
    return ConflictSearch(tuple(sorted(active, key=_order)), method, complete)


_KIND_ORDER = (
    "must_exclude",
    "economic",
    "window",
    "precedence",
    "area_max",
    "area_min",
    "high_risk",
    "ibrd_exposure",
    "institution",
    "envelope",
    "include",
)


def _order(key: str) -> tuple[int, str]:
    kind = key.split(":", 1)[0]
    return (_KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER), key)
