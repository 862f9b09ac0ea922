"""Mapping the activities of one IATI file into store rows, in this process or in worker processes.

:func:`map_file` reads a file in chunks of whole activities (or, when it cannot
be cut, as one stream), has each activity parsed, mapped to its core project
and turned into rows (:class:`_Mapper`), and gives them back in file order —
rows, a :class:`~cpfkit.services.interchange.iati_report.Skip` with the reason, or None
for an activity the filters leave out.  Large files are mapped by forked
worker processes, which send their rows back packed with ``marshal``.
"""

from __future__ import annotations

import gc
import hashlib
from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from lxml import etree

from cpfkit.errors import DataError, FxRateMissing
from cpfkit.formats.iati.chunks import Chunk, iter_chunk, iter_chunks
from cpfkit.formats.iati.limits import ReadLimits, clip, short
from cpfkit.formats.iati.mapping import UnsupportedActivity, iati_rules, to_project
from cpfkit.formats.iati.parse import ActivityParser
from cpfkit.formats.iati.reader import FileHead, iter_activities, schema_error
from cpfkit.reference import load_fx
from cpfkit.services.interchange.iati_chunks import no_cycle_collection, pack, raw_activities, unpack
from cpfkit.services.interchange.iati_report import Skip
from cpfkit.store.iati.rows import ActivityRows, FxCache, activity_rows

__all__ = [
    "MAPPING_VERSION",
    "ChunkFailed",
    "MapSettings",
    "Progress",
    "map_file",
    "stream_file",
]

MAPPING_VERSION = "2"
"""Part of every activity's content hash: change it when the mapping changes, so a re-import updates."""


Progress = Callable[[int, int], None]
"""Called with (bytes read from disk, activities read) as an import advances."""


@dataclass(frozen=True)
class MapSettings:
    """What mapping the activities of one file needs to know (the same in every worker)."""

    source: str
    version: str
    countries: frozenset[str]
    reporting_orgs: frozenset[str]
    validate: bool
    strict: bool = False
    limits: ReadLimits = ReadLimits()


class _Mapper:
    """Turns activity elements into rows or skips; one per process and file."""

    def __init__(self, settings: MapSettings) -> None:
        self.settings = settings
        self.parser = ActivityParser(strict=settings.strict)
        self.rules = iati_rules()
        self.fx = FxCache(load_fx())
        self.hash_start = hashlib.sha256(f"{MAPPING_VERSION}|{settings.version}|{settings.source}|".encode())

    def wanted(self, element: Any) -> bool:
        s = self.settings
        if s.reporting_orgs:
            reporter = element.find("reporting-org")
            if reporter is None or (reporter.get("ref") or "").strip() not in s.reporting_orgs:
                return False
        if s.countries:
            codes = {(e.get("code") or "").strip() for e in element.iterfind("recipient-country")}
            if not codes:
                codes = {(e.get("code") or "").strip() for e in element.iterfind("transaction/recipient-country")}
            if not codes & s.countries:
                return False
        return True

    def map(self, element: Any, line_offset: int, raw: bytes | None = None) -> ActivityRows | Skip | None:
        """Rows of one activity, a skip, or None when the filters leave it out.

        ``raw`` is the activity's bytes as they are in the file, when known; the
        content hash is taken over them (else over the element re-serialised).
        """
        line = (element.sourceline or 0) + line_offset
        full = (element.findtext("iati-identifier") or "").strip() or None
        ident = short(full)
        if not self.wanted(element):
            return None
        if self.settings.validate:
            problem = schema_error(element, line_offset)
            if problem is not None:
                at, path, message = problem
                return Skip(ident, at, path, f"does not conform to the IATI 2.03 schema: {message}", "invalid")
        self.parser.line_offset = line_offset
        try:
            activity = self.parser.parse(element)
            project = to_project(activity, source=self.settings.source, rules=self.rules)
            if raw is None or (full is not None and full.encode() not in raw):
                raw = etree.tostring(element)
            hasher = self.hash_start.copy()  # SHA-256 runs on the processor's SHA instructions
            hasher.update(raw)
            digest = hasher.hexdigest()[:32]
            rows = activity_rows(
                activity,
                project,
                content_hash=digest,
                source=self.settings.source,
                file_version=self.settings.version,
                fx=self.fx,
                types=self.rules.transaction_type,
            )
            return rows._replace(line=line, warnings=tuple(self.parser.warnings))
        except UnsupportedActivity as exc:
            return Skip(ident, line, exc.field, clip(exc.message), "unsupported")
        except FxRateMissing as exc:
            return Skip(ident, line, "transaction/value/@currency", clip(str(exc)), "unsupported")
        except DataError as exc:
            word = exc.record.split(" ", 2)[1] if exc.record and exc.record.startswith("line ") else ""
            return Skip(ident, int(word) if word.isdigit() else line, exc.field, clip(exc.message), "invalid")


