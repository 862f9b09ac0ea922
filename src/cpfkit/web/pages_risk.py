"""The portfolio page and the risk page of a programme.

* ``/programmes/{id}/portfolio`` — the review indicators with their explanations, every flag with its
  evidence and the agency accountable, envelope and IBRD exposure, mobilisation, the SORT heat map;
* ``/programmes/{id}/risk`` — the SORT heat map and ratings with trends, the risk register (with add and
  close forms for the programme's editors, audited like every write), and the simulation fan chart.

The figures come from :func:`cpfkit.services.portfolio.portfolio` and :func:`cpfkit.services.simulation.simulate`,
kept per data version in the application's cache.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from cpfkit import clock
from cpfkit.api.auth import PrincipalDep
from cpfkit.api.cache import CacheDep, OverviewCache, programme_data
from cpfkit.api.compute import ComputeSlots, compute_slots
from cpfkit.api.deps import StoreDep
from cpfkit.errors import CpfkitError
from cpfkit.model import RiskFactor, RiskLevel, RiskStatus, SortCategory
from cpfkit.reports import simulation_charts
from cpfkit.services import portfolio as services_portfolio
from cpfkit.services import programmes as services
from cpfkit.services.simulation import DEFAULT_SEED
from cpfkit.store import Store
from cpfkit.web import charts, charts_ops
from cpfkit.web.i18n import N_
from cpfkit.web.i18n import gettext as _
from cpfkit.web.pages_operations import review
from cpfkit.web.templating import templates
from cpfkit.workplace.history import FACTOR_LABELS, SORT_LABELS
from cpfkit.workplace.roles import Principal

__all__ = ["FAN_RUNS", "FAN_SEED", "router"]

router = APIRouter(include_in_schema=False)

FAN_RUNS = 2_000
"""Runs of the simulation behind the risk page's fan chart (the API and the CLI run more on request)."""
FAN_SEED = DEFAULT_SEED
"""The seed of that simulation: the default of ``cpfkit simulate`` and the API, so with ``--runs 2000`` they agree."""

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


def _may_edit(principal: Principal | None, programme_id: str) -> bool:
    return principal is not None and principal.may_edit({programme_id})


@router.get("/programmes/{programme_id}/portfolio", response_class=HTMLResponse)
async def portfolio_page(
    request: Request, programme_id: str, store: StoreDep, cache: CacheDep, as_of: date | None = None
) -> HTMLResponse:
    """The portfolio review: indicators, flags, envelope and exposure, mobilisation, SORT heat map."""
    report = await run_in_threadpool(review, cache, store, programme_id, as_of)
    programme = (await run_in_threadpool(programme_data, cache, store, programme_id)).programme
    figures = []
    for key, kind in KEY_FIGURES:
        value = report.disbursement_ratio.ratio if key == "disbursement_ratio" else getattr(report.indicators, key)
        if isinstance(value, int):
            value = Decimal(value)  # counts go through the same number filter as every figure
        term = GLOSSARY_TERMS.get(key)  # the glossary's label, with its definition one hover away
        figures.append({"key": key, "label": _(LABELS[key]), "term": term, "kind": kind, "value": value})
    context = {
        "programme": programme,
        "report": report,
        "figures": figures,
        "explanations": report.explanations,
        "heatmap": charts.to_json(charts_ops.sort_heatmap(report.sort)),
        "as_of": report.as_of,
    }
    return templates.TemplateResponse(request, "portfolio.html", context)


def simulation(cache: OverviewCache, store: Store, programme_id: str, slots: ComputeSlots) -> Any:
    """The fan-chart simulation of a programme: :data:`FAN_RUNS` runs with :data:`FAN_SEED`, per data version.

    Computing it (not reading it from the cache) takes one of the server's compute slots.
    """
    day = clock.today()
    return cache.get(
        ("fan", programme_id, day),
        lambda: slots.run(
            lambda: services.simulate(store, programme_id, runs=FAN_RUNS, seed=FAN_SEED, as_of=day, workers=1)
        ),
    )


def _risk_context(
    store: Store, cache: OverviewCache, programme_id: str, principal: Principal | None, slots: ComputeSlots
) -> dict[str, Any]:
    report = review(cache, store, programme_id, None)
    data = programme_data(cache, store, programme_id)
    sim = simulation(cache, store, programme_id, slots)
    register = services_portfolio.risk_register(store, programme_id)
    register.sort(key=lambda r: (r.status is not RiskStatus.OPEN, -list(RiskLevel).index(r.rating), r.code))
    sort = report.sort
    return {
        "programme": data.programme,
        "report": report,
        "sort": sort,
        "register": register,
        "projects": sorted((p.id, p.name) for p in data.projects),
        "project_names": {p.id: p.name for p in data.projects},
        "levels": [lv.value for lv in RiskLevel],
        "categories": [c.value for c in SortCategory if c.value != "overall"],
        "factors": [f.value for f in RiskFactor],
        "can_edit": _may_edit(principal, programme_id),
        "sort_labels": SORT_LABELS,
        "factor_labels": FACTOR_LABELS,
        "sim": sim,
        "runs": Decimal(FAN_RUNS),
        "seed": FAN_SEED,
        "charts": {
            "heatmap": charts.to_json(charts_ops.sort_heatmap(sort)),
            "fan": charts.to_json(simulation_charts.fan_chart(sim)),
        },
        "today": clock.today(),
    }


