"""``cpfkit import iati``: stream IATI activity files into the store, one transaction per file.

For each file: check the root and version (:func:`~cpfkit.ingest.iati.reader.read_head`),
then map every activity — filter, validate against the schema when asked,
parse, map to the core project and to rows — and upsert the rows in batches.
Large plain or gzip files are cut into chunks of whole activities that worker
processes map in parallel while this process writes; results are consumed in
file order, so the outcome (and the first error) is the same as a sequential
read.  A malformed activity fails the file (nothing of it is stored) unless
``skip_invalid``; an activity the core model cannot hold is skipped with its
reason.  The report counts activities, sums transactions exactly by IATI type
and currency, and counts the results stored.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import marshal
import os
from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from multiprocessing import get_context
from pathlib import Path
from typing import Any, NamedTuple

from lxml import etree

from cpfkit.errors import DataError, FxRateMissing, NotFound
from cpfkit.ingest.iati.mapping import UnsupportedActivity, iati_rules, to_project
from cpfkit.ingest.iati.parse import ActivityParser
from cpfkit.ingest.iati.reader import (
    Chunk,
    FileHead,
    check_root_schema,
    iter_activities,
    iter_chunk,
    iter_chunks,
    read_head,
    schema_error,
)
from cpfkit.reference import load_fx
from cpfkit.store import Store
from cpfkit.store.audit import Actor, record_many
from cpfkit.store.iati_repository import IatiWriter
from cpfkit.store.iati_rows import ActivityRows, FxCache, activity_rows
from cpfkit.store.tables import ProgrammeRow
from cpfkit.store.tables_workplace import mark_data_changed

__all__ = [
    "MAPPING_VERSION",
    "FileReport",
    "ImportOptions",
    "ImportReport",
    "Skip",
    "import_iati",
    "map_activities",
    "map_file",
]

MAPPING_VERSION = "2"
"""Part of every activity's content hash: change it when the mapping changes, so a re-import updates."""

_BATCH = 400
_MAX_WARNINGS = 1000
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ACTIVITY_OPEN = b"<iati-activity"
_AFTER_OPEN = frozenset((b" ", b">", b"/", b"\t", b"\n", b"\r"))

Progress = Callable[[int, int], None]
"""Called with (bytes read from disk, activities read) as an import advances."""


@dataclass(frozen=True)
class ImportOptions:
    """How to import: filters, the programme to link to, and what to do with bad activities.

    ``jobs`` is the number of worker processes (0: as many as there are CPUs,
    at most 2 … 4); files smaller than ``parallel_from`` bytes are read in this
    process.
    """

    programme: str | None = None
    countries: frozenset[str] = frozenset()
    reporting_orgs: frozenset[str] = frozenset()
    dry_run: bool = False
    skip_invalid: bool = False
    validate: bool = False
    source: str | None = None
    jobs: int = 0
    chunk_bytes: int = 1 << 20
    parallel_from: int = 8 << 20
    actor: Actor | None = None
    """Who imports: each new or updated project then has an ``import`` entry in the audit trail."""


class Skip(NamedTuple):
    """An activity that was not stored, and why.

    ``kind`` is ``invalid`` (malformed: fails the file unless skipping is
    asked), ``unsupported`` (well-formed, but the core model cannot hold it)
    or ``conflict`` (its identifier belongs to a project not imported from IATI).
    """

    identifier: str | None
    line: int | None
    kind: str
    field: str | None
    reason: str


@dataclass
class FileReport:
    """What importing one file did (or, with ``dry_run``, would do)."""

    file: str
    version: str
    dry_run: bool = False
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    filtered: int = 0
    skips: list[Skip] = field(default_factory=list)
    warnings: list[Skip] = field(default_factory=list)
    transactions: dict[str, dict[str, Any]] = field(default_factory=dict)
    results: int = 0
    indicators: int = 0
    periods: int = 0

    @property
    def stored(self) -> int:
        """Activities of the file now in the store (new, updated or already identical)."""
        return self.new + self.updated + self.unchanged

    def add_transactions(self, rows: ActivityRows) -> None:
        """Count an activity's transactions in the totals by IATI type and currency."""
        for (kind, currency), (count, total) in rows.tx_stats.items():
            entry = self.transactions.setdefault(kind, {"count": 0, "sum": {}})
            entry["count"] += count
            entry["sum"][currency] = entry["sum"].get(currency, Decimal(0)) + total

    def to_json(self) -> dict[str, Any]:
        """The summary scripts rely on (sums as exact decimal strings)."""
        return {
            "file": self.file,
            "version": self.version,
            "dry_run": self.dry_run,
            "activities": {
                "read": self.read,
                "stored": self.stored,
                "new": self.new,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "filtered": self.filtered,
                "skipped": len(self.skips),
                "skips": [s._asdict() for s in self.skips],
            },
            "warnings": [w._asdict() for w in self.warnings[:_MAX_WARNINGS]],
            "warnings_count": len(self.warnings),
            "transactions": _transactions_json(self.transactions),
            "results": {"results": self.results, "indicators": self.indicators, "periods": self.periods},
        }


