"""The language a report is written in: its gettext callables, and the language of the report being written.

Every report is written in one of the languages of the pages (``en``, ``ru``, ``kk``).
The renderers run the whole writing of a report inside :func:`speaking`, which sets
:data:`current_language`; the templates' ``{{ _("…") }}`` and ``{% trans %}``, and the
Python of the reports (chart titles, axis labels, sheet names), call :func:`gettext`
(imported as ``_``), :func:`ngettext`, and mark a text translated later with :func:`N_`.
The figures are written in the language's format by :mod:`cpfkit.reports.formatting`,
which reads the same language.

The messages are those of the catalogs the pages use (:mod:`cpfkit.language.catalogs`): a heading
the pages already translate reads the same in a report.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from cpfkit.errors import CpfkitError
from cpfkit.language.catalogs import DEFAULT_LOCALE, LOCALES, translations

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "_",
    "current_language",
    "gettext",
    "language_of",
    "ngettext",
    "speaking",
    "translations",
]

LANGUAGES: tuple[str, ...] = LOCALES
"""The languages a report is written in: those of the catalogs (:mod:`cpfkit.language.catalogs`)."""

DEFAULT_LANGUAGE = DEFAULT_LOCALE

current_language: ContextVar[str] = ContextVar("cpfkit_report_language", default=DEFAULT_LANGUAGE)
"""The language of the report being written."""


def language_of(lang: str | None) -> str:
    """A language a report is written in (English when none is given).

    Raises:
        CpfkitError: a language the reports are not written in.

    Examples:
        >>> language_of("kk"), language_of(None)
        ('kk', 'en')
    """
    if lang is None:
        return DEFAULT_LANGUAGE
    if lang not in LANGUAGES:
        raise CpfkitError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return lang


@contextmanager
def speaking(lang: str | None) -> Iterator[str]:
    """Write what runs inside in a language: every gettext call and every figure formatted.

    Examples:
        >>> with speaking("ru") as lang:
        ...     lang, current_language.get()
        ('ru', 'ru')
        >>> current_language.get()
        'en'
    """
    chosen = language_of(lang)
    token = current_language.set(chosen)
    try:
        yield chosen
    finally:
        current_language.reset(token)


def gettext(message: str) -> str:
    """The message in the report's language (the message itself where no translation exists)."""
    return translations(current_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for ``n``, in the report's language (by the language's plural rule)."""
    return translations(current_language.get()).ngettext(singular, plural, n)


_ = gettext
"""The customary short name of :func:`gettext`."""


def N_(message: str) -> str:  # noqa: N802 - the customary name of the marker
    """Mark a message for extraction without translating it now (it is translated where shown)."""
    return message
