"""The plan's own sentences in a report's language, for its HTML and its workbook alike.

The plan says its outcome, notes, risk adjustment, why it leaves an operation out and what each
constraint is as messages beside the English text (:mod:`cpfkit.plan.wording`); in another language
than English, :func:`in_language` puts each message's text in that language in place of the English one.
The names of the programme, its operations and indicators are the data's
(:func:`cpfkit.services.planning.plan_in`).
"""

from __future__ import annotations

from dataclasses import replace

from cpfkit.language.message import render
from cpfkit.plan.report import PlanReport
from cpfkit.plan.wording import constraint_message, plan_message
from cpfkit.reports.language import DEFAULT_LANGUAGE

__all__ = ["in_language"]


def in_language(report: PlanReport, lang: str) -> PlanReport:
    """The report with its messages, notes, risk adjustment, reasons and constraint names in ``lang``."""
    if lang == DEFAULT_LANGUAGE:
        return report
    return replace(
        report,
        messages=tuple(replace(m, text=render(plan_message(m), lang)) for m in report.messages),
        notes=tuple(render(m, lang) for m in report.note_messages) or report.notes,
        risk_adjustment=render(report.risk_adjustment_message or report.risk_adjustment, lang),
        not_selected=tuple(
            replace(s, reason=render(s.reason_message, lang)) if s.reason_message else s for s in report.not_selected
        ),
        duals=tuple(replace(d, description=render(constraint_message(d), lang)) for d in report.duals),
    )
