"""Errors as ``application/problem+json`` (RFC 9457), one status per cpfkit error, in one place."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from cpfkit.errors import CpfkitError, DataError, FxRateMissing, NotFound, StoreError

__all__ = ["install_error_handlers", "problem"]

PROBLEM = "application/problem+json"


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    """A problem+json response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def _status(exc: CpfkitError) -> tuple[int, str]:
    if isinstance(exc, NotFound):
        return 404, "Not Found"
    if isinstance(exc, (DataError, FxRateMissing)):
        return 422, "Unprocessable Content"
    if isinstance(exc, StoreError):
        return 503, "Service Unavailable"
    return 400, "Bad Request"


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error with problem+json, naming the field where there is one."""

    @app.exception_handler(CpfkitError)
    async def _cpfkit(_request: Request, exc: CpfkitError) -> JSONResponse:
        status, title = _status(exc)
        extra: dict[str, Any] = {}
        if isinstance(exc, DataError):
            extra = {k: v for k, v in {"file": exc.file, "record": exc.record, "field": exc.field}.items() if v}
        return problem(status, title, str(exc), **extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
        field = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path"))
        return problem(
            422,
            "Unprocessable Content",
            f"{field or 'request'}: {first.get('msg')}",
            field=field,
            errors=[{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in errors],
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail), str(exc.detail))
