"""Translation of the pages: the locale of the current request and the gettext callables of the templates.

Templates mark text with ``{{ _("Envelope") }}``, ``{% trans %}…{% endtrans %}`` or
``{{ ngettext("%(num)d operation", "%(num)d operations", n) }}``; Python code with
:func:`gettext` (imported as ``_``), :func:`ngettext`, and :func:`N_` for a string
translated later (a status or role name looked up when shown).  The callables look
the text up in the catalog of the request's locale (:data:`current_locale`).

The catalogs are ``locale/<lang>/LC_MESSAGES/messages.po`` next to this module,
extracted and updated by ``make i18n`` (see ``babel.cfg``).  They are compiled in
memory the first time a locale is used (babel's ``read_po``/``write_mo``), so the
``.po`` file is the only form kept in the repository and nothing needs building.

Kazakh falls back to Russian, then to English: a Kazakh reader sees the Kazakh text
where a translation exists and Russian (which Kazakh readers read) where not.
"""

from __future__ import annotations

import gettext as _gettext
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import get_args

from babel import Locale
from babel.core import negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import Environment

from cpfkit.workplace.user_schemas import LocaleCode

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
    "translations",
    "untranslated",
]

LOCALES: tuple[str, ...] = get_args(LocaleCode)
"""The locales a user can choose, in the order the language switch lists them."""

DEFAULT_LOCALE = "en"

FALLBACKS: dict[str, tuple[str, ...]] = {"kk": ("ru",)}
"""Where a locale looks for a message its own catalog lacks (before the English original)."""

LOCALE_DIR = Path(__file__).parent.parent / "language" / "locale"
"""The catalogs: ``messages.pot`` and ``<lang>/LC_MESSAGES/messages.po``."""

current_locale: ContextVar[str] = ContextVar("cpfkit_locale", default=DEFAULT_LOCALE)
"""The locale of the request being served."""


def _compiled(lang: str) -> Translations | None:
    """The catalog of one language, compiled from its ``.po`` file (untranslated and fuzzy entries left out)."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return None
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain="messages")


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The translations of a locale with its fallbacks, loaded once per process."""
    if lang not in LOCALES or lang == DEFAULT_LOCALE:
        return _gettext.NullTranslations()
    found: _gettext.NullTranslations = _compiled(lang) or _gettext.NullTranslations()
    for fallback in FALLBACKS.get(lang, ()):
        extra = _compiled(fallback)
        if extra is not None:
            found.add_fallback(extra)
    return found


def gettext(message: str) -> str:
    """The message in the current locale (the message itself where no translation exists)."""
    return translations(current_locale.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for ``n``, in the current locale (by the locale's plural rule)."""
    return translations(current_locale.get()).ngettext(singular, plural, n)


_ = gettext
"""The customary short name of :func:`gettext`."""


def N_(message: str) -> str:  # noqa: N802 - the customary name of the marker
    """Mark a message for extraction without translating it now (it is translated where shown)."""
    return message


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


@cache
def locale_names() -> dict[str, str]:
    """Each locale's name in its own language, for the language switch ("English", "Русский", "Қазақша")."""
    return {"en": "English", "ru": "Русский", "kk": "Қазақша"}


@cache
def babel_locale(lang: str) -> Locale:
    """Babel's description of a locale (number symbols, date patterns)."""
    return Locale.parse(lang)


def install(env: Environment) -> None:
    """Give a Jinja environment the ``{% trans %}`` tag and the ``_``, ``gettext`` and ``ngettext`` callables."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["current_locale"] = current_locale.get
    env.globals["locale_names"] = locale_names()
    env.globals["LOCALES"] = LOCALES


def untranslated(lang: str) -> list[str]:
    """The messages of a catalog with no translation yet (or only a fuzzy one), for translators."""
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale=lang)
    missing = []
    for m in catalog:
        if not m.id:
            continue
        texts = [m.string] if isinstance(m.string, str) else list(m.string or ())
        if m.fuzzy or not texts or not all(texts):
            missing.append(str(m.id if isinstance(m.id, str) else m.id[0]))
    return missing


if __name__ == "__main__":  # `make i18n` ends with this report
    for _lang in LOCALES:
        if _lang != DEFAULT_LOCALE:
            _missing = untranslated(_lang)
            print(f"{_lang}: {len(_missing)} message(s) to translate" + "".join(f"\n  {m}" for m in _missing[:20]))
