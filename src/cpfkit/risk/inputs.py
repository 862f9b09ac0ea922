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
  link is already in that value, is written in :func:`_indicator`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cpfkit.metrics.contributions import YEAR_DAYS, Links, in_place, is_milestone, read_links
from cpfkit.metrics.ledger import commitment_usd, ledger_totals
from cpfkit.metrics.results import aggregate
from cpfkit.model import (
    Aggregation,
    FxRates,
    Indicator,
    IndicatorKind,
    ProgrammeData,
    Project,
    ProjectStatus,
    TransactionType,
    fiscal_year,
    fy_bounds,
    to_usd,
)
from cpfkit.reference.simulation import SimulationReference
from cpfkit.risk.distributions import from_spec
from cpfkit.risk.plan import (
    MONTH_DAYS,
    ContributionPlan,
    IndicatorPlan,
    ObjectivePlan,
    OperationPlan,
    SimulationInputs,
    SimulationSettings,
)

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
        plan = _operation(
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
            indicators.append(_indicator(indicator, objective.code, data, reading, projects, operations, index, as_of))
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


def _operation(
    project: Project,
    fx: FxRates,
    reference: SimulationReference,
    as_of: date,
    net_commitment: Decimal,
    disbursed: Decimal,
) -> OperationPlan | None:
    """The plan of one operation, or None when it is not simulated (dropped, or closed before the as-of date)."""
    dates = project.dates
    if project.status is ProjectStatus.DROPPED:
        return None
    approved = project.status is not ProjectStatus.PIPELINE and dates.approval is not None and dates.approval <= as_of
    closing = dates.closing
    if project.status is ProjectStatus.CLOSED and (not approved or closing is None or closing <= as_of):
        return None
    class_name, ref = reference.reference_class(project.reference_class)
    instrument = reference.instruments[project.instrument.value]
    day = float(as_of.toordinal())
    approval = float(dates.approval.toordinal()) if dates.approval else day
    if not approved:
        approval = max(approval, day)
    paid = float(disbursed)
    lag_months = instrument.planned_effectiveness_lag_months.at(as_of)
    effective = approved and (
        (dates.effectiveness is not None and dates.effectiveness <= as_of)
        or (dates.effectiveness is None and (paid > 0 or lag_months == 0))
    )
    if dates.effectiveness is not None and (
        approved or dates.approval is None or dates.effectiveness >= dates.approval
    ):
        effectiveness = float(dates.effectiveness.toordinal())
    else:
        effectiveness = approval + lag_months * MONTH_DAYS
    if effective and dates.effectiveness is None:
        effectiveness = min(effectiveness, day)
    effectiveness = max(effectiveness, approval)
    if closing is not None and closing.toordinal() > effectiveness:
        close = float(closing.toordinal())
    else:
        close = effectiveness + ref.planned_duration_years.at(as_of) * YEAR_DAYS
    commitment = float(commitment_usd(project, fx))
    net = float(net_commitment) if approved else commitment
    tau = 0.0
    if effective:
        tau = 1.0 if close <= day else min(max((day - effectiveness) / (close - effectiveness), 0.0), 1.0)
    profile = reference.profiles[instrument.profile_for(class_name)].at(as_of)
    return OperationPlan(
        id=project.id,
        name=project.name,
        reference_class=class_name,
        sector_group=ref.sector_group,
        institution=project.institution.value,
        instrument=project.instrument.value,
        country=project.country or "",  # a regional operation matches no country filter
        sectors=tuple(s.code for s in project.sectors),
        pipeline=not approved,
        effective=effective,
        approval=approval,
        effectiveness=effectiveness,
        closing=close,
        commitment=commitment,
        remaining=max(net - paid, 0.0),
        disburses=instrument.disburses,
        profile=profile,
        tau_start=tau,
        approval_slip_months=from_spec(ref.approval_slip_months.at(as_of)),
        effectiveness_lag_ratio=from_spec(instrument.effectiveness_lag_ratio.at(as_of)),
        duration_ratio=from_spec(ref.duration_ratio.at(as_of)),
        cost_ratio=from_spec(ref.cost_ratio.at(as_of)),
        drop_probability=0.0 if approved else reference.default("pipeline_drop_probability", as_of),
        illustrative=project.illustrative or bool(project.illustrative_fields),
    )


def _indicator(
    indicator: Indicator,
    objective: str,
    data: ProgrammeData,
    reading: Links,
    projects: dict[str, Project],
    operations: list[OperationPlan],
    index: dict[str, int],
    as_of: date,
) -> IndicatorPlan:
    """An indicator's plan: where it stands, and what each linked operation brings by its target date.

    Where it stands: the latest aggregate of its measurements (the anchor is
    the date of the latest of them), else its baseline.  A link counts from
    the baseline in full, as the planner counts it; when the value is
    measured, the share of each link in place by the measurement's date is
    in that value, except that of an operation of a ``sum`` indicator
    measured by operation: an operation that reports its own value stands
    where that value puts it (and goes on at its planned pace), one that does
    not has brought nothing yet.
    """
    agg = aggregate(indicator, data.measurements, as_of)
    baseline = float(indicator.baseline.value) if indicator.baseline else None
    target = indicator.target
    measured = agg.value is not None
    current = float(agg.value) if agg.value is not None else baseline
    anchor = max((m.date for m in agg.contributions), default=as_of)
    by_operation = measured and indicator.aggregation is Aggregation.SUM and agg.contributions[0].project is not None
    own = {m.project: m for m in agg.contributions} if by_operation else {}
    contributions: list[ContributionPlan] = []
    fixed = 0.0
    linked: list[str] = []
    for link in reading.of_indicator(indicator.code):
        project = projects.get(link.project)
        if project is None or project.status is ProjectStatus.DROPPED:
            continue
        linked.append(link.project)
        j = index.get(link.project)
        if j is not None:
            approval = operations[j].approval
            approved = not operations[j].pipeline
        elif project.dates.approval is not None:
            approval, approved = float(project.dates.approval.toordinal()), True
        else:
            continue
        length = link.lag_years * YEAR_DAYS
        m = own.get(link.project)
        if approved and m is not None and link.value > 0:
            reference = min(max(float(m.value) / link.value, 0.0), 1.0)
            begin = float(m.date.toordinal()) - reference * length
            at_approval = False
        else:
            begin = approval
            at_approval = link.lag_years <= 0
            reference = 0.0
            if measured and approved and not by_operation:
                reference = in_place(anchor.toordinal() - begin, link.lag_years, step=link.milestone)
        if target is None:
            continue
        if j is None:  # closed before the as-of date: what is still to come is certain
            done = in_place(target.date.toordinal() - begin, link.lag_years, step=link.milestone)
            fixed += link.value * (done - reference)
            continue
        contributions.append(
            ContributionPlan(j, link.value, begin, begin + length, reference, at_approval, link.milestone)
        )
    return IndicatorPlan(
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        objective=objective,
        objective_kind=indicator.kind is IndicatorKind.OBJECTIVE,
        direction=indicator.direction.value,
        baseline=baseline,
        target=float(target.value) if target else None,
        target_date=float(target.date.toordinal()) if target else None,
        current=current,
        contributions=tuple(contributions),
        illustrative=indicator.is_illustrative("target") or indicator.is_illustrative("baseline"),
        milestone=is_milestone(indicator),
        fixed=fixed,
        linked=tuple(dict.fromkeys(linked)),
    )
