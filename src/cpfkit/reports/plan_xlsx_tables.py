"""The tables of the plan workbook, one sheet each: the plan, fiscal years, constraints, indicators, left out."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from cpfkit.plan.report import PlanReport
from cpfkit.reports.language import N_, gettext
from cpfkit.reports.workbook import sheet_title

__all__ = ["constraints_sheet", "fiscal_years_sheet", "indicators_sheet", "not_selected_sheet", "plan_sheet"]


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list[Any]], money: set[int] | None = None) -> None:
    ws = wb.create_sheet(sheet_title(gettext(title)))
    ws.append([gettext(name) for name in header])
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
        N_("Plan"),
        [
            N_("fiscal year"),
            N_("operation"),
            N_("name"),
            N_("institution"),
            N_("instrument"),
            N_("commitment US$"),
            N_("planned FY"),
            N_("priority areas"),
            N_("SORT overall"),
            N_("high risk"),
            N_("NPV US$"),
            N_("completion probability"),
            N_("value"),
            N_("illustrative"),
            N_("NPV illustrative"),
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
                gettext(p.risk) if p.risk else p.risk,
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
        N_("Fiscal years"),
        [
            N_("fiscal year"),
            N_("envelope US$"),
            N_("already approved US$"),
            N_("planned US$"),
            N_("committed US$"),
            N_("headroom US$"),
            N_("value of US$100M more (LP)"),
            N_("gain of US$100M more (re-solved)"),
            N_("operations"),
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
        N_("Constraints"),
        [
            N_("constraint"),
            N_("kind"),
            N_("description"),
            N_("room US$"),
            N_("used US$"),
            N_("slack US$"),
            N_("binding"),
            N_("shadow price (per US$1M)"),
            N_("value per US$100M (LP)"),
            N_("gain per US$100M (re-solved)"),
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
        N_("Indicators"),
        [
            N_("indicator"),
            N_("name"),
            N_("priority area"),
            N_("weight"),
            N_("covered by approved operations"),
            N_("covered by the plan"),
            N_("remaining gap"),
            N_("counted"),
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
        N_("Not selected"),
        [N_("operation"), N_("name"), N_("commitment US$"), N_("reason")],
        [[s.project, s.name, s.cost_usd, s.reason] for s in report.not_selected],
        money={2},
    )
