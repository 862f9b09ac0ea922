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
from cpfkit.reports.language import N_, _, speaking
from cpfkit.reports.plan_language import in_language
from cpfkit.reports.plan_xlsx_tables import (
    constraints_sheet,
    fiscal_years_sheet,
    indicators_sheet,
    not_selected_sheet,
    plan_sheet,
)
from cpfkit.reports.workbook import sheet_title

__all__ = ["plan_xlsx"]


def plan_xlsx(report: PlanReport, lang: str | None = None) -> bytes:
    """The plan as an Excel workbook: plan, fiscal years, constraints, indicators, skipped operations, summary.

    Written in a language (English by default): sheet names, headers and labels.
    """
    with speaking(lang) as chosen:
        return _workbook(in_language(report, chosen))


def _workbook(report: PlanReport) -> bytes:
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = sheet_title(_("Summary"))
    head: list[tuple[str, Any]] = [
        (N_("programme"), report.programme),
        (N_("title"), report.title),
        (N_("as of"), report.as_of.isoformat()),
        (N_("status"), _(report.status)),
    ]
    rest: list[tuple[str, Any]] = [
        (N_("objective"), report.objective),
        (N_("proven bound"), report.bound),
        (N_("gap"), report.gap),
        (N_("greedy baseline objective"), report.greedy_objective),
        (N_("greedy baseline feasible"), report.greedy_feasible),
        (N_("improvement over greedy"), report.improvement_over_greedy),
        (N_("risk adjustment"), report.risk_adjustment),
        *[(_("setting: %(name)s") % {"name": k}, str(v) if v is not None else "") for k, v in report.settings.items()],
        *[(N_("note"), n) for n in report.notes],
        *[(N_("conflict"), f"{c.description} ({c.constraint})") for c in report.conflicts],
    ]
    for key, value in head:
        summary.append([_(key), value])
    for m in report.messages:  # the sentence, then its code and parameters for whoever reads the workbook by program
        summary.append(
            [
                _("message (%(severity)s)") % {"severity": _(m.severity)},
                m.text,
                m.code,
                json.dumps(jsonable(m.params), sort_keys=True),
            ]
        )
    for key, value in rest:
        summary.append([_(key), float(value) if isinstance(value, Decimal) else value])
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
