"""The pieces of a mapped chunk of an IATI file: each activity's raw bytes, and the rows packed for the way back.

Also :func:`no_cycle_collection`, which keeps Python's cycle collector off the rows while they are built.
"""

from __future__ import annotations

import gc
import marshal
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from cpfkit.services.interchange.iati_report import Skip
from cpfkit.store.iati.rows import ActivityRows

__all__ = ["no_cycle_collection", "pack", "raw_activities", "unpack"]

_ACTIVITY_OPEN = b"<iati-activity"
_AFTER_OPEN = frozenset((b" ", b">", b"/", b"\t", b"\n", b"\r"))


def raw_activities(data: bytes) -> list[bytes]:
    """The bytes of each activity of a chunk, cut at each ``<iati-activity`` and after its closing tag."""
    starts = []
    at = data.find(_ACTIVITY_OPEN)
    while at >= 0:  # bytes.find, not a regular expression: it scans a megabyte per chunk
        if data[at + len(_ACTIVITY_OPEN) : at + len(_ACTIVITY_OPEN) + 1] in _AFTER_OPEN:
            starts.append(at)
        at = data.find(_ACTIVITY_OPEN, at + 1)
    out = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(data)
        close = data.rfind(b"</iati-activity>", start, end)
        out.append(data[start : close + 16] if close >= 0 else data[start:end])
    return out


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while mapping.

    The rows hold no cycles (reference counting frees them), and the collector
    would otherwise walk the hundreds of thousands of tuples being built
    (about a tenth of the mapping's time).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_STATS = ActivityRows._fields.index("tx_stats")


def pack(items: list[ActivityRows | Skip | None]) -> bytes:
    """Mapped activities as ``marshal`` bytes: plain tuples, strings and numbers, no classes.

    ``marshal`` writes them in about half the time ``pickle`` takes (no memo, no class
    lookups); the sums of transactions go as decimal text.
    """
    plain: list[Any] = []
    for item in items:
        if isinstance(item, ActivityRows):
            fields = tuple(item)
            stats = {key: (count, str(total)) for key, (count, total) in item.tx_stats.items()}
            plain.append((True, (*fields[:_STATS], stats, *fields[_STATS + 1 :])))
        elif item is None:
            plain.append(None)
        else:
            plain.append((False, item[:]))
    return marshal.dumps(plain)


def unpack(data: bytes) -> list[ActivityRows | Skip | None]:
    """The mapped activities :func:`_pack` wrote."""
    out: list[ActivityRows | Skip | None] = []
    for entry in marshal.loads(data):
        if entry is None:
            out.append(None)
        elif entry[0]:
            fields = entry[1]
            stats = {key: (count, Decimal(total)) for key, (count, total) in fields[_STATS].items()}
            out.append(ActivityRows._make((*fields[:_STATS], stats, *fields[_STATS + 1 :])))
        else:
            out.append(Skip._make(entry[1]))
    return out
