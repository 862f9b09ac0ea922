"""From a programme to the simulation's plan: which operations, their planned dates, money and distributions.

Rules (written in ``docs/definitions.md``, "Risk simulation"):

* Simulated operations are those not dropped that are, at the as-of date,
  pipeline (including operations whose approval is after the as-of date) or
  under implementation (approved, and not closed before the as-of date).
* The plan of an operation: its approval date (a pipeline operation whose
  planned approval has passed is planned for the as-of date); its
  effectiveness date, or approval + the instrument's planned lag; its closing
  date in force, or effectiveness + the class's planned duration.  An
  operation is effective if its effectiveness date is on or before the as-of
  date, or, with no such date, if it has disbursed or its instrument has no
  effectiveness lag (advisory work).
* Money: the Board-approved (or planned) commitment in US dollars at approval
  counts in the fiscal year of approval; what remains to disburse is the net
  commitment less disbursements to date.
* An operation without a reference class, or with one the reference file
  does not know, is simulated as ``other``.
* Indicators move only with the operations linked to them in
  ``contributions.csv``, read as the planner reads them
  (:mod:`cpfkit.metrics.contributions`): each link's change builds up over
  its lag from the operation's approval (at approval with a lag of 0, all at
  once for a milestone).  Where the indicator stands, and how much of each
  link is already in that value, is written in
  :func:`cpfkit.risk.inputs_indicators.indicator_plan`.
"""

from __future__ import annotations

from datetime import date

from cpfkit.metrics.contributions import read_links
from cpfkit.metrics.ledger import commitment_usd, ledger_totals
from cpfkit.model import (
    FxRates,
    ProgrammeData,
    ProjectStatus,
    TransactionType,
    fiscal_year,
    fy_bounds,
    to_usd,
)
from cpfkit.reference.simulation import SimulationReference
from cpfkit.risk.inputs_indicators import indicator_plan
from cpfkit.risk.inputs_operations import operation_plan
from cpfkit.risk.plan import SimulationInputs, SimulationSettings
from cpfkit.risk.plan_indicators import IndicatorPlan, ObjectivePlan
from cpfkit.risk.plan_operations import OperationPlan

__all__ = ["settings_on", "simulation_inputs"]


def settings_on(reference: SimulationReference, on: date) -> SimulationSettings:
    """The default correlation and overrun settings that apply on a date."""
    return SimulationSettings(
        country_correlation=reference.default("country_correlation", on),
        sector_correlation=reference.default("sector_correlation", on),
        start_duration_correlation=reference.default("start_duration_correlation", on),
        start_cost_correlation=reference.default("start_cost_correlation", on),
        cost_duration_correlation=reference.default("cost_duration_correlation", on),
        additional_financing_share=reference.default("additional_financing_share", on),
    )


def simulation_inputs(
    data: ProgrammeData, fx: FxRates, reference: SimulationReference, as_of: date
) -> SimulationInputs:
    """The plan of every operation and indicator of a programme as of a date.

    Args:
        data: the programme with the operations it counts, its ledger and measurements.
        fx: the rates table (everything is compared in US dollars).
        reference: the simulation's parameter files.
        as_of: the date the simulation starts from; the ledger is read up to it.
    """
    programme = data.programme
    fys = programme.fiscal_years
    bounds = [fy_bounds(fy, programme.fy_start_month) for fy in fys]
    starts = [float(first.toordinal()) for first, _ in bounds] + [float(bounds[-1][1].toordinal() + 1)]
    envelope_years = {year.fy: year for year in programme.envelope}
    envelope: list[float | None] = []
    covered_by_fy: list[set[str] | None] = []
    for fy, (first, _) in zip(fys, bounds, strict=True):
        year = envelope_years.get(fy)
        if year is None:
            envelope.append(None)
            covered_by_fy.append(set())
            continue
        envelope.append(float(to_usd(year.total, fx, first)[0].amount))
        covered_by_fy.append({s.institution.value for s in year.by_institution} or None)

    def covers(k: int, institution: str) -> bool:
        chosen = covered_by_fy[k]
        return chosen is None or institution in chosen

    totals = ledger_totals(data.transactions, fx, as_of)
    actual = [0.0] * len(fys)
    for tx in data.transactions:
        if tx.type is not TransactionType.DISBURSEMENT or tx.date > as_of:
            continue
        fy = fiscal_year(tx.date, programme.fy_start_month)
        if fy in fys:
            actual[fys.index(fy)] += float(to_usd(tx.amount, fx, tx.date)[0].amount)

    operations: list[OperationPlan] = []
    fixed = [0.0] * len(fys)
    fixed_covered = [0.0] * len(fys)
    for project in sorted(data.projects, key=lambda p: p.id):
        plan = operation_plan(
            project, fx, reference, as_of, totals.net_commitment(project, fx), totals.disbursed(project.id)
        )
        if plan is not None:
            operations.append(plan)
            continue
        approval = project.dates.approval
        if project.status is ProjectStatus.DROPPED or approval is None or approval > as_of:
            continue
        fy = fiscal_year(approval, programme.fy_start_month)
        if fy in fys:
            k = fys.index(fy)
            amount = float(commitment_usd(project, fx))
            fixed[k] += amount
            if covers(k, project.institution.value):
                fixed_covered[k] += amount
    # pipeline first, then approved but not yet effective, then under way (the engine works on contiguous columns)
    operations.sort(key=lambda op: (not op.pipeline, op.effective, op.id))
    covered = tuple(tuple(covers(k, op.institution) for k in range(len(fys))) for op in operations)
    index = {op.id: j for j, op in enumerate(operations)}
    reading = read_links(data)
    projects = {p.id: p for p in data.projects}
    indicators: list[IndicatorPlan] = []
    objectives: list[ObjectivePlan] = []
    for _, objective in programme.objectives():
        start = len(indicators)
        for indicator in objective.indicators:
            indicators.append(
                indicator_plan(indicator, objective.code, data, reading, projects, operations, index, as_of)
            )
        own = list(range(start, len(indicators)))
        rated = [i for i in own if indicators[i].objective_kind] or own
        objectives.append(ObjectivePlan(objective.code, objective.title, tuple(rated)))
    return SimulationInputs(
        programme=programme.id,
        title=programme.title,
        as_of=as_of,
        fiscal_years=tuple(fys),
        fy_bounds=tuple(starts),
        envelope=tuple(envelope),
        operations=tuple(operations),
        covered=covered,
        indicators=tuple(indicators),
        objectives=tuple(objectives),
        actual_disbursed=tuple(actual),
        fixed_committed=tuple(fixed),
        fixed_covered=tuple(fixed_covered),
        settings=settings_on(reference, as_of),
    )