@router.get("/programmes/{programme_id}/risk", response_class=HTMLResponse)
async def risk_page(
    request: Request, programme_id: str, store: StoreDep, cache: CacheDep, principal: PrincipalDep
) -> HTMLResponse:
    """SORT heat map and ratings, the risk register, and the simulation fan chart."""
    context = await run_in_threadpool(_risk_context, store, cache, programme_id, principal, compute_slots(request))
    return templates.TemplateResponse(request, "risk.html", context)


def _refuse(request: Request, status: int, title: str, message: str, back: str) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "refused.html", {"title": title, "message": message, "back": back}, status_code=status
    )


async def _writer(request: Request, principal: Principal | None, programme_id: str) -> tuple[dict[str, str], Any]:
    """The form, and None when the caller may write; else the refusal page."""
    raw = await request.form()
    form = {k: v for k, v in raw.items() if isinstance(v, str)}
    back = f"/programmes/{programme_id}/risk"
    if principal is None:
        return form, _refuse(request, 403, _("Not signed in"), _("Sign in as an editor of this programme."), back)
    if not principal.csrf_token or form.get("csrf_token") != principal.csrf_token:
        message = _("The form did not carry this session's security token. Open the page again and resubmit.")
        return form, _refuse(request, 403, _("Form expired"), message, back)
    if not _may_edit(principal, programme_id):
        message = _("%(name)s is a %(role)s and may not change the risk register of %(programme)s.") % {
            "name": principal.name,
            "role": _(principal.role.value),
            "programme": programme_id,
        }
        return form, _refuse(request, 403, _("Not allowed"), message, back)
    return form, None


async def _after_write(
    request: Request, store: Store, cache: OverviewCache, programme_id: str, principal: Principal, error: str | None
) -> Response:
    if error is None:
        return RedirectResponse(f"/programmes/{programme_id}/risk#register", status_code=303)
    context = await run_in_threadpool(_risk_context, store, cache, programme_id, principal, compute_slots(request))
    context["notice"] = {"kind": "alert", "text": _("Not saved: %(reason)s") % {"reason": error}}
    return templates.TemplateResponse(request, "risk.html", context, status_code=422)


_REQUIRED = {
    "title": N_("Give the risk a title."),
    "rating": N_("Choose the rating."),
    "category": N_("Choose the SORT category."),
    "owner": N_("Name who owns the mitigation."),
}
"""What the add form needs, each with the message shown beside its field when it is missing."""


def _missing(form: dict[str, str]) -> dict[str, str]:
    """The message of each required field the form left empty (translated)."""
    return {name: _(message) for name, message in _REQUIRED.items() if not form.get(name, "").strip()}


@router.post("/programmes/{programme_id}/risk/add", response_class=HTMLResponse)
async def add_risk(
    request: Request, programme_id: str, store: StoreDep, cache: CacheDep, principal: PrincipalDep
) -> Response:
    """Add an entry to the register (editors of the programme), audited.

    The title, rating, SORT category and owner are required: the form offers no default, and a missing one
    is named beside its field (422, nothing stored).
    """
    form, refused = await _writer(request, principal, programme_id)
    if refused is not None:
        return refused
    assert principal is not None
    raw = await request.form()
    factors = [v for v in raw.getlist("factors") if isinstance(v, str)]
    missing = _missing(form)
    if missing:
        return await _form_again(request, store, cache, programme_id, principal, form, factors, missing)
    error: str | None = None
    try:
        fields = {
            "title": form.get("title", "").strip(),
            "description": form.get("description", "").strip() or None,
            "factors": factors,
            "category": form.get("category"),
            "rating": form.get("rating"),
            "mitigation": form.get("mitigation", "").strip() or None,
            "owner": form.get("owner", "").strip(),
            "project": form.get("project") or None,
            "opened": clock.today(),
            "source": form.get("source", "").strip() or None,
        }
        await run_in_threadpool(services_portfolio.add_risk_entry, store, programme_id, fields, principal)
    except ValidationError as exc:
        err = exc.errors()[0]
        error = f"{'.'.join(str(p) for p in err.get('loc', ()))}: {err.get('msg', '')}"
    except CpfkitError as exc:
        error = str(exc)
    return await _after_write(request, store, cache, programme_id, principal, error)


async def _form_again(
    request: Request,
    store: Store,
    cache: OverviewCache,
    programme_id: str,
    principal: Principal,
    form: dict[str, str],
    factors: list[str],
    errors: dict[str, str],
) -> Response:
    """The risk page with the add form open, as it was filled in, and each message beside its field."""
    context = await run_in_threadpool(_risk_context, store, cache, programme_id, principal, compute_slots(request))
    context["notice"] = {"kind": "alert", "text": _("Not saved: a required field is empty.")}
    context["add_form"] = {"values": form, "factors": factors, "errors": errors}
    return templates.TemplateResponse(request, "risk.html", context, status_code=422)


@router.post("/programmes/{programme_id}/risk/{code}/close", response_class=HTMLResponse)
async def close_risk(
    request: Request, programme_id: str, code: str, store: StoreDep, cache: CacheDep, principal: PrincipalDep
) -> Response:
    """Close an open entry of the register (editors of the programme), audited."""
    form, refused = await _writer(request, principal, programme_id)
    if refused is not None:
        return refused
    assert principal is not None
    error: str | None = None
    try:
        on = date.fromisoformat(form["on"]) if form.get("on") else clock.today()
        note = form.get("note", "").strip() or None
        await run_in_threadpool(services_portfolio.close_risk_entry, store, programme_id, code, on, note, principal)
    except ValueError:
        error = _("not a date (YYYY-MM-DD)")
    except CpfkitError as exc:
        error = str(exc)
    return await _after_write(request, store, cache, programme_id, principal, error)