def _transactions_json(totals: dict[str, dict[str, Any]]) -> dict[str, Any]:
    ordered = sorted(totals, key=lambda k: (len(k), k))
    return {
        k: {
            "count": totals[k]["count"],
            "sum": {c: format(v, "f") for c, v in sorted(totals[k]["sum"].items())},
        }
        for k in ordered
    }


@dataclass
class ImportReport:
    """The reports of every file imported, and their totals."""

    files: list[FileReport]

    def to_json(self) -> dict[str, Any]:
        """Totals over the files (same shape as one file's summary) and each file's summary."""
        total = FileReport(file="", version="", dry_run=any(f.dry_run for f in self.files))
        for f in self.files:
            total.read += f.read
            total.new += f.new
            total.updated += f.updated
            total.unchanged += f.unchanged
            total.filtered += f.filtered
            total.skips.extend(f.skips)
            total.warnings.extend(f.warnings)
            total.results += f.results
            total.indicators += f.indicators
            total.periods += f.periods
            for kind, entry in f.transactions.items():
                mine = total.transactions.setdefault(kind, {"count": 0, "sum": {}})
                mine["count"] += entry["count"]
                for currency, value in entry["sum"].items():
                    mine["sum"][currency] = mine["sum"].get(currency, Decimal(0)) + value
        out = total.to_json()
        del out["file"], out["version"]
        out["files"] = [f.to_json() for f in self.files]
        return out


# -- mapping one activity (in this process or a worker) ----------------------------------


@dataclass(frozen=True)
class _Settings:
    source: str
    version: str
    countries: frozenset[str]
    reporting_orgs: frozenset[str]
    validate: bool


class _Mapper:
    """Turns activity elements into rows or skips; one per process and file."""

    def __init__(self, settings: _Settings) -> None:
        self.settings = settings
        self.parser = ActivityParser()
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
        ident = (element.findtext("iati-identifier") or "").strip() or None
        if not self.wanted(element):
            return None
        if self.settings.validate:
            problem = schema_error(element, line_offset)
            if problem is not None:
                at, path, message = problem
                return Skip(ident, at, "invalid", path, f"does not conform to the IATI 2.03 schema: {message}")
        self.parser.line_offset = line_offset
        try:
            activity = self.parser.parse(element)
            project = to_project(activity, source=self.settings.source, rules=self.rules)
            if raw is None or (ident is not None and ident.encode() not in raw):
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
            return Skip(ident, line, "unsupported", exc.field, exc.message)
        except FxRateMissing as exc:
            return Skip(ident, line, "unsupported", "transaction/value/@currency", str(exc))
        except DataError as exc:
            word = exc.record.split(" ", 2)[1] if exc.record and exc.record.startswith("line ") else ""
            return Skip(ident, int(word) if word.isdigit() else line, "invalid", exc.field, exc.message)


class _ChunkFailed(Exception):
    """A chunk was not well-formed: re-read the file in order to name the error."""


_WORKER: dict[str, Any] = {}


def _raw_activities(data: bytes) -> list[bytes]:
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


def _map_chunk_with(mapper: _Mapper, header: bytes, chunk: Chunk, stop_on_invalid: bool) -> list[Any] | None:
    """Map the activities of one chunk; None when the chunk is not well-formed."""
    raws = _raw_activities(chunk.data)
    out: list[Any] = []
    with _no_cycle_collection():
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


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
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


def _map_chunk(settings: _Settings, header: bytes, chunk: Chunk, stop_on_invalid: bool) -> bytes | None:
    """Map one chunk in a worker process (see :func:`_map_chunk_with`), packed for the way back."""
    mapper = _WORKER.get("mapper")
    if mapper is None or mapper.settings != settings:
        mapper = _WORKER["mapper"] = _Mapper(settings)
    with _no_cycle_collection():  # until the rows are packed and freed: the collector would walk them all
        items = _map_chunk_with(mapper, header, chunk, stop_on_invalid)
        if items is None:
            return None
        packed = _pack(items)
        del items
    return packed


