"""An IATI file cut into chunks of whole activities, each parsed on its own (in a worker process).

:func:`iter_chunks` cuts the byte stream; :func:`iter_chunk` parses one chunk
with its line numbers mapped back to the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from cpfkit.formats.iati.limits import ReadLimits
from cpfkit.formats.iati.reader import READ_BLOCK, FileHead
from cpfkit.formats.iati.stream import last_activity_start, open_binary

__all__ = ["Chunk", "iter_chunk", "iter_chunks"]

_CLOSE = b"</iati-activities>"


@dataclass(frozen=True)
class Chunk:
    """Whole activities cut from a file: their bytes, the file line they start on, whether the file ends here."""

    data: bytes
    start_line: int
    last: bool
    consumed: int


def _last_boundary(buf: bytes) -> int:
    """The start of the last ``<iati-activity`` in ``buf`` after position 0 (0 when there is none)."""
    return max(last_activity_start(buf, 1), 0)


def iter_chunks(path: Path, head: FileHead, chunk_bytes: int, limits: ReadLimits | None = None) -> Iterator[Chunk]:
    """Cut a file's activities into chunks of about ``chunk_bytes``, each starting at an ``<iati-activity``.

    The bytes before the first activity (``head.header``) are not part of any
    chunk; :func:`iter_chunk` puts them in front of each.  An activity larger
    than a chunk makes a larger chunk, up to the activity limit.

    Raises:
        DataError: a limit is passed, or the file cannot be read.
    """
    if head.header is None:
        raise ValueError("this file cannot be cut into chunks")
    stream, consumed = open_binary(path, limits)
    try:
        skip = len(head.header)
        buf = b""
        while len(buf) < skip:
            block = stream.read(READ_BLOCK)
            if not block:
                break
            buf += block
        buf = buf[skip:]
        line = head.header.count(b"\n") + 1
        eof = False
        while True:
            while not eof and len(buf) < chunk_bytes:
                block = stream.read(READ_BLOCK)
                if not block:
                    eof = True
                else:
                    buf += block
            if eof:
                yield Chunk(buf, line, True, consumed())
                return
            cut = _last_boundary(buf)
            if cut == 0:  # one activity larger than a chunk: read on
                block = stream.read(READ_BLOCK)
                if not block:
                    eof = True
                else:
                    buf += block
                continue
            piece = buf[:cut]
            yield Chunk(piece, line, False, consumed() - (len(buf) - cut))
            line += piece.count(b"\n")
            buf = buf[cut:]
    finally:
        stream.close()


def iter_chunk(header: bytes, chunk: Chunk) -> tuple[Iterator[Any], int]:
    """The activities of a chunk parsed behind the file's header, and the offset to add to line numbers.

    A chunk is small (about a megabyte), so it is parsed whole, in one call
    into libxml2, and its tree freed at once when the caller is done: cheaper
    than streaming events and clearing element by element.

    Raises:
        etree.XMLSyntaxError: the chunk is not well-formed; the caller then
            re-reads the whole file in order, which names the error exactly.
    """
    document = header + chunk.data + (b"" if chunk.last else _CLOSE)
    root = etree.fromstring(document, _chunk_parser())
    return root.iterchildren("iati-activity"), chunk.start_line - (header.count(b"\n") + 1)


@cache
def _chunk_parser() -> etree.XMLParser:
    # Whitespace between elements is not kept (nothing reads it): fewer nodes to build and free.
    return etree.XMLParser(
        huge_tree=True, remove_comments=True, resolve_entities=False, remove_blank_text=True, collect_ids=False
    )
