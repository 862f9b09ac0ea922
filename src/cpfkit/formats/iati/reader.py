"""Reading IATI activity files as a stream: plain or gzip, checked at the root, split for parallel parsing.

Every reader takes its bytes from :func:`~cpfkit.formats.iati.stream.open_binary`,
which refuses a file as soon as it passes one of the :class:`ReadLimits`
(a compression bomb, an activity or a text too large to hold).

- :func:`read_head` checks what must hold before any activity is read: the
  file is XML, its root is ``<iati-activities>``, its ``version`` is one cpfkit
  reads (2.01, 2.02, 2.03).  The legacy 1.x files are refused with their
  version named (``docs/iati.md`` says why).
- :func:`iter_activities` streams the activities with ``lxml.etree.iterparse``,
  clearing each one (and its predecessors) once the caller is done with it,
  so memory stays flat whatever the file's size.
- :mod:`~cpfkit.formats.iati.chunks` cuts the byte stream into pieces of
  whole activities, each parsed on its own (in a worker process), with line
  numbers mapped back to the file.

Every error is a :class:`~cpfkit.errors.DataError` naming the file, the line
and, where there is one, the element.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

from lxml import etree

from cpfkit.errors import DataError
from cpfkit.formats.iati.limits import ReadLimits, clip, short, shown
from cpfkit.formats.iati.stream import ACTIVITY_START, open_binary
from cpfkit.reference.schemas import load_iati_schema

__all__ = [
    "ACTIVITY_START",
    "READ_BLOCK",
    "SUPPORTED_VERSIONS",
    "FileHead",
    "ReadLimits",
    "check_root_schema",
    "iter_activities",
    "open_binary",
    "read_head",
    "schema_error",
]

SUPPORTED_VERSIONS = ("2.01", "2.02", "2.03")
READ_BLOCK = 1 << 20
"""How many bytes each read of a file takes."""
_MINIMAL_ACTIVITY = (
    "<iati-activity><iati-identifier>X-1</iati-identifier>"
    '<reporting-org ref="X" type="10"><narrative>X</narrative></reporting-org>'
    "<title><narrative>X</narrative></title><description><narrative>X</narrative></description>"
    '<participating-org role="1" ref="X"/><activity-status code="2"/>'
    '<activity-date type="1" iso-date="2000-01-01"/></iati-activity>'
)


@dataclass(frozen=True)
class FileHead:
    """What the start of a file says: its root element, IATI version, and the bytes before the first activity."""

    version: str
    attrib: dict[str, str]
    root_line: int
    header: bytes | None  # None when the file cannot be cut into chunks (unusual encoding, no activity)
    size: int


def _syntax_error(path: Path, exc: etree.XMLSyntaxError) -> DataError:
    message = clip(str(exc.msg or exc).rsplit(", line ", 1)[0])
    return DataError(
        f"not well-formed XML: {message}", file=str(path), record=f"line {exc.lineno}" if exc.lineno else None
    )


def read_head(path: Path, limits: ReadLimits | None = None) -> FileHead:
    """Check the root element and the version of an IATI activity file, reading only its start.

    Raises:
        DataError: not XML, a root other than ``<iati-activities>``, a version cpfkit does not read, or a limit
            passed before the root.
    """
    stream, _ = open_binary(path, limits)
    parser = etree.XMLPullParser(events=("start",), huge_tree=True, resolve_entities=False)
    head = b""
    root: Any = None
    try:
        while root is None:
            block = stream.read(READ_BLOCK)
            if not block:
                if not head.strip():
                    raise DataError("the file is empty", file=str(path))
                parser.close()
                break
            head += block
            parser.feed(block)
            for _, element in parser.read_events():
                root = element
                break
        if root is None:
            raise DataError("no XML element in the file", file=str(path))
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(path, exc) from None
    finally:
        stream.close()
    tag = root.tag if isinstance(root.tag, str) else "?"
    if tag != "iati-activities":
        what = " (an IATI organisation file)" if tag == "iati-organisations" else ""
        name = short(tag) or "?"
        raise DataError(
            f"the root element is <{name}>{what}, not <iati-activities>",
            file=str(path),
            record=f"line {root.sourceline}",
            field=name,
        )
    version = root.get("version")
    where = {"file": str(path), "record": f"line {root.sourceline}", "field": "iati-activities/@version"}
    if version is None:
        raise DataError("has no version attribute: cpfkit reads IATI 2.01, 2.02 and 2.03", **where)
    if version not in SUPPORTED_VERSIONS:
        if version.startswith("1"):
            raise DataError(
                f"IATI version {short(version)} is not supported: cpfkit reads IATI 2.01, 2.02 and 2.03 "
                "(files of the 1.x standard have no narratives, free-text codes and no required identifiers; "
                "republish them as 2.0x)",
                **where,
            )
        raise DataError(f"unknown IATI version {shown(version)}: cpfkit reads IATI 2.01, 2.02 and 2.03", **where)
    match = ACTIVITY_START.search(head)
    splittable = match is not None and not head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00"))
    return FileHead(
        version=version,
        attrib=dict(root.attrib),
        root_line=root.sourceline or 1,
        header=head[: match.start()] if splittable and match is not None else None,
        size=path.stat().st_size,
    )


def _free(element: Any) -> None:
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def iter_activities(
    path: Path, progress: Callable[[int], None] | None = None, limits: ReadLimits | None = None
) -> Iterator[Any]:
    """Stream the ``<iati-activity>`` elements of a file, freeing each after the caller has used it.

    Args:
        path: the file (plain or gzip).
        progress: called after each activity with the bytes read from disk so far.
        limits: what the file may expand to (the defaults when None).

    Raises:
        DataError: the XML is not well-formed (file and line named), or a limit is passed.
    """
    stream, consumed = open_binary(path, limits)
    try:
        context = etree.iterparse(
            stream, events=("end",), tag="iati-activity", huge_tree=True, remove_comments=True, resolve_entities=False
        )
        try:
            for _, element in context:
                yield element
                _free(element)
                if progress is not None:
                    progress(consumed())
        except etree.XMLSyntaxError as exc:
            raise _syntax_error(path, exc) from None
    finally:
        stream.close()


@cache
def _schema() -> etree.XMLSchema:
    return load_iati_schema()


def schema_error(element: Any, line_offset: int = 0) -> tuple[int, str, str] | None:
    """Validate one ``<iati-activity>`` against the IATI 2.03 schema: None, or (line, element path, message)."""
    schema = _schema()
    if schema.validate(element):
        return None
    error = cast(Sequence[Any], schema.error_log)[0]
    message = clip(error.message.replace("Element '", "element '", 1))
    return (error.line or element.sourceline or 0) + line_offset, error.path or "iati-activity", message


def check_root_schema(path: Path, head: FileHead) -> None:
    """Validate the ``<iati-activities>`` element's own attributes against the schema.

    Raises:
        DataError: an attribute of the root is not valid (file, line and attribute named).
    """
    root = etree.Element("iati-activities", dict(head.attrib))
    root.append(etree.fromstring(_MINIMAL_ACTIVITY))
    schema = _schema()
    if schema.validate(root):
        return
    for error in cast(Sequence[Any], schema.error_log):
        if error.path == "/iati-activities":
            raise DataError(
                f"does not conform to the IATI 2.03 schema: {clip(error.message)}",
                file=str(path),
                record=f"line {head.root_line}",
                field="iati-activities",
            )