_STATS = ActivityRows._fields.index("tx_stats")


def _pack(items: list[ActivityRows | Skip | None]) -> bytes:
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


def _unpack(data: bytes) -> list[ActivityRows | Skip | None]:
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


def _worker_start() -> None:
    """Set a worker process up: what it inherited stays out of every cycle collection.

    A worker maps chunk after chunk; between chunks the collector would
    otherwise walk every module, codelist and rate the worker was forked
    with, which costs milliseconds per chunk.
    """
    gc.freeze()


def _jobs(requested: int) -> int:
    if requested > 0:
        return requested
    return max(1, min(4, os.cpu_count() or 1))


def map_file(
    path: Path,
    head: FileHead,
    settings: _Settings,
    *,
    jobs: int,
    chunk_bytes: int,
    parallel: bool,
    stop_on_invalid: bool = False,
    progress: Progress | None = None,
) -> Generator[ActivityRows | Skip | None, None, None]:
    """Every activity of a file mapped, in file order (None for those the filters leave out).

    Raises:
        DataError: the file is not well-formed XML.
    """
    mapper = _Mapper(settings)  # also loads the codelists and rates that forked workers then share
    if head.header is None:
        yield from _stream(path, mapper, progress)
        return
    header = head.header
    count = 0
    if not parallel or jobs < 2:
        for chunk in iter_chunks(path, head, chunk_bytes):
            items = _map_chunk_with(mapper, header, chunk, stop_on_invalid)
            if items is None:
                raise _ChunkFailed
            count += len(items)
            yield from items
            if progress is not None:
                progress(chunk.consumed, count)
        return
    _WORKER["mapper"] = mapper
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork"), initializer=_worker_start) as pool:
        pending: deque[tuple[Chunk, Future[bytes | None]]] = deque()
        for chunk in iter_chunks(path, head, chunk_bytes):
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
        raise _ChunkFailed
    items = _unpack(packed)
    yield from items
    count += len(items)
    if progress is not None:
        progress(chunk.consumed, count)
    return count


def _stream(path: Path, mapper: _Mapper, progress: Progress | None) -> Iterator[ActivityRows | Skip | None]:
    """Map a file's activities in order with ``iterparse`` (files that cannot be cut, and error reports)."""
    done = [0]
    count = 0
    for element in iter_activities(path, progress=lambda n: done.__setitem__(0, n)):
        count += 1
        yield mapper.map(element, 0)
        if progress is not None and count % 64 == 0:
            progress(done[0], count)


def map_activities(path: Path, options: ImportOptions | None = None) -> Iterator[ActivityRows | Skip | None]:
    """Read and map every activity of a file into rows, storing nothing (what an import does before writing).

    Raises:
        DataError: the file is not an IATI 2.01–2.03 activity file, or not well-formed.
    """
    options = options or ImportOptions()
    head = read_head(path)
    settings = _Settings(
        source=options.source or path.name,
        version=head.version,
        countries=frozenset(options.countries),
        reporting_orgs=frozenset(options.reporting_orgs),
        validate=options.validate,
    )
    jobs = _jobs(options.jobs)
    parallel = jobs > 1 and head.size >= options.parallel_from
    done = 0
    try:
        with _no_cycle_collection():
            for item in map_file(path, head, settings, jobs=jobs, chunk_bytes=options.chunk_bytes, parallel=parallel):
                done += 1
                yield item
    except _ChunkFailed:  # read in order from the activity after the last one given
        for i, item in enumerate(_stream(path, _Mapper(settings), None)):
            if i >= done:
                yield item


# -- the import --------------------------------------------------------------------------


def import_iati(
    store: Store, paths: list[Path], options: ImportOptions, progress: Callable[[Path, int, int], None] | None = None
) -> ImportReport:
    """Import IATI activity files, each in its own transaction.

    Args:
        store: the database.
        paths: IATI 2.01–2.03 activity files, plain or gzip.
        options: filters, programme link, validation, what to do with bad activities.
        progress: called with (file, bytes read, activities read) as each file advances.

    Returns:
        One report per file.

    Raises:
        DataError: a malformed file or activity (file, line and element named); the files
            before it stay imported, nothing of it is stored.
        NotFound: the programme to link to does not exist.
    """
    if options.programme is not None:
        with store.reader() as session:
            if session.get(ProgrammeRow, options.programme) is None:
                raise NotFound("programme", options.programme)
    reports = []
    for path in paths:
        file_progress = (lambda done, count, _p=path: progress(_p, done, count)) if progress else None
        reports.append(_import_file(store, path, options, file_progress))
    return ImportReport(reports)


