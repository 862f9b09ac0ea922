"""``cpfkit import iati``: stream IATI activity files into the store, one transaction per file.

For each file: check the root and version (:func:`~cpfkit.formats.iati.reader.read_head`),
then map every activity — filter, validate against the schema when asked,
parse, map to the core project and to rows — and upsert the rows in batches.
Large plain or gzip files are cut into chunks of whole activities that worker
processes map in parallel while this process writes; results are consumed in
file order, so the outcome (and the first error) is the same as a sequential
read.

One activity at a time (``docs/iati.md``): a slip on an optional element is a
warning and the activity is stored; an activity that lacks what cpfkit needs
is skipped, listed with its line and the reason; only a file that cannot be
read (not well-formed, another root or version, past a :class:`ReadLimits`
limit) is refused whole, and then nothing of it is stored.  ``strict`` makes
every warning and every such skip refuse the file, for publishers checking
their own files.  The report (``iati_report.py``) counts activities, sums
transactions exactly by IATI type and currency, and counts the results stored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from cpfkit.errors import DataError, NotFound
from cpfkit.formats.iati.limits import ReadLimits
from cpfkit.formats.iati.reader import FileHead, check_root_schema, read_head
from cpfkit.services.interchange.iati_chunks import no_cycle_collection
from cpfkit.services.interchange.iati_map import (
    MAPPING_VERSION,
    ChunkFailed,
    MapSettings,
    Progress,
    map_file,
)
from cpfkit.services.interchange.iati_options import ImportOptions, map_activities, map_settings, worker_count
from cpfkit.services.interchange.iati_report import FileReport, ImportReport, Skip
from cpfkit.store import Store
from cpfkit.store.audit import record_many
from cpfkit.store.iati.rows import ActivityRows
from cpfkit.store.iati.writer import IatiWriter
from cpfkit.store.tables import ProgrammeRow

__all__ = [
    "MAPPING_VERSION",
    "FileReport",
    "ImportOptions",
    "ImportReport",
    "ReadLimits",
    "Skip",
    "import_iati",
    "map_activities",
    "map_file",
]

_BATCH = 400


def import_iati(
    store: Store, paths: list[Path], options: ImportOptions, progress: Callable[[Path, int, int], None] | None = None
) -> ImportReport:
    """Import IATI activity files, each in its own transaction.

    Args:
        store: the database.
        paths: IATI 2.01–2.03 activity files, plain or gzip.
        options: filters, programme link, validation, strictness, limits.
        progress: called with (file, bytes read, activities read) as each file advances.

    Returns:
        One report per file: what was stored, the warnings, the activities skipped.

    Raises:
        DataError: a file that cannot be read — not well-formed, another root or version, past a limit — or,
            with ``strict``, the first warning or activity skipped for lacking what cpfkit needs (file, line and
            element named); the files before it stay imported, nothing of it is stored.
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
    head = read_head(path, options.limits)
    if options.validate:
        check_root_schema(path, head)
    settings = map_settings(path, head, options)
    jobs = worker_count(options.jobs)
    parallel = jobs > 1 and head.size >= options.parallel_from
    try:
        return _run(store, path, head, settings, options, jobs, parallel, progress)
    except ChunkFailed:  # name the error exactly (or, if the cut was wrong, import the whole file in order)
        return _run(store, path, dataclasses.replace(head, header=None), settings, options, jobs, False, progress)


def _run(
    store: Store,
    path: Path,
    head: FileHead,
    settings: MapSettings,
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
            stop_on_invalid=options.strict,
            progress=progress,
        )
        try:
            with no_cycle_collection():
                for item in items:
                    sink.take(item)
                sink.flush()
        finally:
            items.close()
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
                "iati-identifier",
                f"the iati-identifier {item.project_id} appears twice in the file (first at line {first})",
                "invalid",
            )
        if item.kind == "invalid" and self.options.strict:
            parts = (item.line and f"line {item.line}", item.activity and f"(activity {item.activity})")
            record = " ".join(p for p in parts if p) or None
            raise DataError(item.message, file=str(self.path), record=record, field=item.field)
        report.skip(item)

    def flush(self) -> None:
        report = self.report
        for rows, outcome in zip(self.batch, self.writer.write(self.batch), strict=True):
            if outcome == "conflict":
                reason = "a project with this identifier exists and was not imported from IATI"
                report.skip(Skip(rows.project_id, rows.line, "iati-identifier", reason, "conflict"))
                continue
            report.count(outcome)
            if outcome != "unchanged":
                self.changed.append((rows.project_id, outcome))
            for at, where, message in rows.warnings:
                report.warn(Skip(rows.project_id, at, where, message, "warning"))
            report.add_transactions(rows)
            report.results += len(rows.children["iati_results"])
            report.indicators += rows.indicators
            report.periods += rows.periods
        self.batch.clear()
