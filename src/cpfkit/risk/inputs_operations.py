"""The plan of one operation as of a date: which operations are simulated, their dates, money and distributions.

The rules are those of :mod:`cpfkit.risk.inputs` (``docs/definitions.md``,
"Risk simulation").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cpfkit.metrics.contributions import YEAR_DAYS
from cpfkit.metrics.ledger import commitment_usd
from cpfkit.model import FxRates, Project, ProjectStatus
from cpfkit.reference.simulation import SimulationReference
from cpfkit.risk.distributions import from_spec
from cpfkit.risk.plan import MONTH_DAYS
from cpfkit.risk.plan_operations import OperationPlan

__all__ = ["operation_plan"]


def operation_plan(
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
