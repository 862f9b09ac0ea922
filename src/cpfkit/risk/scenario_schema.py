"""A stress scenario as written in YAML: the shocks, whom they hit, and the checks that name the file and field.

The schema is in ``docs/simulation.md``; :func:`parse_scenario` reports every
mistake with the file, the line and the field.  What a scenario does to a
programme is in :mod:`cpfkit.risk.scenarios`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cpfkit.errors import DataError
from cpfkit.formats.sources import LINE, strip_lines
from cpfkit.model import Institution, Instrument

if TYPE_CHECKING:  # the simulation engine (NumPy, SciPy) is not needed to read a scenario
    from cpfkit.risk.plan_operations import OperationPlan

__all__ = ["IndicatorShock", "Parameters", "Scenario", "Selector", "Shock", "Size", "parse_scenario"]


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
