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
seconds.  Its messages (the outcome, overcommitted years, what the shadow
prices are) and the value of binding constraints are worded in the reader's
language by :mod:`cpfkit.web.plan_messages`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from cpfkit import clock
from cpfkit.api.auth import PrincipalDep, WriterDep
from cpfkit.api.cache import CacheDep, OverviewCache
from cpfkit.api.compute import Busy, ComputeDep, ComputeSlots
from cpfkit.api.deps import StoreDep
from cpfkit.errors import CpfkitError, DataError, PermissionDenied
from cpfkit.model import to_usd
from cpfkit.model.plan import AreaShare, EnvelopeOverride, HighRiskCap, IbrdExposure, ObjectiveSettings, PlanConstraints
from cpfkit.plan.report import PlanReport
from cpfkit.reference import load_fx
from cpfkit.reports.plan import plan_xlsx
from cpfkit.reports.render import MEDIA_TYPES
from cpfkit.services import planning as services_plan
from cpfkit.services import programmes as services
from cpfkit.store import Store
from cpfkit.web import charts, charts_results
from cpfkit.web.i18n import gettext as _
from cpfkit.web.number_input import form_amount, form_number, shown
from cpfkit.web.plan_messages import dual_sentence, message_sentence
from cpfkit.web.templating import templates
from cpfkit.workplace.roles import Principal

__all__ = ["ConstraintForm", "dual_sentence", "parse_form", "router"]

router = APIRouter(include_in_schema=False)

_MILLION = Decimal(1_000_000)
_HUNDRED = Decimal(100)
_ONE = Decimal(1)
FIELDS_PREFIXES = ("env_", "min_", "max_", "op_")
SIMPLE_FIELDS = ("high_risk", "ibrd_limit", "npv_weight", "risk_adjusted")


@dataclass
class ConstraintForm:
    """The constraints an editor sent, as typed, and what they mean for the planner."""

    values: dict[str, str] = field(default_factory=dict)
    constraints: PlanConstraints = field(default_factory=PlanConstraints)
    errors: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether anything differs from the default constraints."""
        return self.constraints != PlanConstraints()


def _number(
    values: Mapping[str, str], key: str, label: str, errors: list[str], scale: Decimal = _ONE
) -> Decimal | None:
    """A number of the form in the page's language (an amount when ``scale`` is a unit such as a million)."""
    try:
        value = form_amount(values.get(key), key, scale) if scale != _ONE else form_number(values.get(key), key)
    except DataError as exc:
        errors.append(_("%(field)s: %(reason)s") % {"field": label, "reason": exc.message})
        return None
    if value is None:
        return None
    if value < 0:
        errors.append(_("%(field)s: give a number of zero or more") % {"field": label})
        return None
    return value / scale


def parse_form(values: Mapping[str, str], default: PlanReport) -> ConstraintForm:
    """The scenario of the planning form: amounts in US$ millions, shares in percent.

    Fields: ``env_<FY>`` (envelope of a fiscal year; left as the programme's
    when unchanged), ``min_<area>``/``max_<area>`` (share of commitments),
    ``high_risk`` (cap on high-risk commitments), ``op_<operation>``
    (``include``/``exclude``), ``ibrd_limit``, ``npv_weight`` and
    ``risk_adjusted`` (``on``). Unknown fields are ignored.
    """
    kept = {k: v for k, v in values.items() if k.startswith(FIELDS_PREFIXES) or k in SIMPLE_FIELDS}
    errors: list[str] = []
    envelope = []
    for y in default.fiscal_years:
        total = _number(kept, f"env_{y.fy}", _("Envelope of %(fy)s") % {"fy": y.label}, errors, _MILLION)
        if total is not None and (y.envelope_usd is None or total * _MILLION != y.envelope_usd):
            envelope.append(EnvelopeOverride(fy=y.fy, total_usd=total * _MILLION))
    areas: dict[str, AreaShare] = {}
    for code in sorted({k[4:] for k in kept if k.startswith(("min_", "max_"))}):
        low = _number(kept, f"min_{code}", _("Minimum share of %(area)s") % {"area": code}, errors)
        high = _number(kept, f"max_{code}", _("Maximum share of %(area)s") % {"area": code}, errors)
        if low is not None or high is not None:
            try:
                areas[code] = AreaShare(
                    min_share=None if low is None else low / _HUNDRED,
                    max_share=None if high is None else high / _HUNDRED,
                )
            except ValidationError:
                errors.append(
                    _("Shares of %(area)s: give percentages from 0 to 100, minimum below maximum") % {"area": code}
                )
    include = tuple(sorted(k[3:] for k, v in kept.items() if k.startswith("op_") and v == "include"))
    exclude = tuple(sorted(k[3:] for k, v in kept.items() if k.startswith("op_") and v == "exclude"))
    high_risk = _number(kept, "high_risk", _("High-risk cap"), errors)
    ibrd = _number(kept, "ibrd_limit", _("IBRD exposure limit"), errors, _MILLION)
    npv_weight = _number(kept, "npv_weight", _("NPV weight"), errors)
    risk_adjusted = kept.get("risk_adjusted", "on" if not values else "") == "on"
    constraints = PlanConstraints()
    try:
        constraints = PlanConstraints(
            envelope=tuple(envelope),
            priority_areas=areas,
            high_risk=HighRiskCap(max_share=None if high_risk is None else high_risk / _HUNDRED),
            must_include=include,
            must_exclude=exclude,
            ibrd_exposure=IbrdExposure(limit_usd=None if ibrd is None else ibrd * _MILLION),
            objective=ObjectiveSettings(npv_weight=npv_weight or Decimal(0), risk_adjusted=risk_adjusted),
        )
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"])
            errors.append(f"{where}: {err['msg']}")
    return ConstraintForm(values=kept, constraints=constraints, errors=errors)


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
    detail = cache.get(("web-programme-detail", programme_id), lambda: services.programme_detail(store, programme_id))
    default = _plan(cache, store, programme_id, day, PlanConstraints(), slots)
    error: str | None = None
    report = default
    if form is not None and not form.errors and form.changed:
        try:
            report = _plan(cache, store, programme_id, day, form.constraints, slots)
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
    limit = detail.programme.ibrd_exposure_limit
    return {
        "programme": detail.programme,
        # the programme's own limit, the field's placeholder: what applies when the field is left empty
        "ibrd_limit_default": "" if limit is None else shown(to_usd(limit, load_fx(), day)[0].amount, _MILLION),
        "areas": [(a.code, a.title) for a in detail.programme.priority_areas],
        "as_of": day,
        "report": report,
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
    """The plan under the constraints of the query (the form's fields) as an Excel workbook."""
    params = dict(request.query_params)
    day = _day(params.get("as_of"))

    def build() -> bytes:
        default = _plan(cache, store, programme_id, day, PlanConstraints(), slots)
        form = parse_form(params, default) if set(params) - {"as_of"} else ConstraintForm()
        if form.errors:
            raise CpfkitError("; ".join(form.errors))
        if form.changed and not _may_edit(principal, programme_id):
            raise PermissionDenied("only editors of the programme may plan under other constraints")
        return plan_xlsx(_plan(cache, store, programme_id, day, form.constraints, slots))

    content = await run_in_threadpool(build)
    return Response(
        content=content,
        media_type=MEDIA_TYPES["xlsx"],
        headers={"Content-Disposition": f'attachment; filename="{programme_id}-plan-{day.isoformat()}.xlsx"'},
    )
