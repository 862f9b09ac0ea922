"""The forms of the risk page: add an entry to the register, close one (editors of the programme, audited).

A refused or failed write shows the risk page again with its reason; a missing required field is named
beside it (422, nothing stored).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from cpfkit import clock
from cpfkit.api.auth import PrincipalDep
from cpfkit.api.cache import CacheDep, OverviewCache
from cpfkit.api.compute import compute_slots
from cpfkit.api.deps import StoreDep
from cpfkit.errors import CpfkitError
from cpfkit.services import portfolio as services_portfolio
from cpfkit.store import Store
from cpfkit.web.i18n import N_
from cpfkit.web.i18n import gettext as _
from cpfkit.web.pages_risk import may_edit, risk_context
from cpfkit.web.templating import templates
from cpfkit.workplace.roles import Principal

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


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
    if not may_edit(principal, programme_id):
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
    context = await run_in_threadpool(risk_context, store, cache, programme_id, principal, compute_slots(request))
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
    context = await run_in_threadpool(risk_context, store, cache, programme_id, principal, compute_slots(request))
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
