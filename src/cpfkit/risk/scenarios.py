"""Stress scenarios: shocks that hit many operations at once, written as YAML by anyone.

A scenario names the operations each shock hits (by project, reference class,
instrument, institution, sector code, country or status) and what it does to
them: approvals slip, effectiveness comes later, implementation takes longer,
costs rise, scope shrinks, pipeline operations are dropped.  It may also scale
the movement of named indicators and override the simulation's correlation
and overrun settings.  The schema is in ``docs/simulation.md``; every mistake
is reported with the file and the field.

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

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cpfkit.errors import DataError
from cpfkit.formats.sources import LINE, strip_lines
from cpfkit.model import Institution, Instrument
from cpfkit.risk.plan import MONTH_DAYS, OperationPlan, SimulationInputs

__all__ = ["AppliedScenario", "IndicatorShock", "Scenario", "Selector", "Shock", "apply_scenario", "parse_scenario"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class _Sourced(_Strict):
    source: str | None = None
    illustrative: bool = False

    @model_validator(mode="after")
    def _provenance(self) -> _Sourced:
        if not self.source and not self.illustrative:
            raise ValueError("needs a source, or illustrative: true")
        return self


class Selector(_Strict):
    """Which operations a shock hits: every listed criterion must hold (any value of a list will do).

    An empty selector hits every operation.  ``sectors`` are OECD DAC purpose
    codes or their prefixes ("232" matches every renewable-generation code).
    """

    projects: tuple[str, ...] = ()
    reference_classes: tuple[str, ...] = ()
    instruments: tuple[Instrument, ...] = ()
    institutions: tuple[Institution, ...] = ()
    sectors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    status: tuple[Literal["pipeline", "active"], ...] = ()

    def matches(self, op: OperationPlan) -> bool:
        """Whether the operation is hit."""
        status = "pipeline" if op.pipeline else "active"
        return (
            (not self.projects or op.id in self.projects)
            and (not self.reference_classes or op.reference_class in self.reference_classes)
            and (not self.instruments or op.instrument in {i.value for i in self.instruments})
            and (not self.institutions or op.institution in {i.value for i in self.institutions})
            and (not self.sectors or any(code.startswith(p) for code in op.sectors for p in self.sectors))
            and (not self.countries or op.country in self.countries)
            and (not self.status or status in self.status)
        )


class Shock(_Sourced):
    """What happens to the operations a shock hits."""

    name: str = Field(min_length=1)
    description: str | None = None
    applies_to: Selector = Selector()
    approval_delay_months: float = Field(default=0.0, ge=0, le=240)
    effectiveness_delay_months: float = Field(default=0.0, ge=0, le=240)
    duration_factor: float = Field(default=1.0, gt=0, le=10)
    cost_factor: float = Field(default=1.0, gt=0, le=10)
    scope_factor: float = Field(default=1.0, gt=0, le=2)
    drop_probability: float = Field(default=0.0, ge=0, le=1)


class IndicatorShock(_Sourced):
    """A factor on how far an indicator moves (for example a dollar measure of tenge lending)."""

    indicator: str
    factor: float = Field(ge=0, le=10)
    description: str | None = None


class Size(_Sourced):
    """The size of the shock in the world, for the record (what the effects were calibrated to)."""

    measure: str
    value: float
    unit: str | None = None
    note: str | None = None


class Parameters(_Strict):
    """Settings a scenario may change for its own runs."""

    country_correlation: float | None = Field(default=None, ge=0, le=1)
    sector_correlation: float | None = Field(default=None, ge=0, le=1)
    additional_financing_share: float | None = Field(default=None, ge=0, le=1)
    pipeline_drop_probability: float | None = Field(default=None, ge=0, le=1)


class Scenario(_Strict):
    """A named stress scenario."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")
    title: str = Field(min_length=1)
    description: str | None = None
    starts: date | None = None
    size: tuple[Size, ...] = ()
    shocks: tuple[Shock, ...] = ()
    indicators: tuple[IndicatorShock, ...] = ()
    parameters: Parameters = Parameters()
    sources: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _does_something(self) -> Scenario:
        if not self.shocks and not self.indicators and self.parameters == Parameters():
            raise ValueError("a scenario needs at least one shock, indicator factor or parameter")
        names = [s.name for s in self.shocks]
        if len(set(names)) != len(names):
            raise ValueError("two shocks have the same name")
        return self


def _where(raw: Any, loc: tuple[str | int, ...]) -> str | None:
    """The line of the innermost mapping on the path of an error (``read_yaml`` notes lines)."""
    line = raw.get(LINE) if isinstance(raw, Mapping) else None
    node = raw
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, Mapping) and LINE in node:
            line = node[LINE]
    return f"line {line}" if line else None


def parse_scenario(raw: Any, *, file: str, default_name: str) -> Scenario:
    """Validate a scenario read from YAML.

    Args:
        raw: the parsed YAML (mappings may carry their line under ``__line__``).
        file: the file name, for error messages.
        default_name: the name when the file gives none (its stem).

    Raises:
        DataError: the first problem, naming the file, the line and the field.
    """
    if not isinstance(raw, Mapping):
        raise DataError("a scenario file must be a mapping with title and shocks", file=file)
    data = dict(strip_lines(raw))
    data.setdefault("name", default_name)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        field = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")
        message = first["msg"].removeprefix("Value error, ")
        raise DataError(message, file=file, record=_where(raw, loc), field=field or None) from None


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
