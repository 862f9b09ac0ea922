"""The language the API answers in: ``?lang=ru|kk|en``, else the ``Accept-Language`` header, else English.

The data's texts (titles, names, descriptions, notes) come in that language where the
programme's translations have them, and in English otherwise
(:mod:`cpfkit.services.translations`).  A response that depends on it says which
language it is in (``Content-Language``) and that it varies with ``Accept-Language``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cpfkit.services.translations import LANGUAGES, normalise_language

__all__ = ["DataLanguage", "DataLanguageHeaders", "accepted", "data_language"]

_STATE = "cpfkit_data_language"

LangQuery = Annotated[
    Literal["en", "ru", "kk"] | None,
    Query(
        description="Language of the data's texts (titles, names, descriptions, notes): en, ru or kk. "
        "Wins over the Accept-Language header; a text without a translation is given in English."
    ),
]


async def data_language(request: Request, lang: LangQuery = None) -> str:
    """The language of the data's texts in this response (and noted for :class:`DataLanguageHeaders`)."""
    chosen = normalise_language(lang or accepted(request.headers.get("accept-language")))
    request.state.cpfkit_data_language = chosen
    return chosen


def accepted(header: str | None) -> str:
    """The language of the data an ``Accept-Language`` header prefers (English when it names none of them).

    Examples:
        >>> accepted("kk-KZ,ru;q=0.9,en;q=0.8")
        'kk'
        >>> accepted("de-DE,ru;q=0.5")
        'ru'
        >>> accepted(None)
        'en'
    """
    best, best_q = "en", 0.0
    for part in (header or "").split(","):
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower().split("-")[0]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if code in LANGUAGES and q > best_q:
            best, best_q = code, q
    return best


DataLanguage = Annotated[str, Depends(data_language)]


class DataLanguageHeaders:
    """Adds ``Content-Language`` and ``Vary: Accept-Language`` to the responses whose texts follow a language."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers to the start of a response whose language was chosen."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                language = scope.get("state", {}).get(_STATE)
                if language:
                    headers = MutableHeaders(scope=message)
                    headers["Content-Language"] = language
                    vary = [v.strip() for v in headers.get("Vary", "").split(",") if v.strip()]
                    if "accept-language" not in {v.lower() for v in vary}:
                        headers["Vary"] = ", ".join([*vary, "Accept-Language"])
            await send(message)

        await self.app(scope, receive, sending)
