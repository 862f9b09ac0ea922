"""The planning page: adjust the constraints of a programme's pipeline plan and see the plan change.

Everyone who may read the programme sees the plan under its default
constraints (the envelope and the pipeline's windows). Changing constraints
runs the solver, so only editors of the programme and administrators may do
it: the form is a POST carrying the session's CSRF token, and the Excel export
with changed constraints (``plan.xlsx?…``) checks the same right. The plan is
not stored: nothing is written, so there is no version check or audit entry.

The plan comes from :func:`cpfkit.services.planning.plan`, the service behind
``cpfkit plan`` and ``POST /api/programmes/{id}/plan``; the page asks for the
LP relaxation's shadow prices only (no re-solves), so that it answers in
seconds.  The form is read by :mod:`cpfkit.web.plan_form`.  Its messages
(the outcome, overcommitted years, what the shadow prices are) and the value
of binding constraints are worded in the reader's language by
:mod:`cpfkit.web.plan_messages`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from cpfkit import clock
from cpfkit.api.auth import PrincipalDep, WriterDep
from cpfkit.api.cache import CacheDep, OverviewCache, programme_data
from cpfkit.api.compute import Busy, ComputeDep, ComputeSlots
from cpfkit.api.deps import StoreDep
from cpfkit.errors import CpfkitError, PermissionDenied
from cpfkit.model import to_usd
from cpfkit.model.plan import PlanConstraints
from cpfkit.plan.report import PlanReport
from cpfkit.reference import load_fx
from cpfkit.reports.render import MEDIA_TYPES
from cpfkit.services import planning as services_plan
from cpfkit.store import Store
from cpfkit.web import charts, charts_results
from cpfkit.web.i18n import current_locale
from cpfkit.web.i18n import gettext as _
from cpfkit.web.i18n import shown as in_locale
from cpfkit.web.number_input import shown
from cpfkit.web.plan_form import ConstraintForm, parse_form
from cpfkit.web.plan_messages import dual_sentence, message_sentence
from cpfkit.web.templating import templates
from cpfkit.workplace.roles import Principal

__all__ = ["ConstraintForm", "dual_sentence", "parse_form", "router"]

router = APIRouter(include_in_schema=False)

_MILLION = Decimal(1_000_000)


def _plan(
    cache: OverviewCache, store: Store, programme_id: str, day: date, constraints: PlanConstraints, slots: ComputeSlots
) -> PlanReport:
    key = ("plan-page", programme_id, day, constraints.model_dump_json())
    return cache.get(  # computing a plan (not reading it from the cache) takes one of the server's compute slots
        key,
        lambda: slots.run(
            lambda: services_plan.plan(
                store, programme_id, constraints, origin="planning page", as_of=day, exact_marginals=False
            )
        ),
    )


def _may_edit(principal: Principal | None, programme_id: str) -> bool:
    return principal is not None and principal.may_edit({programme_id})


def _context(
    cache: OverviewCache,
    store: Store,
    programme_id: str,
    day: date,
    form: ConstraintForm | None,
    principal: Principal | None,
    slots: ComputeSlots,
) -> dict[str, Any]:
    """Everything the planning page shows: the form (as sent), the plan, its chart, the binding constraints."""
    data = programme_data(cache, store, programme_id, current_locale.get())  # in the page's language
    programme = data.programme
    default = services_plan.named_as(_plan(cache, store, programme_id, day, PlanConstraints(), slots), data)
    error: str | None = None
    report = default
    if form is not None and not form.errors and form.changed:
        try:
            report = services_plan.named_as(_plan(cache, store, programme_id, day, form.constraints, slots), data)
        except Busy:
            raise  # not a fault of the constraints: the busy page
        except CpfkitError as exc:
            error = str(exc)
    values = dict(form.values) if form is not None else {}
    for y in default.fiscal_years:
        if y.envelope_usd is not None:
            values.setdefault(f"env_{y.fy}", shown(y.envelope_usd, _MILLION))
    if form is None:
        values.setdefault("risk_adjusted", "on")
    candidates = sorted(
        [(p.project, p.name, p.cost_usd, p.illustrative) for p in default.selected]
        + [(s.project, s.name, s.cost_usd, False) for s in default.not_selected]
    )
    binding = [d for d in report.duals if d.binding or d.lp_binding]
    query = {"as_of": day.isoformat(), **{k: v for k, v in values.items() if v}}
    xlsx = f"/programmes/{programme_id}/plan.xlsx?" + urlencode(
        query if form is not None else {"as_of": day.isoformat()}
    )
    limit = programme.ibrd_exposure_limit
    return {
        "programme": programme,
        # the programme's own limit, the field's placeholder: what applies when the field is left empty
        "ibrd_limit_default": "" if limit is None else shown(to_usd(limit, load_fx(), day)[0].amount, _MILLION),
        "areas": [(a.code, a.title) for a in programme.priority_areas],
        "as_of": day,
        "report": _in_locale(report),
        "changed": form is not None and form.changed and not form.errors and error is None,
        "values": values,
        "errors": (form.errors if form is not None else []) + ([error] if error else []),
        "candidates": candidates,
        "binding": [(d, dual_sentence(d, nothing_to_choose=report.nothing_to_choose)) for d in binding],
        "outcome": message_sentence(report.messages[0]),
        "warnings": [(m, message_sentence(m)) for m in report.messages[1:] if m.severity != "info"],
        "duals_notes": [message_sentence(m) for m in report.messages if m.code.startswith("duals_")],
        "chart": charts.to_json(charts_results.plan_envelope(report, _)),
        "may_edit": _may_edit(principal, programme_id),
        "signed_in": principal is not None,
        "xlsx": xlsx,
        "planned_total": sum((p.cost_usd for p in report.selected), Decimal(0)),
    }


def _in_locale(report: PlanReport) -> PlanReport:
    """The report with its notes, risk adjustment and the reasons for what it leaves out in the reader's language."""
    return replace(
        report,
        notes=tuple(in_locale(m) for m in report.note_messages) or report.notes,
        risk_adjustment=in_locale(report.risk_adjustment_message or report.risk_adjustment),
        not_selected=tuple(
            replace(s, reason=in_locale(s.reason_message)) if s.reason_message else s for s in report.not_selected
        ),
    )


