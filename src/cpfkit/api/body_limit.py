"""A ceiling on request bodies: anything larger is answered 413 before a byte of it is parsed.

Two ways a body announces itself, two checks:

* with ``Content-Length``: a declared length above the limit is refused at once — the application
  (routing, authentication, the JSON or form parser) never runs and the body is never read;
* without one (``Transfer-Encoding: chunked``): the bytes are counted as they arrive, and the first
  chunk that passes the limit stops the request; the application never receives that chunk or any
  after it, so memory never holds more than the limit whatever the sender keeps sending.

Either way the answer is ``413 Content Too Large`` as ``application/problem+json`` naming the limit,
with ``Connection: close`` so that the server stops reading the rest.  The same middleware guards the
API, the pages' form posts and any upload.

Starlette's own ``RequestBodyLimitMiddleware`` (``FastAPI(max_body_size=…)``) answers in plain text
and replaces every answer to an over-long ``Content-Length`` only once the application has run; cpfkit
answers every error as problem+json, so it keeps its own, small, middleware.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cpfkit.api.errors import problem

__all__ = ["BodyLimit", "BodyTooLarge"]


class BodyTooLarge(Exception):
    """Raised to the application when the body it is reading passes the limit (it must not go on)."""


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(scope: Scope, send: Send, limit: int) -> None:
    response = problem(
        413,
        "Content Too Large",
        f"the request body is larger than this server accepts ({limit:,} bytes; CPFKIT_MAX_BODY_BYTES)",
        limit=limit,
    )
    response.headers["Connection"] = "close"

    async def nothing() -> Message:  # the body is not read
        return {"type": "http.disconnect"}

    await response(scope, nothing, send)


class BodyLimit:
    """Refuse request bodies longer than ``max_bytes`` with 413, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse a declared over-long body at once; count a streamed one and stop it at the limit."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            await _refuse(scope, send, self.max_bytes)
            return
        counted = 0
        exceeded = False
        started = False

        async def counting() -> Message:
            nonlocal counted, exceeded
            if exceeded:
                raise BodyTooLarge
            message = await receive()
            if message["type"] == "http.request":
                counted += len(message.get("body", b""))
                if counted > self.max_bytes:
                    exceeded = True
                    raise BodyTooLarge
            return message

        async def watching(message: Message) -> None:
            nonlocal started
            if exceeded and not started:
                return  # whatever the application makes of the cut body, the answer is the 413 below
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting, watching)
        except Exception:
            if not exceeded or started:
                raise
        if exceeded and not started:
            await _refuse(scope, send, self.max_bytes)
