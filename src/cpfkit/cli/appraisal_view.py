"""How ``cpfkit appraise`` shows an appraisal to people: one operation, or a programme's table."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rich.table import Table

from cpfkit.appraise.result import FinancedShare, Measures, ProjectAppraisal, Scenario
from cpfkit.cli.console import console
from cpfkit.cli.numbers import money
from cpfkit.model.appraisal_scope import AppraisalScope

__all__ = ["financed_line", "print_appraisal", "print_appraisals", "scope_line"]


def _pct(value: Decimal | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}%}"


def _signed(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:+.1%}"


def _ratio(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _eirr(m: Measures | Scenario) -> str:
    """EIRR as a percentage with one decimal, or why there is no single rate."""
    return _pct(m.eirr, 1) if m.eirr is not None else m.eirr_status


def scope_line(scope: AppraisalScope | None) -> str:
    """Whose costs and benefits an appraisal counts, in one line."""
    if scope is None:
        return "scope: not stated in the appraisal inputs"
    return f"scope: {scope.appraised}, {scope.stance} ({', '.join(scope.countries)}) — {scope.description}"


def financed_line(financing: FinancedShare | None) -> str:
    """The share of the appraised capital cost the operation's commitment finances, in one line."""
    if financing is None:
        return "financed share: no commitment recorded for the operation"
    mark = " (illustrative)" if financing.illustrative else ""
    return (
        f"financed share: {financing.institution} commitment US${money(financing.commitment_usd)}M of a capital "
        f"cost of US${money(financing.capital_cost_usd)}M = {_pct(financing.share)}{mark}"
    )


def print_appraisal(a: ProjectAppraisal) -> None:
    """One operation's appraisal: headline figures, with and without carbon, scope, financed share, tests."""
    mark = f" (illustrative inputs: {', '.join(a.illustrative_inputs)})" if a.illustrative else ""
    console.print(f"[bold]{a.project}[/bold]  {a.title or ''}", end="")
    console.print(mark, markup=False)
    console.print(scope_line(a.scope), markup=False, soft_wrap=True)
    console.print(financed_line(a.financing), markup=False)
    rate = a.discount_rate
    console.print(f"discount rate {_pct(rate.rate)} — {rate.origin} (status: {rate.source_status})", markup=False)
    eirr = _pct(a.eirr, 1) if a.eirr is not None else a.rate_of_return.status
    with_carbon = " with the value of avoided emissions" if a.carbon is not None else ""
    console.print(
        f"NPV US${money(a.npv_usd)}M · EIRR {eirr} · BCR {_ratio(a.bcr)}{with_carbon} · "
        f"first-year return {_pct(a.first_year_return)}",
        markup=False,
    )
    if a.carbon is not None:
        w = a.carbon.without_carbon
        share = f", {_pct(a.carbon.share_of_npv)} of NPV" if a.carbon.share_of_npv is not None else ""
        console.print(
            f"NPV US${money(w.npv_usd)}M · EIRR {_eirr(w)} · BCR {_ratio(w.bcr)} without it "
            f"(avoided emissions: present value US${money(a.carbon.pv_usd)}M{share})",
            markup=False,
        )
    if a.rate_of_return.status != "one":
        console.print(f"rate of return: {a.rate_of_return.reason}", markup=False)
    sv = a.switching_values
    console.print(f"switching values: costs {_signed(sv.costs)}, benefits {_signed(sv.benefits)}")
    for name, value in sv.by_component.items():
        verdict = "NPV stays positive even without it" if value < -1 else _signed(value)
        console.print(f"  {name}: {verdict}", markup=False)
    console.print(
        f"residual value: a negative cost of its year (present value US${money(a.pv_residual_usd)}M)", markup=False
    )
    table = Table(title="Sensitivities")
    for col in ("test", "NPV (US$M)", "EIRR", "BCR"):
        table.add_column(col, justify="left" if col == "test" else "right")
    for s in a.sensitivities:
        table.add_row(s.name, money(s.npv_usd), _eirr(s), _ratio(s.bcr))
    console.print(table)


def print_appraisals(programme: str, results: Sequence[ProjectAppraisal]) -> None:
    """A programme's appraisals: headline figures, then the same without carbon, then whose costs count."""
    rates = sorted({_pct(a.discount_rate.rate) for a in results})
    table = Table(title=f"Economic analysis of {programme} (at {', '.join(rates) or '—'})")
    for col in ("operation", "NPV (US$M)", "EIRR", "BCR", "SV costs", "SV benefits", "financed"):
        table.add_column(col, justify="left" if col == "operation" else "right", no_wrap=col == "operation")
    for a in results:
        eirr = _pct(a.eirr, 1) if a.eirr is not None else a.rate_of_return.status
        table.add_row(
            a.project + (" *" if a.illustrative else ""),
            money(a.npv_usd),
            eirr,
            _ratio(a.bcr),
            _signed(a.switching_values.costs),
            _signed(a.switching_values.benefits),
            "—" if a.financing is None else _pct(a.financing.share),
        )
    console.print(table)
    console.print("* rests at least partly on illustrative inputs", markup=False)
    console.print("financed: the operation's commitment / the capital cost appraised", markup=False)
    carbon = [a for a in results if a.carbon is not None]
    if carbon:
        without = Table(title="With and without the value of avoided emissions")
        for col in (
            "operation",
            "NPV with (US$M)",
            "NPV without (US$M)",
            "EIRR without",
            "BCR without",
            "carbon share of NPV",
        ):
            without.add_column(col, justify="left" if col == "operation" else "right", no_wrap=col == "operation")
        for a in carbon:
            assert a.carbon is not None
            w = a.carbon.without_carbon
            without.add_row(
                a.project + (" *" if a.illustrative else ""),
                money(a.npv_usd),
                money(w.npv_usd),
                _eirr(w),
                _ratio(w.bcr),
                _pct(a.carbon.share_of_npv),
            )
        console.print(without)
    for a in results:
        console.print(f"{a.project} {scope_line(a.scope)}", markup=False, soft_wrap=True)
