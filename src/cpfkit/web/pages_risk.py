"""The risk page of a programme: ``/programmes/{id}/risk``.

The SORT heat map and ratings with trends, the risk register (with add and close forms for the
programme's editors, :mod:`cpfkit.web.risk_forms`), and the simulation fan chart.  The figures come from
:func:`cpfkit.services.portfolio.portfolio` and :func:`cpfkit.services.simulation.simulate`, kept per data version
in the application's cache.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from cpfkit import clock
from cpfkit.api.auth import PrincipalDep
from cpfkit.api.cache import CacheDep, OverviewCache, programme_data, text_book
from cpfkit.api.compute import ComputeSlots, compute_slots
from cpfkit.api.deps import StoreDep
from cpfkit.language.formatting import separators
from cpfkit.model import RiskFactor, RiskLevel, RiskStatus, SortCategory
from cpfkit.reports import simulation_charts
from cpfkit.reports.language import speaking
from cpfkit.services import portfolio as services_portfolio
from cpfkit.services import programmes as services
from cpfkit.services.simulation_limits import DEFAULT_SEED
from cpfkit.services.translations import risks_in
from cpfkit.store import Store
from cpfkit.web import charts, charts_risk
from cpfkit.web.i18n import current_locale
from cpfkit.web.pages_operations import review
from cpfkit.web.templating import templates
from cpfkit.workplace.roles import Principal
from cpfkit.workplace.value_labels import FACTOR_LABELS, SORT_LABELS

__all__ = ["FAN_RUNS", "FAN_SEED", "may_edit", "risk_context", "router"]

router = APIRouter(include_in_schema=False)

FAN_RUNS = 2_000
"""Runs of the simulation behind the risk page's fan chart (the API and the CLI run more on request)."""


FAN_SEED = DEFAULT_SEED
"""The seed of that simulation: the default of ``cpfkit simulate`` and the API, so with ``--runs 2000`` they agree."""


def may_edit(principal: Principal | None, programme_id: str) -> bool:
    """Whether the person signed in edits the programme's risk register."""
    return principal is not None and principal.may_edit({programme_id})


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


def risk_context(
    store: Store, cache: OverviewCache, programme_id: str, principal: Principal | None, slots: ComputeSlots
) -> dict[str, Any]:
    """What the risk page shows: the SORT view, the register, the forms' choices and the fan chart."""
    language = current_locale.get()
    report = review(cache, store, programme_id, None, language)
    data = programme_data(cache, store, programme_id, language)
    sim = simulation(cache, store, programme_id, slots)
    register = risks_in(
        services_portfolio.risk_register(store, programme_id), programme_id, text_book(cache, store, language)
    )
    register.sort(key=lambda r: (r.status is not RiskStatus.OPEN, -list(RiskLevel).index(r.rating), r.code))
    sort = report.sort
    with speaking(language):  # the fan chart's legend and labels in the page's language
        fan = simulation_charts.fan_chart(sim)
        fan.update_layout(separators=separators(language))
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
        "can_edit": may_edit(principal, programme_id),
        "sort_labels": SORT_LABELS,
        "factor_labels": FACTOR_LABELS,
        "sim": sim,
        "runs": Decimal(FAN_RUNS),
        "seed": FAN_SEED,
        "charts": {
            "heatmap": charts.to_json(charts_risk.sort_heatmap(sort)),
            "fan": charts.to_json(fan),
        },
        "today": clock.today(),
    }


@router.get("/programmes/{programme_id}/risk", response_class=HTMLResponse)
async def risk_page(
    request: Request, programme_id: str, store: StoreDep, cache: CacheDep, principal: PrincipalDep
) -> HTMLResponse:
    """SORT heat map and ratings, the risk register, and the simulation fan chart."""
    context = await run_in_threadpool(risk_context, store, cache, programme_id, principal, compute_slots(request))
    return templates.TemplateResponse(request, "risk.html", context)
