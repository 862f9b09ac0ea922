"""Planning data: what each operation contributes to the indicators, and the constraints of a plan.

A :class:`Contribution` says by how much an operation is expected to move one
indicator of the results framework (in the indicator's unit, in the direction
of its target), and how many years after approval the change is fully in
place.  :class:`PlanConstraints` is the schema of a constraints file
(``cpfkit plan --constraints FILE.yaml``) and of the body of
``POST /api/programmes/{id}/plan``; ``docs/planning.md`` documents it.
Amounts are US dollars.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, model_validator

from cpfkit.model.base import Num, Record, Sourced
from cpfkit.model.enums import Institution
from cpfkit.model.ratings import RiskLevel

__all__ = [
    "AreaShare",
    "Contribution",
    "EnvelopeOverride",
    "HighRiskCap",
    "IbrdExposure",
    "ObjectiveSettings",
    "PlanConstraints",
    "Precedence",
    "SolverSettings",
    "Window",
]


class Contribution(Sourced):
    """An operation's expected change of one indicator.

    ``value`` is in the indicator's unit and counts towards its target
    (positive when it moves the indicator towards the target, whichever the
    direction).  ``lag_years`` is the time from approval until the change is
    fully in place; results build up in a straight line over that time.
    """

    project: str
    indicator: str
    value: Num
    lag_years: Num = Field(default=Decimal(0), ge=0, le=50)
    note: str | None = None


class EnvelopeOverride(Record):
    """Another envelope for one fiscal year: its total and/or its split by institution."""

    fy: int = Field(ge=1900, le=2200)
    total_usd: Num | None = Field(default=None, ge=0)
    by_institution: dict[Institution, Num] = {}

    @model_validator(mode="after")
    def _not_negative(self) -> EnvelopeOverride:
        for inst, amount in self.by_institution.items():
            if amount < 0:
                raise ValueError(f"the {inst.value} envelope must not be negative")
        return self


class AreaShare(Record):
    """Bounds on a priority area's share of the programme's commitments over the period."""

    min_share: Num | None = Field(default=None, ge=0, le=1)
    max_share: Num | None = Field(default=None, ge=0, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> AreaShare:
        if self.min_share is not None and self.max_share is not None and self.min_share > self.max_share:
            raise ValueError(f"min_share {self.min_share} is above max_share {self.max_share}")
        return self


class HighRiskCap(Record):
    """A cap on the share of commitments in operations whose overall SORT rating is high.

    ``levels`` are the overall ratings that count as high risk; ``ratings``
    gives (or overrides) the rating of operations, for example pipeline
    operations not yet rated.
    """

    max_share: Num | None = Field(default=None, ge=0, le=1)
    levels: tuple[RiskLevel, ...] = (RiskLevel.HIGH,)
    ratings: dict[str, RiskLevel] = {}


class Precedence(Record):
    """Operation ``after`` may be approved only ``min_gap_years`` fiscal years or more after ``before``."""

    before: str
    after: str
    min_gap_years: int = Field(default=1, ge=0, le=20)

    @model_validator(mode="after")
    def _distinct(self) -> Precedence:
        if self.before == self.after:
            raise ValueError("an operation cannot come after itself")
        return self


class Window(Record):
    """The fiscal years in which an operation can be approved (when it will be ready, and the latest)."""

    earliest_fy: int | None = Field(default=None, ge=1900, le=2200)
    latest_fy: int | None = Field(default=None, ge=1900, le=2200)

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.earliest_fy is not None and self.latest_fy is not None and self.latest_fy < self.earliest_fy:
            raise ValueError(f"latest_fy {self.latest_fy} is before earliest_fy {self.earliest_fy}")
        return self


class IbrdExposure(Record):
    """IBRD's exposure limit to the country and the exposure already there (default: computed)."""

    limit_usd: Num | None = Field(default=None, ge=0)
    current_usd: Num | None = Field(default=None, ge=0)


class ObjectiveSettings(Record):
    """How the plan is scored (``docs/planning.md``).

    ``npv_weight`` adds the operations' economic NPV to the score (0: results
    only); ``cap_at_target`` counts nothing beyond an indicator's remaining gap
    to target; ``risk_adjusted`` multiplies contributions by each operation's
    probability of completing by the target date; ``economic_test`` leaves out
    appraised candidates whose NPV is negative.
    """

    npv_weight: Num = Field(default=Decimal(0), ge=0, le=100)
    cap_at_target: bool = False
    risk_adjusted: bool = True
    economic_test: bool = True
    indicator_weights: dict[str, Num] = {}
    area_weights: dict[str, Num] = {}

    @model_validator(mode="after")
    def _weights(self) -> ObjectiveSettings:
        for name, weights in (("indicator_weights", self.indicator_weights), ("area_weights", self.area_weights)):
            for code, w in weights.items():
                if w < 0:
                    raise ValueError(f"{name}: the weight of {code} must not be negative")
        return self


class SolverSettings(Record):
    """Limits of the solver: time, and the relative gap at which a plan counts as optimal."""

    time_limit_seconds: Num = Field(default=Decimal(60), gt=0, le=3600)
    mip_gap: Num = Field(default=Decimal("0.001"), ge=0, le=Decimal("0.1"))


class PlanConstraints(Record):
    """Everything a planning scenario may set; every field is optional.

    Without any, a plan respects the programme's envelope by fiscal year and
    by institution, the IBRD exposure limit if the programme sets one, and the
    fiscal-year windows of the pipeline (not before the planned approval year).
    """

    description: str | None = None
    envelope_per_fy_usd: Num | None = Field(default=None, ge=0)
    envelope: tuple[EnvelopeOverride, ...] = ()
    institution_split: bool = True
    priority_areas: dict[str, AreaShare] = {}
    high_risk: HighRiskCap = HighRiskCap()
    must_include: tuple[str, ...] = ()
    must_exclude: tuple[str, ...] = ()
    precedence: tuple[Precedence, ...] = ()
    windows: dict[str, Window] = {}
    ibrd_exposure: IbrdExposure = IbrdExposure()
    objective: ObjectiveSettings = ObjectiveSettings()
    solver: SolverSettings = SolverSettings()

    @model_validator(mode="after")
    def _coherent(self) -> PlanConstraints:
        both = sorted(set(self.must_include) & set(self.must_exclude))
        if both:
            raise ValueError(f"{', '.join(both)} is both in must_include and must_exclude")
        fys = [e.fy for e in self.envelope]
        if len(set(fys)) != len(fys):
            raise ValueError("a fiscal year appears twice under envelope")
        return self