@router.get("/programmes/{programme_id}/plan", response_class=HTMLResponse)
async def plan_page(
    request: Request,
    programme_id: str,
    store: StoreDep,
    cache: CacheDep,
    principal: PrincipalDep,
    slots: ComputeDep,
    as_of: Annotated[date | None, Query()] = None,
) -> HTMLResponse:
    """The plan of the pipeline under the default constraints, with the form to change them."""
    day = as_of or clock.today()
    context = await run_in_threadpool(_context, cache, store, programme_id, day, None, principal, slots)
    return templates.TemplateResponse(request, "plan.html", context)


@router.post("/programmes/{programme_id}/plan", response_class=HTMLResponse)
async def plan_submit(
    request: Request, programme_id: str, store: StoreDep, cache: CacheDep, principal: WriterDep, slots: ComputeDep
) -> HTMLResponse:
    """Re-plan under the constraints of the form (editors of the programme and administrators)."""
    if not _may_edit(principal, programme_id):
        raise PermissionDenied(f"{principal.name} is not an editor of {programme_id}: only editors change constraints")
    posted = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    day = _day(posted.get("as_of"))
    context = await run_in_threadpool(_form_context, cache, store, programme_id, day, posted, principal, slots)
    status = 422 if context["errors"] else 200
    return templates.TemplateResponse(request, "plan.html", context, status_code=status)


def _day(text: str | None) -> date:
    try:
        return date.fromisoformat(text) if text else clock.today()
    except ValueError:
        return clock.today()


def _form_context(
    cache: OverviewCache,
    store: Store,
    programme_id: str,
    day: date,
    posted: dict[str, str],
    principal: Principal | None,
    slots: ComputeSlots,
) -> dict[str, Any]:
    default = _plan(cache, store, programme_id, day, PlanConstraints(), slots)
    return _context(cache, store, programme_id, day, parse_form(posted, default), principal, slots)


@router.get("/programmes/{programme_id}/plan.xlsx")
async def plan_xlsx_download(
    request: Request, programme_id: str, store: StoreDep, cache: CacheDep, principal: PrincipalDep, slots: ComputeDep
) -> Response:
    """The plan under the constraints of the query (the form's fields) as an Excel workbook, in the page's language."""
    from cpfkit.reports.plan_xlsx import plan_xlsx  # openpyxl: loaded when a workbook is asked for

    params = {k: v for k, v in request.query_params.items() if k != "lang"}
    day, lang = _day(params.get("as_of")), current_locale.get()

    def build() -> bytes:
        default = _plan(cache, store, programme_id, day, PlanConstraints(), slots)
        form = parse_form(params, default) if set(params) - {"as_of"} else ConstraintForm()
        if form.errors:
            raise CpfkitError("; ".join(form.errors))
        if form.changed and not _may_edit(principal, programme_id):
            raise PermissionDenied("only editors of the programme may plan under other constraints")
        data = programme_data(cache, store, programme_id, lang)  # the names in the page's language
        return plan_xlsx(
            services_plan.named_as(_plan(cache, store, programme_id, day, form.constraints, slots), data), lang
        )

    content = await run_in_threadpool(build)
    return Response(
        content=content,
        media_type=MEDIA_TYPES["xlsx"],
        headers={"Content-Disposition": f'attachment; filename="{programme_id}-plan-{day.isoformat()}.xlsx"'},
    )
