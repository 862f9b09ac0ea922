"""Errors as ``application/problem+json`` (RFC 9457), one status per cpfkit error, in one place."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError as DatabaseDataError
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from cpfkit.errors import (
    Conflict,
    CpfkitError,
    DataError,
    DuplicateIdentifier,
    FxRateMissing,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    PreconditionError,
    StoreError,
    Throttled,
    VersionMismatch,
    VersionRequired,
)

__all__ = ["install_error_handlers", "problem"]

PROBLEM = "application/problem+json"
_log = logging.getLogger("cpfkit.api")


def _message(text: str) -> str:
    """A validation message without pydantic's ``Value error,`` prefix."""
    return text.removeprefix("Value error, ")


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    """A problem+json response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def _status(exc: CpfkitError) -> tuple[int, str]:
    if isinstance(exc, NotFound):
        return 404, "Not Found"
    if isinstance(exc, (Conflict, DuplicateIdentifier)):
        return 409, "Conflict"
    if isinstance(exc, NotAuthenticated):
        return 401, "Unauthorized"
    if isinstance(exc, PermissionDenied):
        return 403, "Forbidden"
    if isinstance(exc, Throttled):
        return 429, "Too Many Requests"
    if isinstance(exc, VersionRequired):
        return 428, "Precondition Required"
    if isinstance(exc, PreconditionError):
        return 412, "Precondition Failed"
    if isinstance(exc, (DataError, FxRateMissing)):
        return 422, "Unprocessable Content"
    if isinstance(exc, StoreError):
        return 503, "Service Unavailable"
    return 400, "Bad Request"


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error with problem+json, naming the field where there is one."""

    @app.exception_handler(CpfkitError)
    async def _cpfkit(request: Request, exc: CpfkitError) -> Response:
        status, title = _status(exc)
        if status == 401 and not request.url.path.startswith("/api/"):  # a page: go and sign in
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        extra: dict[str, Any] = {}
        if isinstance(exc, DataError):
            extra = {k: v for k, v in {"file": exc.file, "record": exc.record, "field": exc.field}.items() if v}
        if isinstance(exc, VersionMismatch) and exc.current is not None:
            extra["current_version"] = exc.current
        response = problem(status, title, str(exc), **extra)
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="cpfkit"'
        if isinstance(exc, Throttled):
            response.headers["Retry-After"] = str(exc.retry_after)
        if isinstance(exc, VersionMismatch) and exc.current is not None:
            response.headers["ETag"] = f'"{exc.current}"'
        if status == 503:
            response.headers["Retry-After"] = "5"
        return response

    @app.exception_handler(DatabaseDataError)
    async def _database_refused(_request: Request, exc: DatabaseDataError) -> JSONResponse:
        return problem(422, "Unprocessable Content", f"the database refused a value: {str(exc.orig).splitlines()[0]}")

    @app.exception_handler(IntegrityError)
    async def _integrity(_request: Request, exc: IntegrityError) -> JSONResponse:
        return problem(409, "Conflict", "the change clashes with stored data (a duplicate or a broken link)")

    @app.exception_handler(OperationalError)
    async def _busy(_request: Request, exc: OperationalError) -> JSONResponse:
        response = problem(
            503, "Service Unavailable", f"the database is busy or unreachable: {str(exc.orig).splitlines()[0]}"
        )
        response.headers["Retry-After"] = "1"
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
        field = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path"))
        return problem(
            422,
            "Unprocessable Content",
            f"{field or 'request'}: {_message(str(first.get('msg')))}",
            field=field,
            errors=[{"field": ".".join(str(p) for p in e["loc"]), "message": _message(e["msg"])} for e in errors],
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        response = problem(exc.status_code, str(exc.detail), str(exc.detail))
        response.headers.update(exc.headers or {})  # e.g. ``Allow`` on a 405
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        """Anything else is a fault of cpfkit's: logged with its traceback, answered as a problem, never as text."""
        _log.error("unexpected error answering %s %s", request.method, request.url.path, exc_info=exc)
        return problem(
            500,
            "Internal Server Error",
            f"cpfkit could not answer this request ({type(exc).__name__}); the error is in the server's log",
        )