def _import_file(store: Store, path: Path, options: ImportOptions, progress: Progress | None) -> FileReport:
    head = read_head(path)
    if options.validate:
        check_root_schema(path, head)
    settings = _Settings(
        source=options.source or path.name,
        version=head.version,
        countries=frozenset(options.countries),
        reporting_orgs=frozenset(options.reporting_orgs),
        validate=options.validate,
    )
    jobs = _jobs(options.jobs)
    parallel = jobs > 1 and head.size >= options.parallel_from
    try:
        return _run(store, path, head, settings, options, jobs, parallel, progress)
    except _ChunkFailed:  # name the error exactly (or, if the cut was wrong, import the whole file in order)
        return _run(store, path, dataclasses.replace(head, header=None), settings, options, jobs, False, progress)


def _run(
    store: Store,
    path: Path,
    head: FileHead,
    settings: _Settings,
    options: ImportOptions,
    jobs: int,
    parallel: bool,
    progress: Progress | None,
) -> FileReport:
    report = FileReport(file=str(path), version=head.version, dry_run=options.dry_run)
    with store.transaction() as session:
        sink = _Sink(IatiWriter(session.connection(), options.programme, options.dry_run), report, options, path)
        items = map_file(
            path,
            head,
            settings,
            jobs=jobs,
            chunk_bytes=options.chunk_bytes,
            parallel=parallel,
            stop_on_invalid=not options.skip_invalid,
            progress=progress,
        )
        try:
            with _no_cycle_collection():
                for item in items:
                    sink.take(item)
                sink.flush()
        finally:
            items.close()
        if sink.writer.wrote:
            mark_data_changed(session)  # for cached figures (the writer's statements bypass the session)
        if options.actor is not None and not options.dry_run:
            trace = {"file": path.name, "source": settings.source}
            record_many(
                session,
                options.actor,
                "import",
                "project",
                ((pid, pid, {**trace, "outcome": outcome}) for pid, outcome in sink.changed),
                programme_id=options.programme,
            )
    if progress is not None:
        progress(head.size, report.read)
    return report


class _Sink:
    """Takes mapped activities in file order: counts them, refuses or records skips, writes in batches."""

    def __init__(self, writer: IatiWriter, report: FileReport, options: ImportOptions, path: Path) -> None:
        self.writer = writer
        self.report = report
        self.options = options
        self.path = path
        self.seen: dict[str, int] = {}
        self.batch: list[ActivityRows] = []
        self.changed: list[tuple[str, str]] = []
        """(project, ``new`` or ``updated``) of every activity that changed the store."""

    def take(self, item: ActivityRows | Skip | None) -> None:
        report = self.report
        report.read += 1
        if item is None:
            report.filtered += 1
            return
        if isinstance(item, ActivityRows):
            first = self.seen.get(item.project_id)
            if first is None:
                self.seen[item.project_id] = item.line
                self.batch.append(item)
                if len(self.batch) >= _BATCH:
                    self.flush()
                return
            item = Skip(
                item.project_id,
                item.line,
                "invalid",
                "iati-identifier",
                f"the iati-identifier {item.project_id} appears twice in the file (first at line {first})",
            )
        if item.kind == "invalid" and not self.options.skip_invalid:
            parts = (item.line and f"line {item.line}", item.identifier and f"(activity {item.identifier})")
            record = " ".join(p for p in parts if p) or None
            raise DataError(item.reason, file=str(self.path), record=record, field=item.field)
        report.skips.append(item)

    def flush(self) -> None:
        report = self.report
        for rows, outcome in zip(self.batch, self.writer.write(self.batch), strict=True):
            if outcome == "conflict":
                reason = "a project with this identifier exists and was not imported from IATI"
                report.skips.append(Skip(rows.project_id, rows.line, "conflict", "iati-identifier", reason))
                continue
            setattr(report, outcome, getattr(report, outcome) + 1)
            if outcome != "unchanged":
                self.changed.append((rows.project_id, outcome))
            report.warnings.extend(Skip(rows.project_id, at, "warning", where, msg) for at, where, msg in rows.warnings)
            report.add_transactions(rows)
            report.results += len(rows.children["iati_results"])
            report.indicators += rows.indicators
            report.periods += rows.periods
        self.batch.clear()
