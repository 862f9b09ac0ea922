"""The portfolio page of a programme: ``/programmes/{id}/portfolio``.

The review indicators with their explanations, every flag with its evidence and the agency accountable,
envelope and IBRD exposure, mobilisation, the SORT heat map.  The figures come from
:func:`cpfkit.services.portfolio.portfolio`, kept per data version in the application's cache.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from cpfkit.api.cache import CacheDep, programme_data
from cpfkit.api.deps import StoreDep
from cpfkit.web import charts, charts_risk
from cpfkit.web.i18n import N_, current_locale, shown
from cpfkit.web.i18n import gettext as _
from cpfkit.web.pages_operations import review
from cpfkit.web.templating import templates

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

KEY_FIGURES = (
    ("disbursement_ratio", "percent"),
    ("problem_projects", "count"),
    ("potential_problem_projects", "count"),
    ("projects_at_risk", "count"),
    ("commitments_at_risk_usd", "usd"),
    ("realism_index", "percent"),
    ("proactivity_index", "percent"),
    ("average_age_years", "years"),
    ("average_effectiveness_lag_months", "months"),
    ("projects_extended", "count"),
    ("active_projects", "count"),
    ("net_commitment_usd", "usd"),
    ("undisbursed_usd", "usd"),
    ("flags_raised", "count"),
    ("unrated_projects", "count"),
)
"""The review indicators the portfolio page shows, in order, with how each is written."""


LABELS = {
    "disbursement_ratio": N_("Disbursement ratio"),
    "problem_projects": N_("Problem projects"),
    "potential_problem_projects": N_("Potential problem projects"),
    "projects_at_risk": N_("Projects at risk"),
    "commitments_at_risk_usd": N_("Commitments at risk"),
    "realism_index": N_("Realism index"),
    "proactivity_index": N_("Proactivity index"),
    "average_age_years": N_("Average age"),
    "average_effectiveness_lag_months": N_("Effectiveness lag"),
    "projects_extended": N_("Operations extended"),
    "active_projects": N_("Active operations"),
    "net_commitment_usd": N_("Net commitment of active operations"),
    "undisbursed_usd": N_("Undisbursed"),
    "flags_raised": N_("Flags raised"),
    "unrated_projects": N_("Unrated operations"),
}


GLOSSARY_TERMS = {"active_projects": "active_operations", "net_commitment_usd": "active_net_commitment"}
"""The key figures that are terms of the glossary of figures (``cpfkit.model.figures``)."""


@router.get("/programmes/{programme_id}/portfolio", response_class=HTMLResponse)
async def portfolio_page(
    request: Request, programme_id: str, store: StoreDep, cache: CacheDep, as_of: date | None = None
) -> HTMLResponse:
    """The portfolio review: indicators, flags, envelope and exposure, mobilisation, SORT heat map."""
    language = current_locale.get()
    report = await run_in_threadpool(review, cache, store, programme_id, as_of, language)
    programme = (await run_in_threadpool(programme_data, cache, store, programme_id, language)).programme
    figures = []
    for key, kind in KEY_FIGURES:
        value = report.disbursement_ratio.ratio if key == "disbursement_ratio" else getattr(report.indicators, key)
        if isinstance(value, int):
            value = Decimal(value)  # counts go through the same number filter as every figure
        term = GLOSSARY_TERMS.get(key)  # the glossary's label, with its definition one hover away
        figures.append({"key": key, "label": _(LABELS[key]), "term": term, "kind": kind, "value": value})
    envelope, exposure = report.envelope, report.envelope.ibrd_exposure
    envelope = replace(  # the envelope's explanation and the exposure check in the reader's language
        envelope,
        explanation=shown(envelope.explanation_message or envelope.explanation),
        ibrd_exposure=replace(exposure, check=shown(exposure.check_message or exposure.check)),
    )
    context = {
        "programme": programme,
        "report": replace(report, envelope=envelope),
        "figures": figures,
        "explanations": {**report.explanations, **{k: shown(m) for k, m in report.explanation_messages.items()}},
        "heatmap": charts.to_json(charts_risk.sort_heatmap(report.sort)),
        "as_of": report.as_of,
    }
    return templates.TemplateResponse(request, "portfolio.html", context)
