"""The forms of the overview page that close and reopen a programme's period (administrators, audited).

Editors and readers see the closed period without the forms; a refused or failed write shows why.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from cpfkit.api.auth import PrincipalDep
from cpfkit.api.deps import StoreDep
from cpfkit.errors import CpfkitError
from cpfkit.services import periods
from cpfkit.web.i18n import gettext as _
from cpfkit.web.templating import templates
from cpfkit.workplace.roles import Principal

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _refuse(request: Request, status: int, title: str, message: str, back: str) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "refused.html", {"title": title, "message": message, "back": back}, status_code=status
    )


async def _admin_form(
    request: Request, principal: Principal | None, back: str
) -> tuple[dict[str, str], Response | None]:
    """The form, and None when the caller is an administrator with this session's token; else the refusal page."""
    raw = await request.form()
    form = {k: v for k, v in raw.items() if isinstance(v, str)}
    if principal is None:
        return form, _refuse(request, 403, _("Not signed in"), _("Sign in as an administrator."), back)
    if not principal.csrf_token or form.get("csrf_token") != principal.csrf_token:
        message = _("The form did not carry this session's security token. Open the page again and resubmit.")
        return form, _refuse(request, 403, _("Form expired"), message, back)
    if not principal.is_admin:
        message = _("Only administrators may close or reopen a period; %(name)s is a %(role)s.") % {
            "name": principal.name,
            "role": _(principal.role.value),
        }
        return form, _refuse(request, 403, _("Not allowed"), message, back)
    if form.get("confirm") != "yes":
        return form, _refuse(request, 422, _("Not saved"), _("Tick the confirmation to go on."), back)
    return form, None


@router.post("/programmes/{programme_id}/period/close")
async def close_period(request: Request, programme_id: str, store: StoreDep, principal: PrincipalDep) -> Response:
    """Close the programme's period up to the day given, with the reason given."""
    back = f"/programmes/{programme_id}#period"
    form, refused = await _admin_form(request, principal, back)
    if refused is not None:
        return refused
    try:
        until = date.fromisoformat(form.get("until", ""))
    except ValueError:
        return _refuse(request, 422, _("Not saved"), _("not a date (YYYY-MM-DD)"), back)
    try:
        await run_in_threadpool(periods.close, store, programme_id, until, form.get("reason", ""), principal=principal)
    except CpfkitError as exc:
        return _refuse(request, 409, _("Not saved"), str(exc), back)
    return RedirectResponse(back, status_code=303)


@router.post("/programmes/{programme_id}/period/reopen")
async def reopen_period(request: Request, programme_id: str, store: StoreDep, principal: PrincipalDep) -> Response:
    """Reopen the programme's closed period, with the reason given."""
    back = f"/programmes/{programme_id}#period"
    form, refused = await _admin_form(request, principal, back)
    if refused is not None:
        return refused
    try:
        await run_in_threadpool(periods.reopen, store, programme_id, form.get("reason", ""), principal=principal)
    except CpfkitError as exc:
        return _refuse(request, 409, _("Not saved"), str(exc), back)
    return RedirectResponse(back, status_code=303)
