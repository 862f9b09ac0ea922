"""The operations of a plan report: those the plan finances, in their year, and those it leaves out, with why."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from cpfkit.language.catalogs import N_
from cpfkit.language.message import Message, Millions
from cpfkit.model import fy_label
from cpfkit.model.base import Num
from cpfkit.plan.context import PlanContext
from cpfkit.plan.problem import Candidate, PlanProblem
from cpfkit.plan.report_numbers import usd

if TYPE_CHECKING:  # the solver (NumPy) is not needed to declare or read a report
    from cpfkit.plan.allocate import Allocation

__all__ = ["PlannedOperation", "SkippedOperation", "planned_operations", "skipped_operations"]


@dataclass(frozen=True)
class PlannedOperation:
    """An operation the plan finances, in its fiscal year."""

    project: str
    fy: int
    label: str
    name: str
    institution: str
    instrument: str
    cost_usd: Num
    planned_fy: int | None
    priority_areas: tuple[str, ...]
    risk: str | None
    high_risk: bool
    npv_usd: Num | None
    completion_probability: Num
    value: Num
    illustrative: bool
    npv_illustrative: bool = False


@dataclass(frozen=True)
class SkippedOperation:
    """A candidate the plan leaves out, and why: ``reason`` in English, ``reason_message`` for a reader's language."""

    project: str
    name: str
    cost_usd: Num
    reason: str
    reason_message: Message | None = None


def planned_operations(problem: PlanProblem, context: PlanContext, allocation: Allocation) -> list[PlannedOperation]:
    """The operations the plan finances, by fiscal year then id."""
    by_id = {c.id: c for c in problem.candidates}
    selected: list[PlannedOperation] = []
    for pid, fy in sorted(allocation.assignment.items(), key=lambda kv: (kv[1], kv[0])):
        c, info = by_id[pid], context.candidates[pid]
        selected.append(
            PlannedOperation(
                project=pid,
                fy=fy,
                label=fy_label(fy),
                name=info.name,
                institution=info.institution,
                instrument=info.instrument,
                cost_usd=info.cost_usd,
                planned_fy=info.planned_fy,
                priority_areas=info.priority_areas,
                risk=info.risk,
                high_risk=c.high_risk,
                npv_usd=usd(info.npv_usd),
                completion_probability=Decimal(str(round(info.completion_probability, 4))),
                value=Decimal(str(round(c.value(fy, problem.indicator_weights, problem.npv_term(c)), 6))),
                illustrative=info.illustrative,
                npv_illustrative=info.npv_illustrative,
            )
        )
    return selected


def skipped_operations(problem: PlanProblem, context: PlanContext, allocation: Allocation) -> list[SkippedOperation]:
    """The candidates the plan leaves out, each with the first reason that applies."""
    skipped: list[SkippedOperation] = []
    for c in problem.candidates:
        if c.id in allocation.assignment:
            continue
        info = context.candidates[c.id]
        if c.id in problem.must_exclude:
            reason = Message(N_("excluded by the scenario (must_exclude)"))
        elif c.blocked:
            reason = Message(c.blocked)  # the candidate's own sentence, marked where it is written
        elif not problem.allowed(c):
            reason = Message(N_("no fiscal year available in its window"))
        elif allocation.status not in ("optimal", "feasible"):
            reason = Message(N_("no plan"))
        elif not any(c.value(f, problem.indicator_weights, problem.npv_term(c)) > 0 for f in problem.allowed(c)):
            reason = Message(N_("no scored contribution to the indicators"))
        elif (room := _largest_room(problem, c)) is not None and room < c.cost:
            reason = Message(
                N_("larger than the room in every year of its window (at most US$%(room)sM)"),
                {"room": Millions(Decimal(str(room)), 1)},
            )
        else:
            reason = Message(N_("not chosen: the money does more elsewhere under the constraints"))
        skipped.append(SkippedOperation(c.id, info.name, info.cost_usd, str(reason), reason))
    return skipped


def _largest_room(problem: PlanProblem, c: Candidate) -> float | None:
    """The most money any year of a candidate's window has for it (before the plan), or None if unlimited."""
    rooms = []
    for fy in problem.allowed(c):
        limits = []
        if fy in problem.envelope and problem.covers(c.institution):
            limits.append(problem.envelope[fy] - problem.existing.get(fy, 0.0))
        key = (fy, c.institution)
        if key in problem.institution_envelope:
            limits.append(problem.institution_envelope[key] - problem.institution_existing.get(key, 0.0))
        if not limits:
            return None
        rooms.append(max(0.0, min(limits)))
    return max(rooms) if rooms else None
