"""The plan report: chosen operations by fiscal year, envelope use, value of constraints (HTML and Excel).

The charts are :mod:`cpfkit.reports.plan_charts`; the workbook is :mod:`cpfkit.reports.plan_xlsx`.
"""

from __future__ import annotations

from typing import Any

from cpfkit import clock
from cpfkit.language.message import render as render_message
from cpfkit.plan.messages import PlanMessage
from cpfkit.plan.report import PlanReport
from cpfkit.plan.report_values import DualValue
from cpfkit.plan.wording import constraint_message, plan_message
from cpfkit.reports.html import render
from cpfkit.reports.language import DEFAULT_LANGUAGE, current_language, speaking
from cpfkit.reports.plan_charts import coverage_figure, envelope_figure, marginal_figure
from cpfkit.reports.plan_language import in_language

__all__ = ["plan_html"]


def plan_html(report: PlanReport, lang: str | None = None) -> str:
    """A standalone HTML report of a plan, with charts, in a language (English by default)."""
    with speaking(lang):
        return _html(report)


def _html(report: PlanReport) -> str:
    figures: dict[str, Any] = {"envelope": envelope_figure(report)}
    if report.status in ("optimal", "feasible"):
        figures["marginal"] = marginal_figure(report)
        figures["coverage"] = coverage_figure(report)
    binding = [d for d in report.duals if d.binding or d.lp_binding]
    report = in_language(report, current_language.get())  # the plan's own sentences in the report's language
    return render(
        "plan.html",
        report=report,
        binding=binding,
        today=clock.today(),
        charts=sorted(figures),
        figures=figures,
        said=_said,
        constraint_name=_constraint_name,
    )


def _said(m: PlanMessage) -> str:
    """One of the plan's messages as a sentence in the report's language (in English, the plan's own text)."""
    lang = current_language.get()
    return m.text if lang == DEFAULT_LANGUAGE else render_message(plan_message(m), lang).rstrip(".")


def _constraint_name(d: DualValue) -> str:
    """A constraint's name in the report's language (in English, the plan's own description)."""
    lang = current_language.get()
    return d.description if lang == DEFAULT_LANGUAGE else render_message(constraint_message(d), lang)
