"""The plan report: chosen operations by fiscal year, envelope use, value of constraints (HTML and Excel)."""

from __future__ import annotations

import json
from decimal import Decimal
from io import BytesIO
from typing import Any

import plotly.graph_objects as go
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from cpfkit import clock
from cpfkit.jsonable import jsonable
from cpfkit.plan.report import PlanReport
from cpfkit.reports.html import render

__all__ = ["plan_html", "plan_xlsx"]

_COLOURS = {"IBRD": "#1f5f8b", "IDA": "#4f8fba", "IFC": "#d08c2f", "MIGA": "#6a8d3a", "TF": "#8c6bb1"}
_LAYOUT: dict[str, Any] = {
    "margin": {"l": 60, "r": 16, "t": 30, "b": 40},
    "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 12, "color": "#1f2933"},
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "legend": {"orientation": "h", "y": -0.2},
}


def _m(value: Decimal | None) -> float | None:
    return None if value is None else float(value) / 1e6


def _envelope_figure(report: PlanReport) -> dict[str, Any]:
    labels = [y.label for y in report.fiscal_years]
    fig = go.Figure()
    fig.add_bar(
        name="already approved",
        x=labels,
        y=[_m(y.existing_usd) for y in report.fiscal_years],
        marker_color="#98a2b3",
        hovertemplate="%{y:,.1f}M",
    )
    institutions = sorted(
        {p.institution for p in report.selected}, key=lambda i: list(_COLOURS).index(i) if i in _COLOURS else 9
    )
    for inst in institutions:
        fig.add_bar(
            name=f"planned {inst}",
            x=labels,
            y=[
                _m(sum((p.cost_usd for p in report.selected if p.fy == y.fy and p.institution == inst), Decimal(0)))
                for y in report.fiscal_years
            ],
            marker_color=_COLOURS.get(inst, "#777"),
            hovertemplate="%{y:,.1f}M",
        )
    if any(y.envelope_usd is not None for y in report.fiscal_years):
        fig.add_scatter(
            name="envelope",
            x=labels,
            y=[_m(y.envelope_usd) for y in report.fiscal_years],
            mode="lines+markers",
            line={"color": "#b42318", "width": 2, "dash": "dash"},
        )
    fig.update_layout(**_LAYOUT, barmode="stack", yaxis_title="US$ millions")
    return fig.to_plotly_json()


def _marginal_figure(report: PlanReport) -> dict[str, Any]:
    labels = [y.label for y in report.fiscal_years]
    fig = go.Figure()
    fig.add_bar(
        name="LP shadow price",
        x=labels,
        y=[float(y.value_per_100m) if y.value_per_100m is not None else None for y in report.fiscal_years],
        marker_color="#1f5f8b",
    )
    if any(y.resolved_gain_per_100m is not None for y in report.fiscal_years):
        fig.add_bar(
            name="plan re-solved",
            x=labels,
            y=[
                float(y.resolved_gain_per_100m) if y.resolved_gain_per_100m is not None else None
                for y in report.fiscal_years
            ],
            marker_color="#d08c2f",
        )
    fig.update_layout(**_LAYOUT, barmode="group", yaxis_title="objective gained per US$100M")
    return fig.to_plotly_json()


def _coverage_figure(report: PlanReport) -> dict[str, Any]:
    rows = list(report.indicators)
    names = [f"{r.indicator} ({r.priority_area})" for r in rows]
    fig = go.Figure()
    fig.add_bar(
        name="approved operations",
        y=names,
        x=[float(r.existing) * 100 for r in rows],
        orientation="h",
        marker_color="#98a2b3",
    )
    fig.add_bar(
        name="this plan", y=names, x=[float(r.planned) * 100 for r in rows], orientation="h", marker_color="#1f5f8b"
    )
    fig.add_vline(x=100, line={"color": "#b42318", "dash": "dash"})
    fig.update_layout(
        **{**_LAYOUT, "margin": {"l": 110, "r": 16, "t": 30, "b": 40}},
        barmode="stack",
        xaxis_title="% of the baseline-to-target change (expected, by the target date)",
        yaxis={"autorange": "reversed"},
        height=max(320, 22 * len(rows) + 80),
    )
    return fig.to_plotly_json()


def plan_html(report: PlanReport) -> str:
    """A standalone HTML report of a plan, with charts."""
    figures: dict[str, Any] = {"envelope": _envelope_figure(report)}
    if report.status in ("optimal", "feasible"):
        figures["marginal"] = _marginal_figure(report)
        figures["coverage"] = _coverage_figure(report)
    binding = [d for d in report.duals if d.binding or d.lp_binding]
    return render(
        "plan.html", report=report, binding=binding, today=clock.today(), charts=sorted(figures), figures=figures
    )


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list[Any]], money: set[int] | None = None) -> None:
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E4E7EB")
    for row in rows:
        ws.append([float(v) if isinstance(v, Decimal) else v for v in row])
    for i, name in enumerate(header, start=1):
        width = max([len(str(name))] + [len(str(r[i - 1])) for r in rows if r[i - 1] is not None] + [8])
        ws.column_dimensions[get_column_letter(i)].width = min(60, width + 2)
        if money and i - 1 in money:
            for cell in ws[get_column_letter(i)][1:]:
                cell.number_format = "#,##0"
    ws.freeze_panes = "A2"


