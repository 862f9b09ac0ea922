"""The page of one operation, ``/projects/{project_id}``, with its edit form for the programme's editors.

The form writes through :func:`cpfkit.workplace.editing.update`, the function behind
``PATCH /api/projects/{id}``: the same permission rule, the same version check (the form carries the
version it was read at, as ``If-Match`` would) and the same audit entry.

The form is read by :mod:`cpfkit.web.project_form`: the commitment is typed in millions and read in
the page's language.  A change to more than twice or less than half the current amount is not saved at
once: the page comes back with the old and the new amount and a form that sends the same change again
with a confirmation (no JavaScript needed); only that saves it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from cpfkit import clock
from cpfkit.api.auth import PrincipalDep
from cpfkit.api.cache import CacheDep, OverviewCache, programme_data, text_book
from cpfkit.api.deps import StoreDep
from cpfkit.errors import DataError, PermissionDenied, PreconditionError
from cpfkit.model import ProjectStatus
from cpfkit.services import portfolio as services_portfolio
from cpfkit.services import project_view as services_project
from cpfkit.services.translations import normalise_language
from cpfkit.store import Store
from cpfkit.store.records import resource
from cpfkit.web import charts, charts_disbursement, charts_ratings
from cpfkit.web.i18n import current_locale
from cpfkit.web.i18n import gettext as _
from cpfkit.web.number_input import shown
from cpfkit.web.project_form import CONFIRM, described, form_changes, large_changes, reason
from cpfkit.web.templating import templates
from cpfkit.workplace import editing
from cpfkit.workplace.roles import Principal

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_MILLION = Decimal(1_000_000)


def review(cache: OverviewCache, store: Store, programme_id: str, as_of: date | None, language: str = "en") -> Any:
    """The programme's portfolio review as of a date, kept per data version and language.

    Shared with the portfolio page; its texts are those of the page's language where translated.
    """
    day = as_of or clock.today()
    language = normalise_language(language)
    if language == "en":
        return cache.get(
            ("portfolio", programme_id, day), lambda: services_portfolio.portfolio(store, programme_id, day)
        )
    return cache.get(
        ("portfolio", programme_id, day, language),
        lambda: services_portfolio.portfolio(store, programme_id, day, book=text_book(cache, store, language)),
    )


def _may_edit(principal: Principal | None, programmes: frozenset[str]) -> bool:
    return principal is not None and principal.may_edit(programmes)


def _context(
    request: Request, store: Store, cache: OverviewCache, project_id: str, principal: Principal | None
) -> dict[str, Any]:
    owner = services_project.project_programme(store, project_id)
    day = clock.today()
    locale = current_locale.get()
    view = services_project.project_view(
        store,
        project_id,
        as_of=day,
        data=programme_data(cache, store, owner, locale),
        review=review(cache, store, owner, None, locale),
    )
    # the edit form shows and compares the English data of record, whatever the page's language
    record = next((p for p in programme_data(cache, store, owner).projects if p.id == project_id), None)
    audit, audit_total = services_project.project_audit(store, project_id)
    programme = view.programme
    return {
        "view": view,
        "project": view.detail.project,
        "record": record or view.detail.project,
        "programme": programme,
        "areas": {a.code: a.title for a in programme.priority_areas},
        "objectives": {o.code: o.title for _a, o in programme.objectives()},
        "audit": audit,
        "audit_total": audit_total,
        "can_edit": _may_edit(principal, frozenset({programme.id, *view.detail.programmes})),
        "statuses": [s.value for s in ProjectStatus],
        "charts": {
            "scurve": charts.to_json(charts_disbursement.disbursement_scurve(view)),
            "ratings": charts.to_json(charts_ratings.ratings_history(view)),
        },
        "locale": locale,
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
        changes = form_changes(form, current)
        large = large_changes(changes, current)
        if large and form.get(CONFIRM) != " ".join(c.token for c in large):
            res.update_schema.model_validate(changes)  # a change that would be refused is refused before asking
            context = await run_in_threadpool(_context, request, store, cache, project_id, principal)
            context["notice"] = {
                "kind": "info",
                "text": _("Nothing has been saved yet: confirm the large change below, or cancel it."),
            }
            context["confirm"] = {
                "changes": [described(c) for c in large],
                "fields": {k: v for k, v in form.items() if k != CONFIRM},
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
        notice = {"kind": "alert", "text": _("Not saved: %(reason)s") % {"reason": reason(exc)}}
    except PermissionDenied as exc:
        return _refuse(request, 403, _("Not allowed"), str(exc), project_id)
    context = await run_in_threadpool(_context, request, store, cache, project_id, principal)
    context["notice"] = notice
    return templates.TemplateResponse(request, "project.html", context, status_code=status)
