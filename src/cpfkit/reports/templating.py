"""The reports' Jinja2 environment: the templates, the filters that write figures, and source references.

A report cites its sources by number (``[3]``, linked to the numbered list at
its end); plain text written by people (summaries, lessons) becomes paragraphs
and bullet lists.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, select_autoescape
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from cpfkit.reference import load_scale
from cpfkit.reports.formatting import (
    bounded,
    figure,
    figure_unit,
    fiscal_year,
    fiscal_years,
    long_date,
    millions,
    money,
    number,
    percent,
)
from cpfkit.reports.language import gettext, ngettext

__all__ = ["TEMPLATES", "blocks", "environment", "install_gettext", "outcome_label", "source_refs"]

TEMPLATES = Path(__file__).parent / "templates"
"""The folder of the report templates and their stylesheet."""


def blocks(text: str | None) -> list[tuple[str, Any]]:
    r"""Plain text as paragraphs and bullet lists: blank lines part paragraphs, lines starting ``- `` are bullets.

    Examples:
        >>> blocks("Intro line\ncontinues.\n\n- one\n- two")
        [('p', 'Intro line continues.'), ('ul', ['one', 'two'])]
    """
    out: list[tuple[str, Any]] = []
    for chunk in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith(("- ", "* ")) for line in lines):
            out.append(("ul", [line[2:].strip() for line in lines]))
        else:
            out.append(("p", " ".join(lines)))
    return out


def _link(source: str) -> Markup:
    text = escape(source)
    if source.startswith(("http://", "https://")):
        return Markup('<a href="{0}">{0}</a>').format(source)
    return Markup(text)


_COMPILE_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "newstyle_gettext",
)


class _CompiledTemplates(FileSystemBytecodeCache):
    """The templates compiled by an earlier run, in Jinja's folder for this user in the temporary directory.

    Compiling the CLR's templates is most of the time its HTML takes (0.08 of 0.12 s of CPU); Jinja keeps
    the compiled code with the checksum of each template's source and the Python version, and compiles
    again when either differs.  The environment's options that the code depends on are in the files' names.  A cache
    that cannot be read or written is no cache: the templates are compiled as before.
    """

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _compiled_templates(env: Environment) -> _CompiledTemplates | None:
    options = repr(
        (
            jinja2.__version__,
            sorted(env.extensions),
            [getattr(env, name) for name in _COMPILE_OPTIONS],
        )
    )
    key = hashlib.sha1(options.encode(), usedforsecurity=False).hexdigest()[:12]
    try:
        return _CompiledTemplates(pattern=f"cpfkit-report-{key}-%s.cache")
    except (OSError, RuntimeError):  # no temporary folder of this user's own
        return None


@cache
def environment() -> Environment:
    """The environment of the report templates, with the filters that write figures (built once).

    The templates mark their words with ``{{ _("…") }}`` and ``{% trans %}``, translated into the language
    of the report being written (:func:`cpfkit.reports.language.speaking`); the renderers give its code as ``lang``.
    """
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    install_gettext(env)
    env.filters.update(
        number=number,
        money=money,
        millions=millions,
        figure=figure,
        figure_unit=figure_unit,
        bounded=bounded,
        percent=percent,
        long_date=long_date,
        fy=fiscal_year,
        fiscal_years=fiscal_years,
        blocks=blocks,
        link=_link,
    )
    env.bytecode_cache = _compiled_templates(env)
    return env


def install_gettext(env: Environment) -> None:
    """Give a report environment the gettext callables of the report's language."""
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]


def source_refs(sources: tuple[str, ...]) -> Callable[..., Markup]:
    """The ``refs`` of the templates: the numbers of the sources given, as links to the list of sources."""
    numbers = {s: i for i, s in enumerate(sources, start=1)}

    def refs(*groups: Any) -> Markup:
        found: list[int] = []
        for group in groups:
            items = [group] if isinstance(group, str) or group is None else list(group)
            for item in items:
                n = numbers.get(item) if item else None
                if n is not None and n not in found:
                    found.append(n)
        if not found:
            return Markup("")
        links = Markup(",").join(Markup('<a href="#src-{0}">{0}</a>').format(n) for n in sorted(found))
        return Markup('<sup class="ref">[{0}]</sup>').format(links)

    return refs


def outcome_label(code: str | None) -> str:
    """The label of an outcome rating's code, as the rating scale words it (the code itself if unknown)."""
    if not code:
        return "—"
    try:
        return gettext(load_scale("outcome_rating").level(code).label)
    except KeyError:
        return code