def plan_xlsx(report: PlanReport) -> bytes:
    """The plan as an Excel workbook: plan, fiscal years, constraints, indicators, skipped operations, summary."""
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = "Summary"
    head: list[tuple[str, Any]] = [
        ("programme", report.programme),
        ("title", report.title),
        ("as of", report.as_of.isoformat()),
        ("status", report.status),
    ]
    rest: list[tuple[str, Any]] = [
        ("objective", report.objective),
        ("proven bound", report.bound),
        ("gap", report.gap),
        ("greedy baseline objective", report.greedy_objective),
        ("greedy baseline feasible", report.greedy_feasible),
        ("improvement over greedy", report.improvement_over_greedy),
        ("risk adjustment", report.risk_adjustment),
        *[(f"setting: {k}", str(v) if v is not None else "") for k, v in report.settings.items()],
        *[("note", n) for n in report.notes],
        *[("conflict", f"{c.description} ({c.constraint})") for c in report.conflicts],
    ]
    for key, value in head:
        summary.append([key, value])
    for m in report.messages:  # the sentence, then its code and parameters for whoever reads the workbook by program
        summary.append([f"message ({m.severity})", m.text, m.code, json.dumps(jsonable(m.params), sort_keys=True)])
    for key, value in rest:
        summary.append([key, float(value) if isinstance(value, Decimal) else value])
    summary.column_dimensions["A"].width = 32
    summary.column_dimensions["B"].width = 90
    summary.column_dimensions["C"].width = 28
    for cell in summary["A"]:
        cell.font = Font(bold=True)
    _sheet(
        wb,
        "Plan",
        [
            "fiscal year",
            "operation",
            "name",
            "institution",
            "instrument",
            "commitment US$",
            "planned FY",
            "priority areas",
            "SORT overall",
            "high risk",
            "NPV US$",
            "completion probability",
            "value",
            "illustrative",
            "NPV illustrative",
        ],
        [
            [
                p.fy,
                p.project,
                p.name,
                p.institution,
                p.instrument,
                p.cost_usd,
                p.planned_fy,
                ", ".join(p.priority_areas),
                p.risk,
                p.high_risk,
                p.npv_usd,
                p.completion_probability,
                p.value,
                p.illustrative,
                p.npv_illustrative,
            ]
            for p in report.selected
        ],
        money={5, 10},
    )
    _sheet(
        wb,
        "Fiscal years",
        [
            "fiscal year",
            "envelope US$",
            "already approved US$",
            "planned US$",
            "committed US$",
            "headroom US$",
            "value of US$100M more (LP)",
            "gain of US$100M more (re-solved)",
            "operations",
        ],
        [
            [
                y.fy,
                y.envelope_usd,
                y.existing_usd,
                y.planned_usd,
                y.committed_usd,
                y.headroom_usd,
                y.value_per_100m,
                y.resolved_gain_per_100m,
                ", ".join(y.projects),
            ]
            for y in report.fiscal_years
        ],
        money={1, 2, 3, 4, 5},
    )
    _sheet(
        wb,
        "Constraints",
        [
            "constraint",
            "kind",
            "description",
            "room US$",
            "used US$",
            "slack US$",
            "binding",
            "shadow price (per US$1M)",
            "value per US$100M (LP)",
            "gain per US$100M (re-solved)",
        ],
        [
            [
                d.constraint,
                d.kind,
                d.description,
                d.room_usd,
                d.used_usd,
                d.slack_usd,
                d.binding,
                d.shadow_price,
                d.value_per_100m,
                d.resolved_gain_per_100m,
            ]
            for d in report.duals
        ],
        money={3, 4, 5},
    )
    _sheet(
        wb,
        "Indicators",
        [
            "indicator",
            "name",
            "priority area",
            "weight",
            "covered by approved operations",
            "covered by the plan",
            "remaining gap",
            "counted",
        ],
        [
            [i.indicator, i.name, i.priority_area, i.weight, i.existing, i.planned, i.remaining_gap, i.counted]
            for i in report.indicators
        ],
    )
    _sheet(
        wb,
        "Not selected",
        ["operation", "name", "commitment US$", "reason"],
        [[s.project, s.name, s.cost_usd, s.reason] for s in report.not_selected],
        money={2},
    )
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
