"""Stress scenarios: shocks that hit many operations at once, written as YAML by anyone.

A scenario names the operations each shock hits (by project, reference class,
instrument, institution, sector code, country or status) and what it does to
them: approvals slip, effectiveness comes later, implementation takes longer,
costs rise, scope shrinks, pipeline operations are dropped.  It may also scale
the movement of named indicators and override the simulation's correlation
and overrun settings.  The schema is in ``docs/simulation.md`` and
:mod:`cpfkit.risk.scenario_schema`; every mistake is reported with the file
and the field.

Rules of application (cpfkit convention):

* a shock starts on ``starts`` (the scenario's date, else the as-of date);
* approval delays and drops hit pipeline operations planned for approval on
  or after the start; effectiveness delays hit operations not yet effective
  and planned to become effective on or after it; duration, cost and scope
  factors hit operations planned to close after it;
* several shocks on one operation add their delays, multiply their factors
  and combine their drop probabilities (1 − Π(1 − p)).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from cpfkit.errors import DataError
from cpfkit.risk.plan import MONTH_DAYS, SimulationInputs
from cpfkit.risk.plan_operations import OperationPlan
from cpfkit.risk.scenario_schema import IndicatorShock, Scenario, Selector, Shock, parse_scenario

__all__ = ["AppliedScenario", "IndicatorShock", "Scenario", "Selector", "Shock", "apply_scenario", "parse_scenario"]


@dataclass(frozen=True)
class AppliedScenario:
    """A scenario applied to a programme: the changed inputs and the operations each shock hit."""

    scenario: Scenario
    inputs: SimulationInputs
    hits: dict[str, tuple[str, ...]]


def apply_scenario(
    inputs: SimulationInputs,
    scenario: Scenario,
    *,
    file: str,
    reference_classes: Collection[str] = (),
) -> AppliedScenario:
    """The programme's inputs with the scenario's shocks applied.

    Raises:
        DataError: the scenario names an operation, indicator or reference class the programme does not have,
            or a shock hits no operation.
    """
    ids = {op.id for op in inputs.operations}
    codes = {i.code for i in inputs.indicators}
    classes = set(reference_classes) | {op.reference_class for op in inputs.operations}
    for s, shock in enumerate(scenario.shocks):
        for p, project in enumerate(shock.applies_to.projects):
            if project not in ids:
                raise DataError(
                    f"no simulated operation {project!r} in {inputs.programme}",
                    file=file,
                    field=f"shocks[{s}].applies_to.projects[{p}]",
                )
        for c, name in enumerate(shock.applies_to.reference_classes):
            if name not in classes:
                raise DataError(
                    f"unknown reference class {name!r} (known: {', '.join(sorted(classes))})",
                    file=file,
                    field=f"shocks[{s}].applies_to.reference_classes[{c}]",
                )
    for i, item in enumerate(scenario.indicators):
        if item.indicator not in codes:
            raise DataError(
                f"no indicator {item.indicator!r} in {inputs.programme}", file=file, field=f"indicators[{i}].indicator"
            )
    start = float((scenario.starts or inputs.as_of).toordinal())
    params = scenario.parameters
    operations: list[OperationPlan] = []
    hits: dict[str, list[str]] = {shock.name: [] for shock in scenario.shocks}
    for op in inputs.operations:
        changed = op
        if params.pipeline_drop_probability is not None and op.pipeline:
            changed = replace(changed, drop_probability=params.pipeline_drop_probability)
        for shock in scenario.shocks:
            if not shock.applies_to.matches(op):
                continue
            hits[shock.name].append(op.id)
            changed = _hit(changed, shock, start)
        operations.append(changed)
    for s, shock in enumerate(scenario.shocks):
        if not hits[shock.name]:
            raise DataError(
                f"shock {shock.name!r} hits no operation of {inputs.programme}", file=file, field=f"shocks[{s}]"
            )
    factors = {item.indicator: item.factor for item in scenario.indicators}
    indicators = tuple(replace(i, factor=i.factor * factors.get(i.code, 1.0)) for i in inputs.indicators)
    settings = inputs.settings
    overrides = {
        key: value
        for key, value in (
            ("country_correlation", params.country_correlation),
            ("sector_correlation", params.sector_correlation),
            ("additional_financing_share", params.additional_financing_share),
        )
        if value is not None
    }
    if overrides:
        try:
            settings = replace(settings, **overrides)
        except ValueError as exc:
            raise DataError(str(exc), file=file, field="parameters") from None
    changed_inputs = replace(inputs, operations=tuple(operations), indicators=indicators, settings=settings)
    return AppliedScenario(scenario, changed_inputs, {k: tuple(v) for k, v in hits.items()})


def _hit(op: OperationPlan, shock: Shock, start: float) -> OperationPlan:
    """One shock's effect on one operation (see the module's rules)."""
    changes: dict[str, float] = {}
    if op.pipeline and op.approval >= start:
        changes["approval_delay_days"] = op.approval_delay_days + shock.approval_delay_months * MONTH_DAYS
        changes["drop_probability"] = 1 - (1 - op.drop_probability) * (1 - shock.drop_probability)
    if not op.effective and op.effectiveness >= start:
        changes["effectiveness_delay_days"] = (
            op.effectiveness_delay_days + shock.effectiveness_delay_months * MONTH_DAYS
        )
    if op.closing > start:
        changes["duration_factor"] = op.duration_factor * shock.duration_factor
        changes["cost_factor"] = op.cost_factor * shock.cost_factor
        changes["scope_factor"] = op.scope_factor * shock.scope_factor
    return replace(op, **changes)  # type: ignore[arg-type]
