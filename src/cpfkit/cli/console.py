"""The command line's two consoles: standard output, whose tables keep identifiers and amounts whole, and stderr."""

from __future__ import annotations

import os
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleDimensions
from rich.table import Table
from rich.text import Text

__all__ = ["PIPED_WIDTH", "TEXT_MIN_WIDTH", "console", "err", "fit_columns"]

PIPED_WIDTH = 200
"""Columns of output written to a file or a pipe, unless ``COLUMNS`` gives another width."""

TEXT_MIN_WIDTH = 12
"""Narrowest a column of running text is made (a longer word folds)."""


def fit_columns(table: Table, width: int) -> Table:
    """Keep identifiers, amounts and dates whole in a table, and let text wrap.

    Every column is at least as wide as the longest word that must stay whole: a cell of one word (an
    identifier, an amount, a date, a code) or a word with a digit in it (``FY20–FY25``, ``P513072``),
    and the longest word of its header; so nothing is cut to ``kz-2020-20…``. Running text wraps at
    spaces in a column at least :data:`TEXT_MIN_WIDTH` wide (or its longest word), folding a longer word.
    When ``width`` is too narrow for these columns, the table is made as wide as they need rather than cut.

    Args:
        table: a table whose rows are added.
        width: the width the table is printed in.

    Returns:
        The same table, its columns adjusted.
    """
    _, right, _, left = table.padding
    needed = len(table.columns) + 1 if table.box else 0  # the vertical rules
    for column in table.columns:
        texts = [c.plain if isinstance(c, Text) else c if isinstance(c, str) else "" for c in column.cells]
        header = column.header.plain if isinstance(column.header, Text) else str(column.header)
        whole = [cell_len(w) for w in header.split()]
        longest = 0
        for words in (t.split() for t in texts):
            whole += [cell_len(w) for w in words if len(words) == 1 or any(ch.isdigit() for ch in w)]
            longest = max([longest, *(cell_len(w) for w in words)])
        column.overflow = "fold"
        column.no_wrap = False
        column.min_width = max(column.min_width or 0, min(longest, TEXT_MIN_WIDTH), *whole) or None
        needed += (column.min_width or 1) + left + right
    if needed > width:
        table.width = needed
    return table


class _OutputConsole(Console):
    """Standard output: tables keep identifiers and amounts whole; piped output is wide."""

    @property
    def size(self) -> ConsoleDimensions:
        """The terminal's size; when not a terminal, ``COLUMNS`` wide or :data:`PIPED_WIDTH`."""
        dimensions = super().size
        if self.is_terminal:
            return dimensions
        columns = os.environ.get("COLUMNS", "")
        return ConsoleDimensions(int(columns) if columns.isdigit() else PIPED_WIDTH, dimensions.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]

    def print(self, *objects: Any, **kwargs: Any) -> None:
        """Print as :meth:`rich.console.Console.print`, fitting the columns of any table first."""
        tables = [fit_columns(o, self.width) for o in objects if isinstance(o, Table)]
        if tables:
            kwargs.setdefault("crop", False)
        super().print(*objects, **kwargs)


console = _OutputConsole(highlight=False)


err = Console(stderr=True, highlight=False)
