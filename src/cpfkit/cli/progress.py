"""What long work shows while it runs: a spinner on stderr naming what is being done.

Only a person at a terminal sees it: when stderr is piped, redirected or captured,
and with ``--json``, nothing is written, so scripts read exactly what they read before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console

from cpfkit.cli import common

__all__ = ["on_terminal", "working"]


def on_terminal(console: Console | None = None) -> bool:
    """Whether ``console`` (default: the CLI's stderr) writes to a terminal a person watches."""
    return (console or common.err).is_terminal


@contextmanager
def working(what: str, *, enabled: bool = True, console: Console | None = None) -> Iterator[None]:
    """Show a spinner with ``what`` on stderr while the block runs, if stderr is a terminal and ``enabled``.

    Args:
        what: What is being done, e.g. ``"rendering clr.pdf"``.
        enabled: False for ``--json`` output (scripts get nothing extra).
        console: Where to show it (default: the CLI's stderr console).
    """
    target = console or common.err
    if not (enabled and on_terminal(target)):
        yield
        return
    with target.status(what, spinner="dots"):
        yield
