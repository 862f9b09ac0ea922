"""Translation of the pages: the locale of the current request and the gettext callables of the templates.

Templates mark text with ``{{ _("Envelope") }}``, ``{% trans %}…{% endtrans %}`` or
``{{ ngettext("%(num)d operation", "%(num)d operations", n) }}``; Python code with
:func:`gettext` (imported as ``_``), :func:`ngettext`, and :func:`N_` for a string
translated later (a status or role name looked up when shown).  The callables look
the text up in the catalog of the request's locale (:data:`current_locale`).

The catalogs, their fallbacks (Kazakh to Russian, then English) and the formats of each
language are :mod:`cpfkit.language`'s, shared with the reports and the CLI; this module
only ties them to the request being served.
"""

from __future__ import annotations

from contextvars import ContextVar

from babel.core import negotiate_locale
from jinja2 import Environment

from cpfkit.language import catalogs
from cpfkit.language.catalogs import (
    DEFAULT_LOCALE,
    FALLBACKS,
    LOCALE_DIR,
    LOCALES,
    N_,
    babel_locale,
    locale_names,
    translations,
    untranslated,
)
from cpfkit.language.message import Message, render

__all__ = [
    "DEFAULT_LOCALE",
    "_",
    "FALLBACKS",
    "LOCALES",
    "LOCALE_DIR",
    "N_",
    "babel_locale",
    "choose_locale",
    "current_locale",
    "gettext",
    "install",
    "locale_names",
    "ngettext",
    "shown",
    "translations",
    "untranslated",
]

current_locale: ContextVar[str] = ContextVar("cpfkit_locale", default=DEFAULT_LOCALE)
"""The locale of the request being served."""


def gettext(message: str) -> str:
    """The message in the current locale (the message itself where no translation exists)."""
    return catalogs.gettext(message, current_locale.get())


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for ``n``, in the current locale (by the locale's plural rule)."""
    return catalogs.ngettext(singular, plural, n, current_locale.get())


_ = gettext
"""The customary short name of :func:`gettext`."""


def shown(message: Message | str | None) -> str:
    """An engine's message in the current locale (a plain sentence as it is; nothing as an empty text)."""
    if isinstance(message, Message):
        return render(message, current_locale.get())
    return "" if message is None else str(message)


def choose_locale(
    asked: str | None = None, stored: str | None = None, cookie: str | None = None, accept: str | None = None
) -> str:
    """The locale of a request: asked for (``?lang=``), else the user's, else the cookie's, else the browser's.

    Examples:
        >>> choose_locale(accept="ru-RU,ru;q=0.9,en;q=0.8")
        'ru'
        >>> choose_locale(asked="kk", stored="ru")
        'kk'
        >>> choose_locale(stored="ru", cookie="en")
        'ru'
        >>> choose_locale(cookie="xx", accept="de-DE")
        'en'
    """
    for choice in (asked, stored, cookie):
        if choice in LOCALES:
            return choice
    if accept:
        wanted = []
        for part in accept.split(","):
            tag, _, params = part.strip().partition(";")
            q = 1.0
            if params.strip().startswith("q="):
                try:
                    q = float(params.strip()[2:])
                except ValueError:
                    q = 0.0
            if tag and q > 0:
                wanted.append((q, tag.strip().replace("_", "-")))
        preferred = [tag for _, tag in sorted(wanted, key=lambda w: -w[0])]
        found = negotiate_locale(preferred, list(LOCALES), sep="-") or negotiate_locale(
            [t.split("-")[0] for t in preferred], list(LOCALES), sep="-"
        )
        if found:
            return found
    return DEFAULT_LOCALE


def install(env: Environment) -> None:
    """Give a Jinja environment the ``{% trans %}`` tag and the ``_``, ``gettext`` and ``ngettext`` callables."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["current_locale"] = current_locale.get
    env.globals["locale_names"] = locale_names()
    env.globals["LOCALES"] = LOCALES


if __name__ == "__main__":  # the same report as `python -m cpfkit.language --untranslated`
    from cpfkit.language.__main__ import main

    raise SystemExit(main(["--untranslated"]))
