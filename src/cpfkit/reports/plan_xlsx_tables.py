"""The tables of the plan workbook, one sheet each: the plan, fiscal years, constraints, indicators, left out."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from cpfkit.plan.report import PlanReport

__all__ = ["constraints_sheet", "fiscal_years_sheet", "indicators_sheet", "not_selected_sheet", "plan_sheet"]


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


def plan_sheet(wb: Workbook, report: PlanReport) -> None:
    """The chosen operations, by fiscal year."""
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


def fiscal_years_sheet(wb: Workbook, report: PlanReport) -> None:
    """Each fiscal year: envelope, commitments, headroom and the value of more room."""
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


def constraints_sheet(wb: Workbook, report: PlanReport) -> None:
    """Each constraint: its room, use, slack and value."""
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


def indicators_sheet(wb: Workbook, report: PlanReport) -> None:
    """Each indicator scored: its weight and the part of its gap covered."""
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


def not_selected_sheet(wb: Workbook, report: PlanReport) -> None:
    """The candidates left out, and why."""
    _sheet(
        wb,
        "Not selected",
        ["operation", "name", "commitment US$", "reason"],
        [[s.project, s.name, s.cost_usd, s.reason] for s in report.not_selected],
        money={2},
    )
