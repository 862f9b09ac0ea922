"""The language of each request: asked for, the user's own, the cookie's, or the browser's.

* ``?lang=en|ru|kk`` on any page sets the ``cpfkit_lang`` cookie (a year, SameSite=Lax) and, for a
  signed-in user, stores the choice on their account;
* otherwise a signed-in user's stored language, then the cookie, then the browser's
  ``Accept-Language``; English when none of them names a language of the pages.

:class:`LanguageMiddleware` settles what the request itself says (query, cookie, header) before any
route runs; :func:`use_locale`, a dependency of every route, then puts the signed-in user's choice
first.  Both set :data:`cpfkit.web.i18n.current_locale`, which the templates and filters read.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cpfkit.api.auth import PrincipalDep
from cpfkit.store import Store
from cpfkit.web.i18n import LOCALES, choose_locale, current_locale
from cpfkit.workplace.users import set_locale

__all__ = ["LANG_COOKIE", "LANG_COOKIE_MAX_AGE", "LanguageMiddleware", "lang_url", "use_locale"]

LANG_COOKIE = "cpfkit_lang"
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600
_ASKED = "cpfkit_lang_asked"
_CHOSEN = "cpfkit_locale"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _asked(scope: Scope) -> str | None:
    for key, value in parse_qsl(scope.get("query_string", b"").decode("latin-1")):
        if key == "lang":
            return value if value in LOCALES else None
    return None


def _cookie(scope: Scope) -> str | None:
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # noqa: BLE001 - a malformed cookie header is ignored, not an error
        return None
    morsel = jar.get(LANG_COOKIE)
    return morsel.value if morsel is not None else None


class LanguageMiddleware:
    """Choose the request's language from the query, cookie and header; set the cookie when asked."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Set the locale for the request, and tell the response which one it was."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        asked = _asked(scope)
        locale = choose_locale(asked, None, _cookie(scope), _header(scope, b"accept-language"))
        state = scope.setdefault("state", {})
        state[_ASKED] = asked
        state[_CHOSEN] = locale

        async def with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"content-language", state.get(_CHOSEN, locale).encode()))
                headers.append((b"vary", b"Accept-Language, Cookie"))
                if asked is not None:
                    secure = "; Secure" if scope.get("scheme") == "https" else ""
                    cookie = f"{LANG_COOKIE}={asked}; Max-Age={LANG_COOKIE_MAX_AGE}; Path=/; SameSite=Lax{secure}"
                    headers.append((b"set-cookie", cookie.encode()))
                message["headers"] = headers
            await send(message)

        token = current_locale.set(locale)
        try:
            await self.app(scope, receive, with_language)
        finally:
            current_locale.reset(token)


async def use_locale(request: Request, principal: PrincipalDep) -> None:
    """Put a signed-in user's language first; store the language they ask for on their account."""
    if principal is None or principal.via == "cli":
        return
    asked = getattr(request.state, _ASKED, None)
    if asked is not None:
        if principal.via == "web" and asked != principal.locale:
            store: Store = request.app.state.store
            await run_in_threadpool(set_locale, store, principal.name, asked, principal.actor())
        return
    if principal.locale in LOCALES:
        current_locale.set(principal.locale)
        setattr(request.state, _CHOSEN, principal.locale)


def lang_url(request: Request, lang: str) -> str:
    """The current page (path and query) in another language: ``?lang=`` replaced."""
    query = [(k, v) for k, v in parse_qsl(request.url.query, keep_blank_values=True) if k != "lang"]
    return f"{request.url.path}?{urlencode([*query, ('lang', lang)])}"
