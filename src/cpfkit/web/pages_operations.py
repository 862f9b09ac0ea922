"""The page of one operation, ``/projects/{project_id}``, with its edit form for the programme's editors.

The form writes through :func:`cpfkit.workplace.editing.update`, the function behind
``PATCH /api/projects/{id}``: the same permission rule, the same version check (the form carries the
version it was read at, as ``If-Match`` would) and the same audit entry.

The commitment is typed in millions and read in the page's language
(:mod:`cpfkit.web.number_input`).  A change to more than twice or less than
half the current amount is not saved at once: the page comes back with the
old and the new amount and a form that sends the same change again with a
confirmation (no JavaScript needed); only that saves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from cpfkit import clock
from cpfkit.api.auth import PrincipalDep
from cpfkit.api.cache import CacheDep, OverviewCache, programme_data
from cpfkit.api.deps import StoreDep
from cpfkit.errors import DataError, PermissionDenied, PreconditionError
from cpfkit.model import ProjectStatus
from cpfkit.services import portfolio as services_portfolio
from cpfkit.services import project_view as services_project
from cpfkit.store import Store
from cpfkit.store.records import resource
from cpfkit.web import charts, charts_ops
from cpfkit.web.i18n import current_locale
from cpfkit.web.i18n import gettext as _
from cpfkit.web.number_input import form_amount, shown
from cpfkit.web.templating import templates
from cpfkit.workplace import editing
from cpfkit.workplace.roles import Principal

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_EDITABLE_DATES = ("approval", "effectiveness", "original_closing", "revised_closing")
_MILLION = Decimal(1_000_000)
_CONFIRM = "confirm"


@dataclass(frozen=True)
class LargeChange:
    """A money field changed to more than twice or less than half its current value."""

    field: str
    old: Decimal
    old_currency: str
    new: Decimal
    new_currency: str

    @property
    def token(self) -> str:
        """What the confirmation must carry: the field and the new amount, so a different amount asks again."""
        return f"{self.field}={self.new.normalize():f} {self.new_currency}"


def large_changes(changes: dict[str, Any], current: Any) -> list[LargeChange]:
    """The money fields of a change that move to more than twice or less than half their current value."""
    out: list[LargeChange] = []
    new = changes.get("commitment")
    before = current.commitment
    if new is not None and before is not None and before.amount > 0:
        amount = Decimal(new["amount"])
        if amount > 2 * before.amount or amount * 2 < before.amount:
            out.append(LargeChange("commitment.amount", before.amount, before.currency, amount, new["currency"]))
    return out


def review(cache: OverviewCache, store: Store, programme_id: str, as_of: date | None) -> Any:
    """The programme's portfolio review as of a date, kept per data version (shared with the portfolio page)."""
    day = as_of or clock.today()
    return cache.get(("portfolio", programme_id, day), lambda: services_portfolio.portfolio(store, programme_id, day))


def _may_edit(principal: Principal | None, programmes: frozenset[str]) -> bool:
    return principal is not None and principal.may_edit(programmes)


def _context(
    request: Request, store: Store, cache: OverviewCache, project_id: str, principal: Principal | None
) -> dict[str, Any]:
    owner = services_project.project_programme(store, project_id)
    day = clock.today()
    view = services_project.project_view(
        store,
        project_id,
        as_of=day,
        data=programme_data(cache, store, owner),
        review=review(cache, store, owner, None),
    )
    audit, audit_total = services_project.project_audit(store, project_id)
    programme = view.programme
    return {
        "view": view,
        "project": view.detail.project,
        "programme": programme,
        "areas": {a.code: a.title for a in programme.priority_areas},
        "objectives": {o.code: o.title for _a, o in programme.objectives()},
        "audit": audit,
        "audit_total": audit_total,
        "can_edit": _may_edit(principal, frozenset({programme.id, *view.detail.programmes})),
        "statuses": [s.value for s in ProjectStatus],
        "charts": {
            "scurve": charts.to_json(charts_ops.disbursement_scurve(view)),
            "ratings": charts.to_json(charts_ops.ratings_history(view)),
        },
        "locale": current_locale.get(),
        "commitment_millions": shown(view.detail.project.commitment.amount, _MILLION)
        if view.detail.project.commitment
        else "",
    }


@router.get("/projects/{project_id}", response_class=HTMLResponse)
async def project_page(
    request: Request, project_id: str, store: StoreDep, cache: CacheDep, principal: PrincipalDep
) -> HTMLResponse:
    """One operation: financing, disbursement, ratings, results, risks, flags, history; the edit form for editors."""
    context = await run_in_threadpool(_context, request, store, cache, project_id, principal)
    return templates.TemplateResponse(request, "project.html", context)


