"""The planning page's form as a scenario: amounts in US$ millions and shares in percent, in the reader's language.

Each field that is not a number, or not one of zero or more, is named in the
form's errors (translated) and left out of the scenario.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from pydantic import ValidationError

from cpfkit.errors import DataError
from cpfkit.model.plan import AreaShare, EnvelopeOverride, HighRiskCap, IbrdExposure, ObjectiveSettings, PlanConstraints
from cpfkit.plan.report import PlanReport
from cpfkit.web.i18n import gettext as _
from cpfkit.web.number_input import form_amount, form_number
from cpfkit.web.templating import fy

__all__ = ["FIELDS_PREFIXES", "SIMPLE_FIELDS", "ConstraintForm", "parse_form"]

_MILLION = Decimal(1_000_000)
_HUNDRED = Decimal(100)
_ONE = Decimal(1)
FIELDS_PREFIXES = ("env_", "min_", "max_", "op_")
SIMPLE_FIELDS = ("high_risk", "ibrd_limit", "npv_weight", "risk_adjusted")


@dataclass
class ConstraintForm:
    """The constraints an editor sent, as typed, and what they mean for the planner."""

    values: dict[str, str] = field(default_factory=dict)
    constraints: PlanConstraints = field(default_factory=PlanConstraints)
    errors: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether anything differs from the default constraints."""
        return self.constraints != PlanConstraints()


def _number(
    values: Mapping[str, str], key: str, label: str, errors: list[str], scale: Decimal = _ONE
) -> Decimal | None:
    """A number of the form in the page's language (an amount when ``scale`` is a unit such as a million)."""
    try:
        value = form_amount(values.get(key), key, scale) if scale != _ONE else form_number(values.get(key), key)
    except DataError as exc:
        errors.append(_("%(field)s: %(reason)s") % {"field": label, "reason": exc.message})
        return None
    if value is None:
        return None
    if value < 0:
        errors.append(_("%(field)s: give a number of zero or more") % {"field": label})
        return None
    return value / scale


def parse_form(values: Mapping[str, str], default: PlanReport) -> ConstraintForm:
    """The scenario of the planning form: amounts in US$ millions, shares in percent.

    Fields: ``env_<FY>`` (envelope of a fiscal year; left as the programme's
    when unchanged), ``min_<area>``/``max_<area>`` (share of commitments),
    ``high_risk`` (cap on high-risk commitments), ``op_<operation>``
    (``include``/``exclude``), ``ibrd_limit``, ``npv_weight`` and
    ``risk_adjusted`` (``on``). Unknown fields are ignored.
    """
    kept = {k: v for k, v in values.items() if k.startswith(FIELDS_PREFIXES) or k in SIMPLE_FIELDS}
    errors: list[str] = []
    envelope = []
    for y in default.fiscal_years:
        total = _number(kept, f"env_{y.fy}", _("Envelope of %(fy)s") % {"fy": fy(y.fy)}, errors, _MILLION)
        if total is not None and (y.envelope_usd is None or total * _MILLION != y.envelope_usd):
            envelope.append(EnvelopeOverride(fy=y.fy, total_usd=total * _MILLION))
    areas: dict[str, AreaShare] = {}
    for code in sorted({k[4:] for k in kept if k.startswith(("min_", "max_"))}):
        low = _number(kept, f"min_{code}", _("Minimum share of %(area)s") % {"area": code}, errors)
        high = _number(kept, f"max_{code}", _("Maximum share of %(area)s") % {"area": code}, errors)
        if low is not None or high is not None:
            try:
                areas[code] = AreaShare(
                    min_share=None if low is None else low / _HUNDRED,
                    max_share=None if high is None else high / _HUNDRED,
                )
            except ValidationError:
                errors.append(
                    _("Shares of %(area)s: give percentages from 0 to 100, minimum below maximum") % {"area": code}
                )
    include = tuple(sorted(k[3:] for k, v in kept.items() if k.startswith("op_") and v == "include"))
    exclude = tuple(sorted(k[3:] for k, v in kept.items() if k.startswith("op_") and v == "exclude"))
    high_risk = _number(kept, "high_risk", _("High-risk cap"), errors)
    ibrd = _number(kept, "ibrd_limit", _("IBRD exposure limit"), errors, _MILLION)
    npv_weight = _number(kept, "npv_weight", _("NPV weight"), errors)
    risk_adjusted = kept.get("risk_adjusted", "on" if not values else "") == "on"
    constraints = PlanConstraints()
    try:
        constraints = PlanConstraints(
            envelope=tuple(envelope),
            priority_areas=areas,
            high_risk=HighRiskCap(max_share=None if high_risk is None else high_risk / _HUNDRED),
            must_include=include,
            must_exclude=exclude,
            ibrd_exposure=IbrdExposure(limit_usd=None if ibrd is None else ibrd * _MILLION),
            objective=ObjectiveSettings(npv_weight=npv_weight or Decimal(0), risk_adjusted=risk_adjusted),
        )
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"])
            errors.append(f"{where}: {err['msg']}")
    return ConstraintForm(values=kept, constraints=constraints, errors=errors)
