"""``cpfkit portfolio`` (the portfolio review) and ``cpfkit risk …`` (the risk register)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cpfkit.cli.choices import (
    AttributionChoice,
    InstitutionChoice,
    InstrumentChoice,
    RiskFactorChoice,
    RiskLevelChoice,
    SortCategoryChoice,
)
from cpfkit.cli.common import console, fail_on_error, money, parse_date, print_json, state
from cpfkit.errors import DataError

if TYPE_CHECKING:  # the commands import what they use when they run (docs/performance.md, "Start-up")
    from cpfkit.reports.portfolio import PortfolioReport

__all__ = ["register"]

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
ProgrammeArg = Annotated[str, typer.Argument(help="Programme id, e.g. kz-2026-2031.")]

risk_app = typer.Typer(help="The programme's risk register: list, add and close entries.", no_args_is_help=True)


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def register(app: typer.Typer) -> None:
    """Add ``portfolio`` and the ``risk`` group to ``app``."""
    app.add_typer(risk_app, name="risk")

    @app.command("portfolio")
    @fail_on_error
    def portfolio_(
        ctx: typer.Context,
        programme: ProgrammeArg,
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="Date of the figures, YYYY-MM-DD (default: today).")
        ] = None,
        fy: Annotated[
            int | None,
            typer.Option("--fy", help="Fiscal year of the disbursement ratio, e.g. 2023 (default: the FY of --as-of)."),
        ] = None,
        problem_threshold: Annotated[
            int, typer.Option(help="DO/IP score at or below which a project is a problem project (3 = MU, 2 = U).")
        ] = 3,
        potential_flags: Annotated[int, typer.Option(help="Flags that make a potential problem project.")] = 3,
        new_approvals: Annotated[
            bool,
            typer.Option(
                "--include-new-approvals/--exclude-new-approvals",
                help="Count FY disbursements of operations approved during the FY in the disbursement ratio.",
            ),
        ] = True,
        pforr: Annotated[
            bool,
            typer.Option("--include-pforr/--exclude-pforr", help="Count program-for-results operations with IPF."),
        ] = True,
        institution: Annotated[
            list[InstitutionChoice] | None,
            typer.Option(
                "--institution",
                help="An institution whose operations the indicators cover (repeat; default: IBRD and IDA).",
            ),
        ] = None,
        instrument: Annotated[
            list[InstrumentChoice] | None,
            typer.Option(
                "--instrument",
                help="An instrument the indicators cover (repeat; default: IPF, PforR and DPF lending).",
            ),
        ] = None,
        proactive_extensions: Annotated[
            bool,
            typer.Option(
                "--proactive-extensions/--no-proactive-extensions",
                help="Count a closing-date extension as an action on a problem project (default: only restructurings).",
            ),
        ] = False,
        attribution: Annotated[
            AttributionChoice | None,
            typer.Option(
                "--attribution",
                help="Private direct mobilisation shared with other MDBs: pro-rata or full (default: the programme's).",
            ),
        ] = None,
        as_json: JsonFlag = False,
    ) -> None:
        """Portfolio review: envelope and exposure, indicators with every flag explained, mobilisation, SORT."""
        from cpfkit.metrics.portfolio import ReviewRules
        from cpfkit.services import portfolio as services_portfolio

        try:
            rules = ReviewRules(
                problem_threshold=problem_threshold,
                potential_problem_flags=potential_flags,
                include_new_approvals=new_approvals,
                include_pforr=pforr,
                portfolio_institutions=tuple(i.value for i in institution or ()) or ReviewRules.portfolio_institutions,
                portfolio_instruments=tuple(i.value for i in instrument or ()) or ReviewRules.portfolio_instruments,
                proactive_extensions=proactive_extensions,
                attribution=attribution.value if attribution else None,
                fiscal_year=fy,
            )
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
        try:
            report = services_portfolio.portfolio(state(ctx).store(), programme, parse_date(as_of), rules)
        except ValueError as exc:
            raise DataError(str(exc), field="--fy") from None
        if as_json:
            print_json(report)
            return
        _print(report)


def _print(r: PortfolioReport) -> None:
    ind = r.indicators
    console.print(f"[bold]{r.title}[/bold] — portfolio as of {r.as_of}")
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


# -- the risk register -----------------------------------------------------------------------


@risk_app.command("register")
@fail_on_error
def register_(
    ctx: typer.Context,
    programme: ProgrammeArg,
    show_all: Annotated[bool, typer.Option("--all", help="Show closed entries too.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """List the risk register: each risk with its factors, rating, mitigation and owner."""
    from cpfkit.model import RiskStatus
    from cpfkit.services import portfolio as services_portfolio

    entries = services_portfolio.risk_register(state(ctx).store(), programme)
    shown = [e for e in entries if show_all or e.status is RiskStatus.OPEN]
    if as_json:
        print_json(shown)
        return
    console.print(f"[bold]Risk register of {programme}[/bold]" + ("" if show_all else " (open entries)"))
    if not shown:
        console.print("no entry")
    for e in shown:
        status = f"open since {e.opened}" if e.closed is None else f"closed {e.closed} (opened {e.opened})"
        console.print(
            f"{e.code}{' *' if e.illustrative else ''}  {e.title}  [{e.rating.value} · {status}]",
            markup=False,
            soft_wrap=True,
        )
        details = [
            ("factors", ", ".join(f.value for f in e.factors) or "—"),
            ("SORT category", e.category.value if e.category else "—"),
            ("operation", e.project or "—"),
            ("mitigation", e.mitigation or "—"),
            ("owner", e.owner or "—"),
        ]
        if e.closing_note:
            details.append(("how it ended", e.closing_note))
        for name, value in details:
            console.print(f"    {name}: {value}", markup=False, soft_wrap=True)
    if any(e.illustrative for e in shown):
        console.print("* illustrative entry (see the programme's README)")


@risk_app.command("add")
@fail_on_error
def add(
    ctx: typer.Context,
    programme: ProgrammeArg,
    title: Annotated[str, typer.Option("--title", help="What could go wrong, in one line.")],
    rating: Annotated[RiskLevelChoice, typer.Option("--rating", help="SORT level of the risk.")],
    category: Annotated[SortCategoryChoice, typer.Option("--category", help="SORT category it belongs to (required).")],
    owner: Annotated[str, typer.Option("--owner", help="Who is accountable for the mitigation (required).")],
    factor: Annotated[
        list[RiskFactorChoice] | None, typer.Option("--factor", help="A factor of the lens (repeat for several).")
    ] = None,
    mitigation: Annotated[str | None, typer.Option("--mitigation", help="What is done about it.")] = None,
    project: Annotated[str | None, typer.Option("--project", help="The operation it concerns, if one.")] = None,
    description: Annotated[str | None, typer.Option("--description", help="More detail.")] = None,
    code: Annotated[str | None, typer.Option("--code", help="Entry code (default: the next R<n>).")] = None,
    opened: Annotated[str | None, typer.Option("--opened", help="Date opened, YYYY-MM-DD (default: today).")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Where the assessment comes from.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Add an entry to the risk register (marked illustrative unless --source is given)."""
    from cpfkit.model import RiskFactor, RiskLevel, SortCategory
    from cpfkit.services import portfolio as services_portfolio
    from cpfkit.workplace.roles import operator

    fields = {
        "code": code,
        "title": title,
        "description": description,
        "factors": [RiskFactor(f.value) for f in factor or ()],
        "category": SortCategory(category.value),
        "rating": RiskLevel(rating.value),
        "mitigation": mitigation,
        "owner": owner,
        "project": project,
        "opened": parse_date(opened),
        "source": source,
    }
    added = services_portfolio.add_risk_entry(state(ctx).store(), programme, fields, operator())
    if as_json:
        print_json(added)
        return
    console.print(f"added {added.code} to the risk register of {programme}: {added.title}", markup=False)


@risk_app.command("close")
@fail_on_error
def close(
    ctx: typer.Context,
    programme: ProgrammeArg,
    code: Annotated[str, typer.Argument(help="Entry code, e.g. R3.")],
    note: Annotated[str | None, typer.Option("--note", help="How the risk ended.")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Date closed, YYYY-MM-DD (default: today).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Close an open entry of the risk register."""
    from cpfkit import clock
    from cpfkit.services import portfolio as services_portfolio
    from cpfkit.workplace.roles import operator

    closed = services_portfolio.close_risk_entry(
        state(ctx).store(), programme, code, parse_date(on) or clock.today(), note, operator()
    )
    if as_json:
        print_json(closed)
        return
    console.print(f"closed {closed.code} on {closed.closed}", markup=False)
