"""What an economic appraisal reports: the measures, with and without carbon, the scope, the financed share.

Plain frozen dataclasses, turned into JSON by :func:`cpfkit.jsonable.jsonable`
(``cpfkit appraise --json`` and ``GET /api/projects/{id}/appraisal``).
"""

from __future__ import annotations

from dataclasses import dataclass

from cpfkit.language.message import Message
from cpfkit.model.appraisal_scope import AppraisalScope
from cpfkit.model.base import Num

__all__ = [
    "CarbonValue",
    "Commitment",
    "DiscountRate",
    "FinancedShare",
    "Measures",
    "ProjectAppraisal",
    "RateOfReturn",
    "Scenario",
    "SwitchingValues",
    "YearFlow",
]


@dataclass(frozen=True)
class DiscountRate:
    """The rate an appraisal uses, where it comes from, and its source status (verified, unverified, convention).

    ``illustrative`` is true when the programme marks its rate illustrative.
    """

    rate: Num
    origin: str
    source_status: str
    source: str
    illustrative: bool = False


@dataclass(frozen=True)
class Commitment:
    """The operation's own commitment, in US dollars, as the appraisal's financed share needs it."""

    amount_usd: Num
    institution: str
    illustrative: bool


@dataclass(frozen=True)
class RateOfReturn:
    """The economic internal rate of return: ``status`` one, none or several, with every root found."""

    status: str
    rate: Num | None
    roots: tuple[Num, ...]
    reason: str
    reason_message: Message | None = None


@dataclass(frozen=True)
class Measures:
    """NPV, EIRR (or its status) and BCR of one set of flows."""

    npv_usd: Num
    eirr: Num | None
    eirr_status: str
    bcr: Num | None


@dataclass(frozen=True)
class CarbonValue:
    """The part of an appraisal that values avoided emissions, and the measures with and without it.

    ``share_of_npv`` is the present value of the carbon components over the
    NPV with them (None unless that NPV is positive).
    """

    components: tuple[str, ...]
    pv_usd: Num
    share_of_npv: Num | None
    with_carbon: Measures
    without_carbon: Measures


@dataclass(frozen=True)
class FinancedShare:
    """How much of the appraised investment the operation's commitment finances.

    ``share`` = ``commitment_usd`` / ``capital_cost_usd`` (the undiscounted sum
    of the capital costs appraised); ``illustrative`` when either is.
    """

    commitment_usd: Num
    institution: str
    capital_cost_usd: Num
    share: Num | None
    illustrative: bool


@dataclass(frozen=True)
class Scenario:
    """One sensitivity test: ``name`` and ``description`` in English, their messages for a reader's language."""

    name: str
    description: str
    npv_usd: Num
    eirr: Num | None
    eirr_status: str
    bcr: Num | None
    name_message: Message | None = None
    description_message: Message | None = None


@dataclass(frozen=True)
class SwitchingValues:
    """Changes that bring NPV to zero, as signed fractions: costs +0.67 means costs 67% higher."""

    costs: Num | None
    benefits: Num | None
    by_component: dict[str, Num]


@dataclass(frozen=True)
class YearFlow:
    """One year of the cash flow, in US dollars; ``residual_usd`` is a negative cost of the year."""

    t: int
    year: int
    capital_usd: Num
    om_usd: Num
    benefits_usd: dict[str, Num]
    residual_usd: Num
    net_usd: Num


@dataclass(frozen=True)
class ProjectAppraisal:
    """An operation's economic analysis: NPV, EIRR, BCR, first-year return, switching values and sensitivities.

    ``carbon`` holds the measures with and without the value of avoided
    emissions (None when no benefit values them); ``scope`` says what is
    appraised and whose costs and benefits count; ``financing`` the share of
    the appraised capital cost the operation's commitment pays.
    ``illustrative`` is true when any input the figures depend on is
    illustrative, and ``illustrative_inputs`` names them.
    """

    project: str
    title: str | None
    discount_rate: DiscountRate
    npv_usd: Num
    eirr: Num | None
    rate_of_return: RateOfReturn
    bcr: Num | None
    first_year_return: Num | None
    pv_costs_usd: Num
    pv_benefits_usd: Num
    pv_residual_usd: Num
    switching_values: SwitchingValues
    sensitivities: tuple[Scenario, ...]
    npv_at_default_rate_usd: Num
    default_rate: Num
    carbon: CarbonValue | None
    scope: AppraisalScope | None
    financing: FinancedShare | None
    components: tuple[str, ...]
    flows: tuple[YearFlow, ...]
    base_year: int
    source: str | None
    illustrative: bool
    illustrative_inputs: tuple[str, ...]