def _changes(form: dict[str, str], current: Any) -> dict[str, Any]:
    """The fields of the form that differ from the record, as a ``PATCH`` body."""
    out: dict[str, Any] = {}
    for name in ("name", "status", "implementing_agency"):
        if name in form:
            value = form[name].strip() or None
            if value != getattr(current, name):
                out[name] = value
    dates: dict[str, Any] = {}
    for name in _EDITABLE_DATES:
        key = f"dates.{name}"
        if key in form:
            text = form[key].strip()
            try:
                day = date.fromisoformat(text) if text else None
            except ValueError:
                raise DataError(_("not a date (YYYY-MM-DD)"), field=key) from None
            if day != current.dates.get(name):
                dates[name] = day
    if dates:
        out["dates"] = dates
    if "commitment.amount" in form:
        currency = form.get("commitment.currency", "").strip().upper()
        amount = form_amount(form["commitment.amount"], "commitment.amount", _MILLION)
        if amount is not None and not currency:
            raise DataError(
                _("give the currency of the commitment (no currency is assumed)"), field="commitment.currency"
            )
        before = current.commitment
        if amount is None:
            if before is not None:
                out["commitment"] = None
        elif before is None or before.amount != amount or before.currency != currency:
            out["commitment"] = {"amount": amount, "currency": currency}
    return out


def _refuse(request: Request, status: int, title: str, message: str, project_id: str) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "refused.html",
        {"title": title, "message": message, "back": f"/projects/{project_id}"},
        status_code=status,
    )


@router.post("/projects/{project_id}", response_class=HTMLResponse)
async def edit_project(
    request: Request, project_id: str, store: StoreDep, cache: CacheDep, principal: PrincipalDep
) -> HTMLResponse:
    """Save the edit form: editors and administrators of the programme, with the CSRF token and the version read."""
    raw = await request.form()
    form = {k: v for k, v in raw.items() if isinstance(v, str)}
    if principal is None:
        return _refuse(
            request, 403, _("Not signed in"), _("Sign in as an editor of this programme to change it."), project_id
        )
    if not principal.csrf_token or form.get("csrf_token") != principal.csrf_token:
        return _refuse(
            request,
            403,
            _("Form expired"),
            _("The form did not carry this session's security token. Open the page again and resubmit."),
            project_id,
        )
    res = resource("projects")
    programmes = await run_in_threadpool(services_project.project_programmes, store, project_id)
    if not _may_edit(principal, programmes):
        message = _("%(name)s is a %(role)s and may not change the operations of %(programme)s.") % {
            "name": principal.name,
            "role": _(principal.role.value),
            "programme": ", ".join(sorted(programmes)),
        }
        return _refuse(request, 403, _("Not allowed"), message, project_id)
    notice: dict[str, str] | None = None
    status = 200
    try:
        version = int(form.get("version", ""))
    except ValueError:
        version = -1
    try:
        current = await run_in_threadpool(editing.get, store, res, project_id)
        if version != current.version:  # type: ignore[attr-defined]
            raise PreconditionError("stale")
        changes = _changes(form, current)
        large = large_changes(changes, current)
        if large and form.get(_CONFIRM) != " ".join(c.token for c in large):
            res.update_schema.model_validate(changes)  # a change that would be refused is refused before asking
            context = await run_in_threadpool(_context, request, store, cache, project_id, principal)
            context["notice"] = {
                "kind": "info",
                "text": _("Nothing has been saved yet: confirm the large change below, or cancel it."),
            }
            context["confirm"] = {
                "changes": [_described(c) for c in large],
                "fields": {k: v for k, v in form.items() if k != _CONFIRM},
                "token": " ".join(c.token for c in large),
            }
            return templates.TemplateResponse(request, "project.html", context)
        if changes:
            payload = res.update_schema.model_validate(changes)
            await run_in_threadpool(editing.update, store, res, project_id, payload, version, principal)
            notice = {"kind": "ok", "text": _("Saved. The change is in the history below.")}
        else:
            notice = {"kind": "info", "text": _("Nothing changed.")}
    except PreconditionError:
        status = 409
        notice = {
            "kind": "alert",
            "text": _(
                "Someone changed this operation after you opened the form; nothing was saved. "
                "The form now shows the current values: make your change again."
            ),
        }
    except (DataError, ValidationError) as exc:
        status = 422
        notice = {"kind": "alert", "text": _("Not saved: %(reason)s") % {"reason": _reason(exc)}}
    except PermissionDenied as exc:
        return _refuse(request, 403, _("Not allowed"), str(exc), project_id)
    context = await run_in_threadpool(_context, request, store, cache, project_id, principal)
    context["notice"] = notice
    return templates.TemplateResponse(request, "project.html", context, status_code=status)


def _money_text(amount: Decimal, currency: str) -> str:
    return _("%(amount)s million %(currency)s") % {
        "amount": format_decimal(amount / _MILLION, locale=current_locale.get(), decimal_quantization=False),
        "currency": currency,
    }


def _described(change: LargeChange) -> str:
    """One large change in words: the field, the old and the new amount, and how far apart they are."""
    values = {
        "field": _("Commitment"),
        "old": _money_text(change.old, change.old_currency),
        "new": _money_text(change.new, change.new_currency),
    }
    if change.new > change.old:
        return _("%(field)s: %(old)s → %(new)s, more than twice the current amount.") % values
    return _("%(field)s: %(old)s → %(new)s, less than half the current amount.") % values


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ()))
        return f"{where}: {err.get('msg', '')}"
    return str(exc)
