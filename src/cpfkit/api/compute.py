"""Expensive computations on request: a ceiling on their size, and only a few at once per server process.

A Monte Carlo simulation, a plan of the pipeline (a mixed-integer program, re-solved per fiscal
year for the marginal values) and a PDF report take seconds of CPU each.  Two rules keep one caller
from taking the server:

* **Ceilings.** A request may ask for at most ``CPFKIT_SIMULATION_RUNS_ANONYMOUS`` Monte Carlo runs
  without an account and ``CPFKIT_SIMULATION_RUNS_SIGNED_IN`` with one, and may give the plan's
  solver a time limit of at most ``CPFKIT_PLAN_SECONDS_ANONYMOUS`` or ``…_SIGNED_IN`` seconds
  (a plan that sets none gets the shorter of the default and the ceiling).  Above it: 422 naming
  the field, and the ceiling.
* **Slots.** A server process runs at most ``CPFKIT_COMPUTE_SLOTS`` of these computations at once.
  A request that finds every slot taken is not queued: it gets 429 with ``Retry-After``, at once.

Figures the pages keep per data version (the overview cache) take a slot only when they are computed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Annotated, TypeVar

from fastapi import Depends, Request

from cpfkit.errors import DataError, Throttled
from cpfkit.model.plan import PlanConstraints
from cpfkit.settings import Settings
from cpfkit.workplace.roles import Principal

__all__ = [
    "RETRY_AFTER_SECONDS",
    "Busy",
    "ComputeDep",
    "ComputeSlots",
    "bounded_plan",
    "check_runs",
    "compute_slots",
    "plan_seconds_ceiling",
    "runs_ceiling",
]

T = TypeVar("T")

RETRY_AFTER_SECONDS = 5
"""What ``Retry-After`` tells a caller who found every slot taken (a simulation or a PDF takes seconds)."""


class Busy(Throttled):
    """Every compute slot is taken: try again after ``retry_after`` seconds (429)."""


class ComputeSlots:
    """At most ``size`` expensive computations at once; the next one is refused, not queued."""

    def __init__(self, size: int, retry_after: int = RETRY_AFTER_SECONDS) -> None:
        self.size = size
        self.retry_after = retry_after
        self._free = threading.BoundedSemaphore(size)

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Take a slot for the body of the ``with`` block.

        Raises:
            Busy: every slot is taken (answered 429 with ``Retry-After``).
        """
        if not self._free.acquire(blocking=False):
            raise Busy(
                f"the server is already running {self.size} long computations (simulations, plans, PDF reports);"
                f" try again in {self.retry_after} seconds",
                retry_after=self.retry_after,
            )
        try:
            yield
        finally:
            self._free.release()

    def run(self, compute: Callable[[], T]) -> T:
        """``compute()`` in a slot.

        Raises:
            Busy: every slot is taken.
        """
        with self.hold():
            return compute()


def compute_slots(request: Request) -> ComputeSlots:
    """The slots of the application serving the request."""
    slots: ComputeSlots = request.app.state.compute
    return slots


ComputeDep = Annotated[ComputeSlots, Depends(compute_slots)]


def runs_ceiling(settings: Settings, *, signed_in: bool) -> int:
    """The most Monte Carlo runs a caller may ask for (signed in: never fewer than anonymous)."""
    anonymous = settings.simulation_runs_anonymous
    return max(settings.simulation_runs_signed_in, anonymous) if signed_in else anonymous


def plan_seconds_ceiling(settings: Settings, *, signed_in: bool) -> int:
    """The longest solver time limit a caller may give a plan (signed in: never shorter than anonymous)."""
    anonymous = settings.plan_seconds_anonymous
    return max(settings.plan_seconds_signed_in, anonymous) if signed_in else anonymous


def _over(asked: object, ceiling: int, unit: str, principal: Principal | None, signed_in: int) -> str:
    who = "without an account" if principal is None else "per request"
    hint = f"; sign in for up to {signed_in:,}" if principal is None and signed_in > ceiling else ""
    return f"at most {ceiling:,} {unit} {who}, not {asked}{hint}"


def check_runs(runs: int, settings: Settings, principal: Principal | None) -> None:
    """Refuse more runs than the caller's ceiling.

    Raises:
        DataError: ``runs`` is above the ceiling (422, field ``runs``).
    """
    ceiling = runs_ceiling(settings, signed_in=principal is not None)
    if runs > ceiling:
        signed_in = runs_ceiling(settings, signed_in=True)
        raise DataError(_over(f"{runs:,}", ceiling, "Monte Carlo runs", principal, signed_in), field="runs")


def bounded_plan(
    constraints: PlanConstraints | None, settings: Settings, principal: Principal | None
) -> PlanConstraints:
    """The constraints with the solver's time limit within the caller's ceiling.

    A time limit the caller gave above the ceiling is refused; one left out is the model's default
    or the ceiling, whichever is shorter.

    Raises:
        DataError: ``solver.time_limit_seconds`` was given above the ceiling (422, naming that field).
    """
    constraints = constraints or PlanConstraints()
    asked = constraints.solver.time_limit_seconds
    ceiling = plan_seconds_ceiling(settings, signed_in=principal is not None)
    given = "solver" in constraints.model_fields_set and "time_limit_seconds" in constraints.solver.model_fields_set
    if asked <= ceiling:
        return constraints
    if not given:
        solver = constraints.solver.model_copy(update={"time_limit_seconds": Decimal(ceiling)})
        return constraints.model_copy(update={"solver": solver})
    field = "solver.time_limit_seconds"
    signed_in = plan_seconds_ceiling(settings, signed_in=True)
    raise DataError(_over(asked, ceiling, "seconds", principal, signed_in), field=field)
