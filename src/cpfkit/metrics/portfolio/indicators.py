"""The review's indicators: the sums and counts over the facts, and the ratios and averages made from them."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from cpfkit.metrics.portfolio.facts_table import Facts
from cpfkit.metrics.portfolio.numbers import money, ratio, round_to
from cpfkit.metrics.portfolio.results import FiscalYearRatio, Indicators
from cpfkit.metrics.portfolio.rules import ReviewRules
from cpfkit.store.series_keys import day_number

__all__ = ["aggregate_facts", "indicators_of"]


def aggregate_facts(f: Facts, rules: ReviewRules, as_of: date) -> dict[str, Any]:
    """The sums and counts behind the indicators (money exact, in US dollars)."""
    s = f.scale
    active, at_risk = f.active, f.at_risk
    ibrd = f.approved & (f.institution == "IBRD")
    guarantee = f.instrument == "guarantee"
    fy_numerator = f.in_fy & (f.opening | rules.include_new_approvals)
    extended = active & (f.extension_months > 0)

    def mean(values: Any, mask: Any) -> float | None:
        return float(np.mean(values[mask])) if mask.any() else None

    return {
        "active_projects": int(active.sum()),
        "net_commitment_usd": money(f.net[active].sum(), s),
        "disbursed_usd": money(f.disbursed[active].sum(), s),
        "undisbursed_usd": money(f.undisbursed[active].sum(), s),
        "problem_projects": int(f.problem.sum()),
        "potential_problem_projects": int(f.potential.sum()),
        "projects_at_risk": int(at_risk.sum()),
        "commitments_at_risk_usd": money(f.net[at_risk].sum(), s),
        "unrated_projects": int((active & (f.do_score == 0) & (f.ip_score == 0)).sum()),
        "flagged_projects": int((active & (f.n_flags > 0)).sum()),
        "flags_raised": int(f.n_flags.sum()),
        "average_age_years": mean(f.age, active),
        "average_effectiveness_lag_months": mean(f.lag, active & f.effective),
        "not_yet_effective": int((active & ~f.effective).sum()),
        "projects_extended": int(extended.sum()),
        "average_extension_months": mean(f.extension_months, extended),
        "closing_date_extensions": int(f.extension_count[active].sum()),
        "proactivity_base": int(f.problem_at_window.sum()),
        "proactivity_acted": int(f.acted.sum()),
        "fy_disbursed_usd": money((f.disbursed_to_fy_end - f.disbursed_before_fy)[fy_numerator].sum(), s),
        "fy_opening_undisbursed_usd": money(
            np.maximum(f.net_fy - f.disbursed_before_fy, 0)[f.in_fy & f.opening].sum(), s
        ),
        "fy_projects": int(fy_numerator.sum()),
        "fy_new_approvals": int((f.in_fy & ~f.opening).sum()),
        "fy_excluded_instruments": int((active & ~np.isin(f.instrument, list(rules.ratio_instruments))).sum()),
        "ibrd_outstanding_usd": money((f.disbursed - f.repaid)[ibrd & ~guarantee].sum(), s),
        "ibrd_guarantees_usd": money(
            f.net[ibrd & guarantee & ((f.closing < 0) | (f.closing >= day_number(as_of)))].sum(), s
        ),
    }


def indicators_of(row: dict[str, Any], fy: FiscalYearRatio) -> Indicators:
    """The indicators of the review from the sums, with the fiscal year's disbursement ratio."""
    active = row["active_projects"]
    at_risk = row["projects_at_risk"]
    return Indicators(
        active_projects=active,
        net_commitment_usd=row["net_commitment_usd"],
        disbursed_usd=row["disbursed_usd"],
        undisbursed_usd=row["undisbursed_usd"],
        disbursement_ratio=fy.ratio,
        problem_projects=row["problem_projects"],
        potential_problem_projects=row["potential_problem_projects"],
        projects_at_risk=at_risk,
        projects_at_risk_share=ratio(at_risk, active),
        commitments_at_risk_usd=row["commitments_at_risk_usd"],
        commitments_at_risk_share=ratio(row["commitments_at_risk_usd"], row["net_commitment_usd"]),
        realism_index=ratio(row["problem_projects"], at_risk),
        proactivity_index=ratio(row["proactivity_acted"], row["proactivity_base"]),
        proactivity_base=row["proactivity_base"],
        proactivity_acted=row["proactivity_acted"],
        unrated_projects=row["unrated_projects"],
        flagged_projects=row["flagged_projects"],
        flags_raised=row["flags_raised"],
        average_age_years=round_to(row["average_age_years"], 2),
        average_effectiveness_lag_months=round_to(row["average_effectiveness_lag_months"], 1),
        not_yet_effective=row["not_yet_effective"],
        projects_extended=row["projects_extended"],
        average_extension_months=round_to(row["average_extension_months"], 1),
        closing_date_extensions=int(row["closing_date_extensions"]),
    )
