"""The message catalogs: the English originals' translations, looked up by language, without a request.

Code marks text with :func:`N_` (translated later, where shown), or looks it up at once with
:func:`gettext`/:func:`ngettext` given the language; templates with ``_()``, ``{% trans %}`` and
``ngettext()``.  The catalogs are ``locale/<lang>/LC_MESSAGES/messages.po`` next to this module,
extracted and updated by ``make i18n`` (see ``babel.cfg``).  They are compiled in memory the first
time a language is used (babel's ``read_po``/``write_mo``), so the ``.po`` file is the only form kept
in the repository and nothing needs building.

Kazakh falls back to Russian, then to English: a Kazakh reader sees the Kazakh text where a
translation exists and Russian (which Kazakh readers read) where not.
"""

from __future__ import annotations

import gettext as _gettext
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Literal, get_args

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

__all__ = [
    "DEFAULT_LOCALE",
    "FALLBACKS",
    "LOCALES",
    "LOCALE_DIR",
    "LanguageCode",
    "N_",
    "Nn_",
    "babel_locale",
    "gettext",
    "locale_names",
    "ngettext",
    "translations",
    "untranslated",
]

LanguageCode = Literal["en", "ru", "kk"]
"""The languages cpfkit speaks: English (the originals), Russian and Kazakh."""

LOCALES: tuple[str, ...] = get_args(LanguageCode)
"""The languages a reader can choose, in the order the language switch lists them."""

DEFAULT_LOCALE = "en"

FALLBACKS: dict[str, tuple[str, ...]] = {"kk": ("ru",)}
"""Where a language looks for a message its own catalog lacks (before the English original)."""

LOCALE_DIR = Path(__file__).parent / "locale"
"""The catalogs: ``messages.pot`` and ``<lang>/LC_MESSAGES/messages.po``."""


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
    compiled = Translations(buffer, domain="messages")
    # pybabel keeps _("operation") and ngettext("operation", "operations", n) as one plural entry, which
    # gettext stores under ("operation", 0) only: the singular text reads the entry's first form.
    for key, text in list(compiled._catalog.items()):
        if isinstance(key, tuple) and key[1] == 0:
            compiled._catalog.setdefault(key[0], text)
    return compiled


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The translations of a language with its fallbacks, loaded once per process.

    English, and any language cpfkit does not speak, gets the originals.
    """
    if lang not in LOCALES or lang == DEFAULT_LOCALE:
        return _gettext.NullTranslations()
    found: _gettext.NullTranslations = _compiled(lang) or _gettext.NullTranslations()
    for fallback in FALLBACKS.get(lang, ()):
        extra = _compiled(fallback)
        if extra is not None:
            found.add_fallback(extra)
    return found


def gettext(message: str, lang: str) -> str:
    """The message in ``lang`` (the English original where no translation exists)."""
    return translations(lang).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str) -> str:
    """The singular or plural message for ``n`` in ``lang``, by the language's plural rule."""
    return translations(lang).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the customary name of the marker
    """Mark a message for extraction without translating it now (it is translated where shown)."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - the marker's name, beside N_
    """Mark a message with its plural form for extraction; the count chooses the form where it is shown."""
    return singular, plural


@cache
def locale_names() -> dict[str, str]:
    """Each language's name in itself, for the language switch ("English", "Русский", "Қазақша")."""
    return {"en": "English", "ru": "Русский", "kk": "Қазақша"}


@cache
def babel_locale(lang: str) -> Locale:
    """Babel's description of a language (number symbols, date patterns); English for one cpfkit does not speak."""
    return Locale.parse(lang if lang in LOCALES else DEFAULT_LOCALE)


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
