"""The sentence that says how each figure of the portfolio review was computed, with its numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cpfkit.metrics.portfolio.evidence_text import usd
from cpfkit.metrics.portfolio.results import FiscalYearRatio, Indicators, OutsideExposure
from cpfkit.metrics.portfolio.rules import ReviewRules
from cpfkit.model import OutcomeRating

__all__ = ["explanations", "outside_explanation"]


def _n(count: int, noun: str, plural: str | None = None) -> str:
    """``1 operation``, ``2 operations``."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _pct(value: Decimal | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def explanations(
    ind: Indicators, fy: FiscalYearRatio, rules: ReviewRules, as_of: date, window_start: date
) -> dict[str, str]:
    """One sentence per indicator, with the numbers it was computed from."""
    instruments = " and ".join(fy.instruments)
    period = f"{fy.label} ({fy.start} to {fy.end}{'' if fy.complete else ', year to date'})"
    new = (
        f"; {fy.new_approvals} approved during the year count in the numerator only"
        if fy.include_new_approvals
        else "; operations approved during the year are left out"
    )
    threshold = OutcomeRating(list(OutcomeRating)[6 - rules.problem_threshold]).value
    return {
        "active_projects": (
            f"{_n(ind.active_projects, 'operation')} approved by {as_of}, not closed, not fully cancelled, "
            f"of {' and '.join(rules.portfolio_institutions)} with instruments "
            f"{', '.join(rules.portfolio_instruments)} (other operations are shown beside the indicators)."
        ),
        "net_commitment_usd": (
            f"Σ net commitment of active operations = {usd(ind.net_commitment_usd)} "
            "(approved amount + further commitments − cancellations)."
        ),
        "disbursed_usd": f"Σ disbursements up to {as_of} of active operations = {usd(ind.disbursed_usd)}.",
        "undisbursed_usd": (
            f"Σ (net commitment − disbursed) of active operations = {usd(ind.net_commitment_usd)} − "
            f"{usd(ind.disbursed_usd)} = {usd(ind.undisbursed_usd)}."
        ),
        "disbursement_ratio": (
            f"{period}: disbursed in the year {usd(fy.disbursed_usd)} / undisbursed at the start of the year "
            f"{usd(fy.opening_undisbursed_usd)} = {_pct(fy.ratio)}, "
            f"over {_n(fy.operations, instruments + ' operation')} "
            f"active in the year (closed ones included){new}; {_n(fy.excluded_active_operations, 'active operation')} "
            "of instruments outside the ratio (budget support, guarantees) excluded."
        ),
        "problem_projects": (
            f"{_n(ind.problem_projects, 'active operation')} whose latest DO or IP rating is {threshold} or worse."
        ),
        "potential_problem_projects": (
            f"{_n(ind.potential_problem_projects, 'active operation')} that are not problem projects and carry "
            f"{rules.potential_problem_flags} or more of the 12 risk flags."
        ),
        "projects_at_risk": (
            f"problem + potential problem = {ind.problem_projects} + {ind.potential_problem_projects} = "
            f"{ind.projects_at_risk} of {ind.active_projects} active ({_pct(ind.projects_at_risk_share)})."
        ),
        "commitments_at_risk_usd": (
            f"Σ net commitment of operations at risk = {usd(ind.commitments_at_risk_usd)} of "
            f"{usd(ind.net_commitment_usd)} ({_pct(ind.commitments_at_risk_share)})."
        ),
        "unrated_projects": (
            f"{_n(ind.unrated_projects, 'active operation')} with neither a DO nor an IP rating yet: "
            "not counted as problem projects."
        ),
        "flags_raised": (
            f"{_n(ind.flags_raised, 'flag')} raised on {_n(ind.flagged_projects, 'active operation')}; each is "
            "listed under flags with its evidence and the implementing agency accountable."
        ),
        "realism_index": (
            f"problem / at risk = {ind.problem_projects} / {ind.projects_at_risk} = {_pct(ind.realism_index)}."
        ),
        "proactivity_index": (
            f"of the {_n(ind.proactivity_base, 'problem project')} on {window_start}, {ind.proactivity_acted} acted on "
            f"by {as_of} (rating upgraded, restructured, partially cancelled, suspended, or closed"
            + ("; a closing-date extension counts too" if rules.proactive_extensions else "; an extension alone not")
            + f") = {_pct(ind.proactivity_index)}."
        ),
        "average_age_years": (
            f"mean of (as-of date − approval) over active operations = {ind.average_age_years} years."
            if ind.average_age_years is not None
            else "no active operation."
        ),
        "average_effectiveness_lag_months": (
            f"mean approval → effectiveness over effective active operations = "
            f"{ind.average_effectiveness_lag_months} months; {ind.not_yet_effective} not yet effective."
            if ind.average_effectiveness_lag_months is not None
            else f"no active operation is effective yet; {ind.not_yet_effective} not yet effective."
        ),
        "closing_date_extensions": (
            f"{_n(ind.projects_extended, 'active operation')} extended beyond the original closing date "
            f"(mean {ind.average_extension_months} months), {_n(ind.closing_date_extensions, 'extension')} in all."
            if ind.projects_extended
            else "no active operation is past its original closing date by an extension."
        ),
    }


def outside_explanation(outside: tuple[OutsideExposure, ...], rules: ReviewRules) -> str:
    """What the indicators cover, and the active operations reported beside them."""
    covered = (
        f"The indicators cover the {' and '.join(rules.portfolio_institutions)} operations of instruments "
        f"{', '.join(rules.portfolio_instruments)}"
    )
    if not outside:
        return covered + "; no other operation is active."
    parts = "; ".join(
        f"{o.institution} {o.instrument}: {_n(o.operations, 'operation')}, {usd(o.net_commitment_usd)} "
        f"({', '.join(o.projects)})"
        for o in outside
    )
    return f"{covered}. Active beside them, not in them: {parts}."
