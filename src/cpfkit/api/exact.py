"""JSON request bodies read exactly: a number with a point or an exponent becomes a ``Decimal``, never a float.

FastAPI reads a JSON body with :func:`json.loads`, which turns
``12345678901234567.89`` into the float ``1.2345678901234568e+16`` before any
model sees it.  Every API router is built with :class:`ExactRoute`, whose
requests read the body with ``parse_float=Decimal``, so a field gets the digits
that were sent and refuses (422, naming it) what it cannot keep.
``NaN`` and ``Infinity``, which :func:`json.loads` accepts though JSON has no
such numbers, are refused (400).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from decimal import Decimal
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

__all__ = ["ExactJsonRequest", "ExactRoute", "loads"]


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def loads(body: bytes | str) -> Any:
    """A JSON document with its decimal numbers as ``Decimal`` (integers stay ``int``).

    Examples:
        >>> loads(b'{"amount": 12345678901234567.89, "n": 3}')
        {'amount': Decimal('12345678901234567.89'), 'n': 3}
    """
    return json.loads(body, parse_float=Decimal, parse_constant=_no_constant)


class ExactJsonRequest(Request):
    """A request whose JSON body is read by :func:`loads`."""

    async def json(self) -> Any:
        """The body as JSON, decimals exact."""
        if not hasattr(self, "_json"):
            self._json = loads(await self.body())
        return self._json


class ExactRoute(APIRoute):
    """An API route whose JSON body is read exactly (the ``route_class`` of every API router)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """FastAPI's handler, given an :class:`ExactJsonRequest`."""
        handler = super().get_route_handler()

        async def exact(request: Request) -> Response:
            return await handler(ExactJsonRequest(request.scope, request.receive))

        return exact
