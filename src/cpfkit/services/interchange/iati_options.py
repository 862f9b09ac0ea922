"""How to import an IATI file, and its activities read and mapped into rows without storing them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cpfkit.formats.iati.limits import ReadLimits
from cpfkit.formats.iati.reader import FileHead, read_head
from cpfkit.services.interchange.iati_chunks import no_cycle_collection
from cpfkit.services.interchange.iati_map import (
    ChunkFailed,
    MapSettings,
    map_file,
    stream_file,
)
from cpfkit.services.interchange.iati_report import Skip
from cpfkit.store.audit import Actor
from cpfkit.store.iati.rows import ActivityRows

__all__ = ["ImportOptions", "map_activities", "map_settings", "worker_count"]


@dataclass(frozen=True)
class ImportOptions:
    """How to import: filters, the programme to link to, strictness and the limits of what is read.

    ``jobs`` is the number of worker processes (0: as many as there are CPUs,
    at most 2 … 4); files smaller than ``parallel_from`` bytes are read in this
    process.
    """

    programme: str | None = None
    countries: frozenset[str] = frozenset()
    reporting_orgs: frozenset[str] = frozenset()
    dry_run: bool = False
    strict: bool = False
    """Every warning, and every activity skipped for lacking what cpfkit needs, refuses the file."""
    limits: ReadLimits = ReadLimits()
    """What a file may expand to (compressed files) and the largest activity read."""
    validate: bool = False
    source: str | None = None
    jobs: int = 0
    chunk_bytes: int = 1 << 20
    parallel_from: int = 8 << 20
    actor: Actor | None = None
    """Who imports: each new or updated project then has an ``import`` entry in the audit trail."""


def map_settings(path: Path, head: FileHead, options: ImportOptions) -> MapSettings:
    """What the mapping of a file needs to know, the same in every worker."""
    return MapSettings(
        source=options.source or path.name,
        version=head.version,
        countries=frozenset(options.countries),
        reporting_orgs=frozenset(options.reporting_orgs),
        validate=options.validate,
        strict=options.strict,
        limits=options.limits,
    )


def worker_count(requested: int) -> int:
    """The worker processes to map with: as asked, else one per CPU, at most 4."""
    if requested > 0:
        return requested
    return max(1, min(4, os.cpu_count() or 1))


def map_activities(path: Path, options: ImportOptions | None = None) -> Iterator[ActivityRows | Skip | None]:
    """Read and map every activity of a file into rows, storing nothing (what an import does before writing).

    Raises:
        DataError: the file is not an IATI 2.01–2.03 activity file, or not well-formed.
    """
    options = options or ImportOptions()
    head = read_head(path, options.limits)
    settings = map_settings(path, head, options)
    jobs = worker_count(options.jobs)
    parallel = jobs > 1 and head.size >= options.parallel_from
    done = 0
    try:
        with no_cycle_collection():
            for item in map_file(path, head, settings, jobs=jobs, chunk_bytes=options.chunk_bytes, parallel=parallel):
                done += 1
                yield item
    except ChunkFailed:  # read in order from the activity after the last one given
        for i, item in enumerate(stream_file(path, settings, None)):
            if i >= done:
                yield item
