"""The plan as an Excel workbook: summary, plan, fiscal years, constraints, indicators, operations not selected."""

from __future__ import annotations

import json
from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from cpfkit.jsonable import jsonable
from cpfkit.plan.report import PlanReport
from cpfkit.reports.language import speaking
from cpfkit.reports.plan_xlsx_tables import (
    constraints_sheet,
    fiscal_years_sheet,
    indicators_sheet,
    not_selected_sheet,
    plan_sheet,
)

__all__ = ["plan_xlsx"]


def plan_xlsx(report: PlanReport, lang: str | None = None) -> bytes:
    """The plan as an Excel workbook: plan, fiscal years, constraints, indicators, skipped operations, summary.

    Written in a language (English by default): sheet names, headers and labels.
    """
    with speaking(lang):
        return _workbook(report)


def _workbook(report: PlanReport) -> bytes:
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
    plan_sheet(wb, report)
    fiscal_years_sheet(wb, report)
    constraints_sheet(wb, report)
    indicators_sheet(wb, report)
    not_selected_sheet(wb, report)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
