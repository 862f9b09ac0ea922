"""The partnership framework: period, calendar, envelope and results framework."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from pydantic import Field, field_validator, model_validator

from cpfkit.model.base import Num, Record, Sourced
from cpfkit.model.calendar import WORLD_BANK_FY_START_MONTH, fy_range
from cpfkit.model.enums import (
    Aggregation,
    Direction,
    IndicatorKind,
    Institution,
    MobilisationAttribution,
    ProgrammeStatus,
)
from cpfkit.model.money import Money
from cpfkit.model.publishing import IatiDefaults

__all__ = [
    "EnvelopeShare",
    "EnvelopeYear",
    "Indicator",
    "Objective",
    "Observation",
    "Overlap",
    "PriorityArea",
    "Programme",
]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_ISO_ALPHA2 = re.compile(r"^[A-Z]{2}$")


class EnvelopeShare(Sourced):
    """The part of one fiscal year's envelope reserved for one institution."""

    institution: Institution
    amount: Money

    @field_validator("amount")
    @classmethod
    def _not_negative(cls, value: Money) -> Money:
        if value.amount < 0:
            raise ValueError("must not be negative")
        return value


class EnvelopeYear(Sourced):
    """The lending envelope of one fiscal year, optionally split by institution."""

    fy: int = Field(ge=1900, le=2200)
    total: Money
    by_institution: tuple[EnvelopeShare, ...] = ()

    @field_validator("total")
    @classmethod
    def _not_negative(cls, value: Money) -> Money:
        if value.amount < 0:
            raise ValueError("must not be negative")
        return value

    @model_validator(mode="after")
    def _split_adds_up(self) -> EnvelopeYear:
        if not self.by_institution:
            return self
        seen = [s.institution for s in self.by_institution]
        if len(set(seen)) != len(seen):
            raise ValueError("an institution appears twice in the split")
        if any(s.amount.currency != self.total.currency for s in self.by_institution):
            raise ValueError("the split must be in the currency of the total")
        split = sum((s.amount.amount for s in self.by_institution), Decimal(0))
        if split != self.total.amount:
            raise ValueError(f"the split by institution adds up to {split}, not the total {self.total.amount}")
        return self


class Observation(Record):
    """A value on a date (an indicator's baseline or target)."""

    value: Num
    date: date


class Overlap(Sourced):
    """Beneficiaries that several projects reach in common, counted once.

    ``amount`` is how many are shared; when it is unknown (None) the
    aggregation reports the largest project as the lower bound.
    """

    projects: tuple[str, ...] = Field(min_length=2)
    amount: Num | None = None

    @field_validator("amount")
    @classmethod
    def _not_negative(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and value < 0:
            raise ValueError("must not be negative")
        return value


class Indicator(Sourced):
    """A results-framework indicator with its baseline, target and aggregation rule."""

    code: str
    name: str
    unit: str
    direction: Direction = Direction.INCREASE
    aggregation: Aggregation = Aggregation.SUM
    kind: IndicatorKind = IndicatorKind.OBJECTIVE
    baseline: Observation | None = None
    target: Observation | None = None
    headline: bool = False
    published: str | None = None
    description: str | None = None
    overlaps: tuple[Overlap, ...] = ()

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not _CODE.match(value):
            raise ValueError(f"code must be letters, digits, '.', '_' or '-', not {value!r}")
        return value

    @model_validator(mode="after")
    def _dates_in_order(self) -> Indicator:
        if self.baseline and self.target and self.target.date < self.baseline.date:
            raise ValueError("target date is before baseline date")
        return self


class Objective(Record):
    """A CPF objective, rated at completion from its indicators."""

    code: str
    title: str
    description: str | None = None
    indicators: tuple[Indicator, ...] = ()


class PriorityArea(Record):
    """A focus area (priority area) of the framework."""

    code: str
    title: str
    description: str | None = None
    cross_cutting: bool = False
    objectives: tuple[Objective, ...] = ()


class Programme(Sourced):
    """A Country Partnership Framework."""

    id: str
    country: str
    title: str
    period_start: date
    period_end: date
    fy_start_month: int = Field(default=WORLD_BANK_FY_START_MONTH, ge=1, le=12)
    status: ProgrammeStatus
    description: str | None = None
    envelope: tuple[EnvelopeYear, ...] = ()
    priority_areas: tuple[PriorityArea, ...] = ()
    ibrd_exposure_limit: Money | None = None
    discount_rate: Num | None = Field(default=None, ge=0, le=1)
    mobilisation_attribution: MobilisationAttribution = MobilisationAttribution.PRO_RATA
    iati: IatiDefaults | None = None

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError(f"id must be lower-case letters, digits and '-', such as kz-2026-2031, not {value!r}")
        return value

    @field_validator("country")
    @classmethod
    def _alpha2(cls, value: str) -> str:
        if not _ISO_ALPHA2.match(value):
            raise ValueError(f"country must be an ISO 3166-1 alpha-2 code such as KZ, not {value!r}")
        return value

    @model_validator(mode="after")
    def _coherent(self) -> Programme:
        if self.period_end <= self.period_start:
            raise ValueError("period_end must be after period_start")
        fys = set(self.fiscal_years)
        seen: set[int] = set()
        for year in self.envelope:
            if year.fy not in fys:
                raise ValueError(f"envelope FY{year.fy} is outside the programme period")
            if year.fy in seen:
                raise ValueError(f"envelope FY{year.fy} appears twice")
            seen.add(year.fy)
        codes: set[str] = set()
        for code in self._all_codes():
            if code in codes:
                raise ValueError(f"code {code!r} is used twice in the results framework")
            codes.add(code)
        areas = {area.code for area in self.priority_areas}
        for entry in self.iati.sectors if self.iati else ():
            if entry.priority_area not in areas:
                raise ValueError(
                    f"iati.sectors names priority area {entry.priority_area!r}, which is not in the programme"
                )
        return self

    def _all_codes(self) -> Iterator[str]:
        for area in self.priority_areas:
            yield area.code
            for objective in area.objectives:
                yield objective.code
                for indicator in objective.indicators:
                    yield indicator.code

    @property
    def fiscal_years(self) -> list[int]:
        """The fiscal years the programme period spans."""
        return fy_range(self.period_start, self.period_end, self.fy_start_month)

    def objectives(self) -> Iterator[tuple[PriorityArea, Objective]]:
        """Every objective with its priority area, in framework order."""
        for area in self.priority_areas:
            for objective in area.objectives:
                yield area, objective

    def indicators(self) -> Iterator[tuple[PriorityArea, Objective, Indicator]]:
        """Every indicator with its objective and priority area, in framework order."""
        for area, objective in self.objectives():
            for indicator in objective.indicators:
                yield area, objective, indicator
