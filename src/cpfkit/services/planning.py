"""Use cases of pipeline planning, shared by the CLI, the API and the pages.

The appraisal's use cases (:mod:`~cpfkit.services.appraisal`) are named here too: the interfaces reach
both as ``services_plan.NAME``.

``completion_probabilities`` is where the risk simulation plugs in: it returns
each operation's probability of completing by the target date, or None when
no simulation is available (every operation then counts 1.0).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from cpfkit import clock
from cpfkit.formats.plan_constraints import read_constraints
from cpfkit.model import ProgrammeData
from cpfkit.model.plan import PlanConstraints
from cpfkit.plan.inputs import build_problem
from cpfkit.plan.report import PlanReport, plan_report
from cpfkit.reference import load_fx
from cpfkit.services.appraisal import (
    AppraisalSummary,
    appraisal,
    appraisal_summaries,
    appraisals,
    appraise_programme,
    discount_rate,
)
from cpfkit.services.loading import programme_data
from cpfkit.store import Store

__all__ = [
    "AppraisalSummary",
    "appraisal",
    "appraisal_summaries",
    "appraisals",
    "completion_probabilities",
    "discount_rate",
    "load_constraints",
    "named_as",
    "plan",
    "plan_in",
]


def completion_probabilities(store: Store, data: ProgrammeData, as_of: date) -> dict[str, float] | None:
    """Each operation's probability of completing by the indicators' target dates, from the risk simulation.

    The plan multiplies every contribution by it.  This returns None while no
    simulation result is available, so every operation counts 1.0; a
    simulation result for the programme, as of the date, goes here as a
    mapping from operation to probability.
    """
    return None


def load_constraints(path: Path | None) -> PlanConstraints:
    """A scenario from a constraints file, or the empty scenario."""
    return read_constraints(path) if path is not None else PlanConstraints()


def plan(
    store: Store,
    programme_id: str,
    constraints: PlanConstraints | None = None,
    *,
    origin: str = "constraints",
    as_of: date | None = None,
    envelope_per_fy_usd: Decimal | None = None,
    exact_marginals: bool = True,
) -> PlanReport:
    """Choose and phase a programme's pipeline under a scenario's constraints.

    Args:
        store: the database.
        programme_id: the programme.
        constraints: the scenario (default: the envelope and the pipeline's windows only).
        origin: the scenario's file name, for error messages.
        as_of: the planning date (default: today).
        envelope_per_fy_usd: a yearly envelope replacing the programme's (US dollars).
        exact_marginals: also re-solve with US$100 million more in each year.
    """
    from cpfkit.plan.allocate import PlanOptions, allocate  # the solver (NumPy, SciPy): loaded to plan

    constraints = constraints or PlanConstraints()
    if envelope_per_fy_usd is not None:
        constraints = constraints.model_copy(update={"envelope_per_fy_usd": envelope_per_fy_usd})
    as_of = as_of or clock.today()
    data = programme_data(store, programme_id)
    appraised = appraise_programme(store, data)
    npv = {a.project: float(a.npv_usd) for a in appraised}
    probabilities = completion_probabilities(store, data, as_of)
    problem, context = build_problem(
        data,
        load_fx(),
        constraints,
        as_of=as_of,
        origin=origin,
        npv_usd=npv,
        npv_illustrative={a.project for a in appraised if a.illustrative},
        completion_probability=probabilities,
    )
    options = PlanOptions(
        time_limit=float(constraints.solver.time_limit_seconds),
        mip_gap=float(constraints.solver.mip_gap),
        exact_marginals=exact_marginals,
    )
    return plan_report(problem, context, allocate(problem, options), options)


def named_as(report: PlanReport, data: ProgrammeData) -> PlanReport:
    """The plan with the programme's title and the names of its operations and indicators as ``data`` has them.

    Given the programme's data in a reader's language, the plan names everything in that language; its
    figures, codes and messages are those of the plan.
    """
    operations = {p.id: p.name for p in data.projects}
    indicators = {i.code: i.name for _, _, i in data.programme.indicators()}
    return replace(
        report,
        title=data.programme.title,
        selected=tuple(replace(p, name=operations.get(p.project, p.name)) for p in report.selected),
        not_selected=tuple(replace(s, name=operations.get(s.project, s.name)) for s in report.not_selected),
        indicators=tuple(replace(i, name=indicators.get(i.indicator, i.name)) for i in report.indicators),
    )


def plan_in(store: Store, report: PlanReport, lang: str) -> PlanReport:
    """The plan naming the programme, its operations and indicators in ``lang`` where the data translates them."""
    if lang == "en":
        return report
    from cpfkit.services.translations import in_language, text_book

    return named_as(report, in_language(programme_data(store, report.programme), text_book(store, lang)))
