"""Read a programme folder's results: ``measurements.csv`` and the quoted sources of ``sources.yaml``.

A value marked verified must name a source listed in ``sources.yaml`` and
quote, word for word, one of the sentences listed there for it; the sentence
must state the value (with its qualifier, "more than 1,000" for a floor of
1,000).  The first problem raises a :class:`~cpfkit.errors.DataError` naming
the file, the record and the field (``docs/data-format.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cpfkit.errors import DataError, DuplicateIdentifier, MissingReference
from cpfkit.formats.programme_folder.planning import _Reader
from cpfkit.formats.sources import LINE, read_yaml
from cpfkit.model import Measurement, Programme, QuotedSource
from cpfkit.model.money import FIGURE_PLACES, AmountError, check_amount
from cpfkit.model.results import aggregation_problem

__all__ = ["MEASUREMENTS_FILE", "SOURCES_FILE", "read_measurements", "read_quoted_sources"]

MEASUREMENTS_FILE = "measurements.csv"
SOURCES_FILE = "sources.yaml"


def read_quoted_sources(reader: _Reader) -> dict[str, QuotedSource]:
    """The sources of ``sources.yaml`` by address (none when the file is absent)."""
    file = SOURCES_FILE
    if not reader.path(file).exists():
        return {}
    raw = read_yaml(reader.path(file)) or {}
    if not isinstance(raw, dict) or set(raw) - {"sources", LINE} or not isinstance(raw.get("sources"), list):
        raise reader.fail(DataError, "must be a mapping with a list 'sources'", file, "file", "sources")
    out: dict[str, QuotedSource] = {}
    for i, entry in enumerate(raw["sources"]):
        line = f" (line {entry[LINE]})" if isinstance(entry, dict) and LINE in entry else ""
        record = f"source #{i + 1}{line}"
        if not isinstance(entry, dict):
            raise reader.fail(DataError, "must be a mapping of source fields", file, record, "record")
        source = reader.validate(QuotedSource, entry, file, record)
        if source.url in out:
            raise reader.fail(DuplicateIdentifier, f"source {source.url} appears twice", file, record, "url")
        out[source.url] = source
    return out


def read_measurements(
    reader: _Reader,
    programme: Programme,
    linked: set[str],
    sources: dict[str, QuotedSource],
    shape: Callable[[dict[str, str]], dict[str, Any]],
) -> list[Measurement]:
    """The rows of ``measurements.csv``, each checked against the framework, the operations and the sources."""
    file = MEASUREMENTS_FILE
    indicators = {i.code: i for _, _, i in programme.indicators()}
    out: list[Measurement] = []
    for record, m in reader.rows(file, ("indicator", "date", "value"), Measurement, shape):
        indicator = indicators.get(m.indicator)
        if indicator is None:
            raise reader.fail(
                MissingReference, f"no indicator {m.indicator!r} in programme.yaml", file, record, "indicator"
            )
        if m.project is not None and m.project not in linked:
            raise reader.fail(MissingReference, f"project {m.project} is not in projects.yaml", file, record, "project")
        if not programme.period_start <= m.date <= programme.period_end:
            raise reader.fail(
                DataError,
                f"{m.date} is outside the programme period {programme.period_start} – {programme.period_end}",
                file,
                record,
                "date",
            )
        for name, figure in (("value", m.value), ("weight", m.weight)):
            try:
                if figure is not None:
                    check_amount(figure, places=FIGURE_PLACES)
            except AmountError as exc:
                raise reader.fail(DataError, str(exc), file, record, name) from None
        problem = aggregation_problem(indicator.aggregation, m.value, m.weight)
        if problem is not None:
            raise reader.fail(DataError, f"indicator {indicator.code}: {problem[1]}", file, record, problem[0])
        if m.verified:
            _check_quote(reader, m, sources, record)
        out.append(m)
    return out


def _check_quote(reader: _Reader, m: Measurement, sources: dict[str, QuotedSource], record: str) -> None:
    """A verified value's source is listed in ``sources.yaml`` with the very sentence it quotes."""
    listed = sources.get(m.source or "")
    if listed is None:
        raise reader.fail(
            MissingReference,
            f"a verified value's source must be listed in {SOURCES_FILE} with its quotes: {m.source} is not",
            MEASUREMENTS_FILE,
            record,
            "source",
        )
    if " ".join((m.quote or "").split()) not in listed.quotes:
        raise reader.fail(
            DataError,
            f"the quote is not one of the sentences {SOURCES_FILE} quotes from {m.source}",
            MEASUREMENTS_FILE,
            record,
            "quote",
        )
