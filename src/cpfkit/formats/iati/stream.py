"""The bytes of an IATI file, plain or gzip, read within the limits of :class:`~cpfkit.formats.iati.limits.ReadLimits`.

:func:`open_binary` gives every reader of ``reader.py`` the same stream: the
file's bytes (decompressed when they start with gzip's magic number) passed
through a guard that refuses the file, with a :class:`~cpfkit.errors.DataError`
naming it, as soon as

- a gzip file's content passes the size limit, or expands more than the ratio
  limit (once a few megabytes are out, so small files are not judged by their
  headers): a compression bomb is stopped after megabytes, not gigabytes;
- more bytes than the activity limit pass without an ``<iati-activity`` start:
  one enormous activity, or a flood of text or whitespace before, between or
  after the activities, which libxml2 would otherwise hold in memory whole.

So whatever a file holds, a reader never has more than about one activity's
bytes in hand.  The checks cost two searches and two counts per block read.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, cast

from cpfkit.errors import DataError
from cpfkit.formats.iati.limits import MB, ReadLimits

__all__ = ["ACTIVITY_START", "last_activity_start", "open_binary"]

ACTIVITY_START = re.compile(rb"<iati-activity[\s>/]")
"""Where an activity starts in the bytes of a file."""
_PREFIX = b"<iati-activity"
_AFTER = (b" ", b">", b"/", b"\t", b"\n", b"\r")
_GZIP_MAGIC = b"\x1f\x8b"


def last_activity_start(buf: bytes, start: int = 0, end: int | None = None) -> int:
    """The position of the last ``<iati-activity`` start in ``buf[start:end]`` (-1 when there is none).

    Examples:
        >>> last_activity_start(b"<iati-activity><iati-activity-x/>"), last_activity_start(b"<iati-activities>")
        (0, -1)
    """
    end = len(buf) if end is None else end
    while True:
        pos = buf.rfind(_PREFIX, start, end)
        if pos < 0:
            return -1
        after = buf[pos + len(_PREFIX) : pos + len(_PREFIX) + 1]
        if after in _AFTER or after == b"":
            return pos
        end = pos + len(_PREFIX) - 1


class _Counted:
    """A binary stream that counts the bytes read from the file underneath (compressed or not)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.consumed = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.consumed += len(data)
        return data

    def close(self) -> None:
        self.raw.close()


class _Gzip(gzip.GzipFile):
    """A gzip stream that also closes the file underneath (``GzipFile`` leaves a given file object open)."""

    def __init__(self, counted: _Counted) -> None:
        super().__init__(fileobj=counted, mode="rb")  # type: ignore[call-overload]
        self._counted = counted

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._counted.close()


class _Guarded:
    """Passes a stream's bytes on, refusing the file at the first limit passed (see the module)."""

    def __init__(self, inner: IO[bytes], counted: _Counted, compressed: bool, limits: ReadLimits, path: Path) -> None:
        self.inner = inner
        self.counted = counted
        self.compressed = compressed
        self.limits = limits
        self.path = path
        self.out = 0
        self.since = 0
        """Bytes since the last activity start (or since the file's start, before the first one)."""
        self.seen = False
        self.lines = 1
        """The line the next byte is on."""
        self.start_line = 1
        """The line of the last activity start."""
        self.tail = b""

    def read(self, size: int = -1) -> bytes:
        try:
            data = self.inner.read(size)
        except (OSError, EOFError, zlib.error) as exc:
            raise DataError(f"cannot read: {exc}", file=str(self.path)) from None
        if data:
            self._check(data)
        return data

    def close(self) -> None:
        self.inner.close()

    def _check(self, data: bytes) -> None:
        limits = self.limits
        self.out += len(data)
        if self.compressed:
            if self.out > limits.max_decompressed:
                self._refuse(
                    f"decompresses to more than {limits.max_decompressed / MB:,.0f} MB, the limit for a compressed "
                    "file (CPFKIT_IATI_MAX_DECOMPRESSED_MB)"
                )
            if self.out > limits.ratio_from and self.out > limits.max_ratio * max(self.counted.consumed, 1):
                self._refuse(
                    f"expands more than {limits.max_ratio} times its compressed size, the limit for a compressed "
                    "file (CPFKIT_IATI_MAX_COMPRESSION_RATIO): a compression bomb, or not an IATI file"
                )
        off = len(self.tail)
        search = self.tail + data if off else data
        first = ACTIVITY_START.search(search, max(0, off - len(_PREFIX)))
        if first is None:
            self.since += len(data)
        else:
            self.since += max(first.start() - off, 0)
            self._bound()
            last = last_activity_start(search, max(0, off - len(_PREFIX)))
            self.start_line = self.lines + search.count(b"\n", off, last) if last > off else self.lines
            self.since = len(search) - last
            self.seen = True
        self._bound()
        self.lines += data.count(b"\n")
        self.tail = search[-len(_PREFIX) :]

    def _bound(self) -> None:
        limit = self.limits.max_activity
        if self.since <= limit:
            return
        size = f"{limit / MB:g} MB"
        if not self.seen:
            self._refuse(
                f"more than {size} before the first <iati-activity>: cpfkit reads activities of up to {size} "
                "(CPFKIT_IATI_MAX_ACTIVITY_MB)"
            )
        self._refuse(
            f"the activity starting here runs over {size} (with any text after it, up to the next activity or the "
            f"end of the file): cpfkit reads activities of up to {size} (CPFKIT_IATI_MAX_ACTIVITY_MB)",
            line=self.start_line,
        )

    def _refuse(self, message: str, line: int | None = None) -> None:
        raise DataError(message, file=str(self.path), record=f"line {line}" if line else None)


def open_binary(path: Path, limits: ReadLimits | None = None) -> tuple[IO[bytes], Callable[[], int]]:
    """Open a file for reading within ``limits``, decompressing gzip: the stream, and the bytes read on disk so far.

    Reading the stream raises :class:`~cpfkit.errors.DataError` when a limit is passed or the file cannot be read
    (a truncated or corrupt gzip file).

    Raises:
        DataError: the file cannot be opened.
    """
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror}", file=str(path)) from exc
    magic = raw.read(2)
    raw.seek(0)
    counted = _Counted(raw)
    compressed = magic == _GZIP_MAGIC
    inner = cast(IO[bytes], _Gzip(counted) if compressed else counted)
    guarded = _Guarded(inner, counted, compressed, limits or ReadLimits(), path)
    return cast(IO[bytes], guarded), lambda: counted.consumed
