"""The portfolio review as the command line prints it: the indicators, how each is computed, the flags."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from rich.table import Table

from cpfkit.cli.console import console
from cpfkit.cli.numbers import money
from cpfkit.language import formatting

if TYPE_CHECKING:  # the commands import what they use when they run (docs/performance.md, "Start-up")
    from cpfkit.reports.portfolio import PortfolioReport

__all__ = ["print_portfolio"]


def _pct(value: Decimal | None) -> str:
    return formatting.percent(value, "en", 1, exact=True)


def print_portfolio(r: PortfolioReport) -> None:
    """Print the portfolio review: indicators, their explanations, flags, proactivity, envelope and SORT ratings."""
    ind = r.indicators
    console.print(f"[bold]{r.title}[/bold] — portfolio as of {r.as_of}")
    if r.closed_period is not None:
        c = r.closed_period
        console.print(f"period closed up to {c.until} on {c.closed_on} by {c.closed_by}", markup=False)
    table = Table(title="Portfolio review indicators (US$ millions)")
    table.add_column("indicator")
    table.add_column("value", justify="right")
    rows = [
        ("active operations", str(ind.active_projects)),
        ("net commitment of active operations", money(ind.net_commitment_usd)),
        ("undisbursed", money(ind.undisbursed_usd)),
        (f"disbursement ratio {r.disbursement_ratio.label}", _pct(ind.disbursement_ratio)),
        ("problem projects", str(ind.problem_projects)),
        ("potential problem projects", str(ind.potential_problem_projects)),
        ("projects at risk", f"{ind.projects_at_risk} ({_pct(ind.projects_at_risk_share)})"),
        ("commitments at risk", f"{money(ind.commitments_at_risk_usd)} ({_pct(ind.commitments_at_risk_share)})"),
        ("realism index", _pct(ind.realism_index)),
        ("proactivity index", _pct(ind.proactivity_index)),
        ("average age (years)", str(ind.average_age_years or "—")),
        ("effectiveness lag (months)", str(ind.average_effectiveness_lag_months or "—")),
        ("closing-date extensions", str(ind.closing_date_extensions)),
    ]
    for name, value in rows:
        table.add_row(name, value)
    console.print(table)
    console.print("How each figure is computed:")
    for key in (
        "active_projects",
        "undisbursed_usd",
        "disbursement_ratio",
        "problem_projects",
        "potential_problem_projects",
        "unrated_projects",
        "flags_raised",
        "projects_at_risk",
        "commitments_at_risk_usd",
        "realism_index",
        "proactivity_index",
        "average_effectiveness_lag_months",
        "closing_date_extensions",
    ):
        console.print(f"  - {r.explanations[key]}", markup=False, soft_wrap=True)
    if r.flags:
        flags = Table(title="Flags, with the evidence that raised them and who is accountable")
        for col in ("operation", "flag", "evidence", "accountable"):
            flags.add_column(col, overflow="fold")
        for f in r.flags:
            flags.add_row(f.project + (" *" if f.illustrative else ""), f.label, f.evidence, f.accountable or "—")
        console.print(flags)
    else:
        console.print("No flag is raised on any active operation.")
    if r.proactivity:
        console.print("Proactivity — problem projects a year earlier, and what was done since:")
        for case in r.proactivity:
            done = "; ".join(case.actions) if case.actions else "no action counted"
            if case.not_counted:
                done += " (" + "; ".join(case.not_counted) + ")"
            console.print(f"  - {case.project} ({case.accountable or '—'}): {done}", markup=False, soft_wrap=True)
    console.print(r.explanations["outside_indicators"], markup=False, soft_wrap=True)
    _print_envelope(r)
    m = r.mobilisation
    console.print(
        f"Private capital mobilised: direct US${money(m.private_direct_usd)}M, indirect "
        f"US${money(m.private_indirect_usd)}M; ratio {_pct(m.ratio)} of own-account US${money(m.own_account_usd)}M "
        f"(attribution {m.attribution})"
    )
    if m.attributed_to_co_mobilisers_usd:
        console.print(
            f"  - US${money(m.attributed_to_co_mobilisers_usd)}M of private direct finance mobilised together with "
            "other MDBs is attributed to them",
            markup=False,
            soft_wrap=True,
        )
    for inst in m.by_institution.values():
        console.print(
            f"  - {inst.label}: direct US${money(inst.private_direct_usd)}M, indirect "
            f"US${money(inst.private_indirect_usd)}M, own account US${money(inst.own_account_usd)}M, "
            f"ratio {_pct(inst.ratio)}",
            markup=False,
            soft_wrap=True,
        )
    _print_sort(r)
    risks = r.risks
    console.print(
        f"Risk register: {risks.open_entries} open entries ("
        + ", ".join(f"{k} {v}" for k, v in risks.by_factor.items())
        + f"); `cpfkit risk register {r.programme}` lists them.",
        markup=False,
    )
    if r.illustrative:
        console.print("* rests at least partly on illustrative figures (see the programme's README)")


def _print_envelope(r: PortfolioReport) -> None:
    e = r.envelope
    use = e.use
    if use.envelope_usd is None:
        console.print(
            f"Envelope: none in the programme data; US${money(use.committed_usd)}M approved in its years, "
            f"pipeline US${money(use.pipeline_usd)}M"
        )
    else:
        console.print(
            f"Envelope: US${money(use.committed_usd)}M approved in the period, of US${money(use.envelope_usd)}M "
            f"({_pct(use.utilisation)}), headroom US${money(use.headroom_usd)}M, pipeline US${money(use.pipeline_usd)}M"
        )
    shares = ", ".join(f"{a.area} {_pct(a.share)}" for a in e.by_priority_area if a.committed_usd or a.pipeline_usd)
    if shares:
        console.print(f"  - approved in the period by priority area: {shares}", markup=False, soft_wrap=True)
    console.print(f"  - {e.ibrd_exposure.check}", markup=False, soft_wrap=True)


def _print_sort(r: PortfolioReport) -> None:
    from cpfkit.model import RiskLevel, SortCategory

    s = r.sort
    if s.programme is not None:
        cats = ", ".join(
            f"{k} {c.rating}" + (f" ({c.trend})" if c.trend not in (None, "same") else "")
            for k, c in s.programme_categories.items()
            if k != SortCategory.OVERALL.value
        )
        mark = " (suggested)" if s.programme.overall_suggested else ""
        console.print(f"SORT of the programme ({s.programme.date}): overall {s.programme.overall}{mark}; {cats}")
    heat = Table(title="SORT heat map: net commitment of active operations (US$M) by rating")
    heat.add_column("category")
    for level in RiskLevel:
        heat.add_column(level.value, justify="right")
    heat.add_column("not rated", justify="right")
    for row in s.heat_map:
        heat.add_row(
            row.category,
            *(money(row.cells[level.value].net_commitment_usd) for level in RiskLevel),
            money(row.unrated_usd),
        )
    console.print(heat)
    console.print(
        f"Operations rated Substantial or High overall: US${money(s.substantial_or_high_usd)}M "
        f"({_pct(s.substantial_or_high_share)} of active net commitments)"
    )
