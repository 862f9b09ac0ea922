"""A guard against zip bombs, run on every Excel workbook before openpyxl opens it.

An ``.xlsx`` file is a zip archive of XML parts.  A few hundred kilobytes can inflate to gigabytes
of one repeated row, and openpyxl then reads them for minutes.  Before a workbook is opened, its
archive is checked:

1. **What it declares** (the central directory, no decompression): at most :data:`MAX_MEMBERS`
   parts, at most :data:`MAX_UNCOMPRESSED_BYTES` once inflated, and no part above
   :data:`RATIO_GRACE_BYTES` that inflates more than :data:`MAX_RATIO` times (Apache POI's
   ``ZipSecureFile`` uses the same 1:100 ratio rule for Office files).
2. **What it holds**: the declared sizes can lie, so every part is inflated once, in pieces,
   counting the bytes actually produced; reading stops as soon as a part gives one byte more than
   it declared (so the total never passes what step 1 allowed).  Memory holds one piece at a time.

A bomb is refused in well under a second, naming the file and the part; a workbook that passes
is opened as before.  docs/data-format.md ("Excel workbooks") states the limits.
"""

from __future__ import annotations

import copy
import zipfile
import zlib
from pathlib import Path

from cpfkit.errors import DataError

__all__ = [
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_UNCOMPRESSED_BYTES",
    "RATIO_GRACE_BYTES",
    "check_workbook",
]

MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
"""The most a workbook may inflate to, all its parts together (64 MiB: some 200,000 rows of a results sheet)."""
MAX_RATIO = 100
"""The most a part may inflate, as a multiple of its compressed size."""
RATIO_GRACE_BYTES = 1024 * 1024
"""Parts smaller than this once inflated are not held to :data:`MAX_RATIO` (tiny XML parts compress very well)."""
MAX_MEMBERS = 10_000
"""The most parts a workbook's archive may hold."""
_PIECE = 1024 * 1024


def _refuse(path: Path, message: str) -> DataError:
    return DataError(f"refused as a possible zip bomb: {message}", file=str(path))


def _declared(path: Path, members: list[zipfile.ZipInfo], max_bytes: int, max_ratio: int) -> None:
    if len(members) > MAX_MEMBERS:
        raise _refuse(path, f"{len(members):,} parts in the archive (at most {MAX_MEMBERS:,})")
    total = 0
    for info in members:
        total += info.file_size
        if total > max_bytes:
            raise _refuse(path, f"it declares more than {max_bytes:,} bytes once uncompressed (part {info.filename})")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_GRACE_BYTES and ratio > max_ratio:
            raise _refuse(
                path,
                f"part {info.filename} inflates {ratio:,.0f} times ({info.compress_size:,} to {info.file_size:,} bytes;"
                f" at most {max_ratio} times)",
            )


def _held(path: Path, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """Inflate every part, refusing the first that holds more than it declares.

    Each part is then at most its declared size, and :func:`_declared` has bounded their sum.
    """
    for info in members:
        # Let the reader go one byte past the declared size, so that a part holding more than it says shows it.
        # (Without a CRC to compare: zipfile would stop at the first extra byte with "Bad CRC-32", hiding why;
        # the CRC is still checked when openpyxl reads the part.)
        probe = copy.copy(info)
        probe.file_size = info.file_size + 1
        del probe.CRC
        produced = 0
        with archive.open(probe) as part:
            while piece := part.read(_PIECE):
                produced += len(piece)
                if produced > info.file_size:
                    raise _refuse(
                        path, f"part {info.filename} holds more than the {info.file_size:,} bytes it declares"
                    )


def check_workbook(path: Path, *, max_bytes: int = MAX_UNCOMPRESSED_BYTES, max_ratio: int = MAX_RATIO) -> None:
    """Refuse a workbook whose archive is, or may be, a zip bomb; return quietly for one that is not.

    Args:
        path: the ``.xlsx`` file.
        max_bytes: the most its parts may inflate to, together.
        max_ratio: the most a part above :data:`RATIO_GRACE_BYTES` may inflate, as a multiple of its size.

    Raises:
        DataError: not a zip archive, a damaged one, or one past a limit (names the file and the part).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _declared(path, members, max_bytes, max_ratio)
            _held(path, archive, members)
    except DataError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise DataError(f"not an Excel workbook (.xlsx): {exc}", file=str(path)) from exc
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror or exc}", file=str(path)) from exc