class ChunkFailed(Exception):
    """A chunk was not well-formed: re-read the file in order to name the error."""


_WORKER: dict[str, Any] = {}


def _map_chunk_with(mapper: _Mapper, header: bytes, chunk: Chunk, stop_on_invalid: bool) -> list[Any] | None:
    """Map the activities of one chunk; None when the chunk is not well-formed."""
    raws = raw_activities(chunk.data)
    out: list[Any] = []
    with no_cycle_collection():
        try:
            activities, offset = iter_chunk(header, chunk)
            for i, element in enumerate(activities):
                item = mapper.map(element, offset, raws[i] if i < len(raws) else None)
                out.append(item)
                if stop_on_invalid and isinstance(item, Skip) and item.kind == "invalid":
                    break
        except etree.XMLSyntaxError:
            return None
    return out


def _map_chunk(settings: MapSettings, header: bytes, chunk: Chunk, stop_on_invalid: bool) -> bytes | None:
    """Map one chunk in a worker process (see :func:`_map_chunk_with`), packed for the way back."""
    mapper = _WORKER.get("mapper")
    if mapper is None or mapper.settings != settings:
        mapper = _WORKER["mapper"] = _Mapper(settings)
    with no_cycle_collection():  # until the rows are packed and freed: the collector would walk them all
        items = _map_chunk_with(mapper, header, chunk, stop_on_invalid)
        if items is None:
            return None
        packed = pack(items)
        del items
    return packed


def _worker_start() -> None:
    """Set a worker process up: what it inherited stays out of every cycle collection.

    A worker maps chunk after chunk; between chunks the collector would
    otherwise walk every module, codelist and rate the worker was forked
    with, which costs milliseconds per chunk.
    """
    gc.freeze()


def map_file(
    path: Path,
    head: FileHead,
    settings: MapSettings,
    *,
    jobs: int,
    chunk_bytes: int,
    parallel: bool,
    stop_on_invalid: bool = False,
    progress: Progress | None = None,
) -> Generator[ActivityRows | Skip | None, None, None]:
    """Every activity of a file mapped, in file order (None for those the filters leave out).

    Raises:
        DataError: the file is not well-formed XML, passes a limit, or cannot be read.
    """
    mapper = _Mapper(settings)  # also loads the codelists and rates that forked workers then share
    if head.header is None:
        yield from stream_file(path, settings, progress, mapper)
        return
    header = head.header
    count = 0
    if not parallel or jobs < 2:
        for chunk in iter_chunks(path, head, chunk_bytes, settings.limits):
            items = _map_chunk_with(mapper, header, chunk, stop_on_invalid)
            if items is None:
                raise ChunkFailed
            count += len(items)
            yield from items
            if progress is not None:
                progress(chunk.consumed, count)
        return
    _WORKER["mapper"] = mapper
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork"), initializer=_worker_start) as pool:
        pending: deque[tuple[Chunk, Future[bytes | None]]] = deque()
        for chunk in iter_chunks(path, head, chunk_bytes, settings.limits):
            pending.append((chunk, pool.submit(_map_chunk, settings, header, chunk, stop_on_invalid)))
            while len(pending) > jobs * 2 or (pending and pending[0][1].done()):
                count = yield from _drain(pending, count, progress)
        while pending:
            count = yield from _drain(pending, count, progress)


def _drain(
    pending: deque[tuple[Chunk, Future[bytes | None]]], count: int, progress: Progress | None
) -> Generator[ActivityRows | Skip | None, None, int]:
    chunk, future = pending.popleft()
    packed = future.result()
    if packed is None:
        raise ChunkFailed
    items = unpack(packed)
    yield from items
    count += len(items)
    if progress is not None:
        progress(chunk.consumed, count)
    return count


def stream_file(
    path: Path, settings: MapSettings, progress: Progress | None, mapper: _Mapper | None = None
) -> Iterator[ActivityRows | Skip | None]:
    """Map a file's activities in order with ``iterparse`` (files that cannot be cut, and error reports).

    Raises:
        DataError: the file is not well-formed XML, or passes a limit.
    """
    mapper = mapper or _Mapper(settings)
    done = [0]
    count = 0
    for element in iter_activities(path, lambda n: done.__setitem__(0, n), mapper.settings.limits):
        count += 1
        yield mapper.map(element, 0)
        if progress is not None and count % 64 == 0:
            progress(done[0], count)
