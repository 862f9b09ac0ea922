"""What the reports share: the header of a report, the numbered list of sources, the written sections."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from cpfkit.metrics.framework import FrameworkResults
from cpfkit.model import Programme, ProgrammeData, fy_label
from cpfkit.model.reviews import NoteSection, ReviewKind, ReviewNote

__all__ = [
    "ClosedPeriodNote",
    "ReportInfo",
    "SourceList",
    "framework_sources",
    "note_of",
    "project_names",
    "report_info",
]


@dataclass(frozen=True)
class ClosedPeriodNote:
    """The programme's period closed when the report was made: its values up to ``until`` are as reported."""

    until: date
    closed_on: date
    closed_by: str
    reason: str


@dataclass(frozen=True)
class ReportInfo:
    """The header of a report: which programme, which review, as of when."""

    kind: str
    name: str
    programme: str
    programme_title: str
    country: str
    period_start: date
    period_end: date
    fiscal_years: str
    status: str
    as_of: date
    elapsed: float
    programme_source: str | None
    closed: ClosedPeriodNote | None = None
    """The close of the programme's period in force, said in the header (set by the service that builds it)."""

    @property
    def after_end(self) -> bool:
        """Whether the as-of date is after the programme period."""
        return self.as_of > self.period_end


def report_info(kind: str, name: str, programme: Programme, as_of: date) -> ReportInfo:
    """The header of a report on a programme as of a date; ``elapsed`` is the share of the period gone by."""
    fys = programme.fiscal_years
    total = (programme.period_end - programme.period_start).days
    gone = min(max((as_of - programme.period_start).days, 0), total)
    return ReportInfo(
        kind=kind,
        name=name,
        programme=programme.id,
        programme_title=programme.title,
        country=programme.country,
        period_start=programme.period_start,
        period_end=programme.period_end,
        fiscal_years=f"{fy_label(fys[0])}–{fy_label(fys[-1])}",
        status=programme.status.value,
        as_of=as_of,
        elapsed=round(gone / total, 4) if total else 1.0,
        programme_source=programme.source,
    )


class SourceList:
    """Sources numbered in the order a report first cites them.

    Examples:
        >>> s = SourceList()
        >>> s.refs(["a", "b"]), s.refs(["b", None, "c"]), s.entries
        ((1, 2), (2, 3), ('a', 'b', 'c'))
    """

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}

    def refs(self, sources: Iterable[str | None]) -> tuple[int, ...]:
        """The numbers of these sources, numbering the new ones."""
        out: list[int] = []
        for source in sources:
            if not source:
                continue
            number = self._numbers.setdefault(source, len(self._numbers) + 1)
            if number not in out:
                out.append(number)
        return tuple(out)

    @property
    def entries(self) -> tuple[str, ...]:
        """Every source, in number order."""
        return tuple(self._numbers)


def note_of(notes: Iterable[ReviewNote], review: ReviewKind, section: NoteSection) -> ReviewNote | None:
    """The current text of one section of one review, if written."""
    for note in notes:
        if note.review is review and note.section is section:
            return note
    return None


def project_names(data: ProgrammeData) -> dict[str, str]:
    """The name of each operation of a programme, by its id."""
    return {p.id: p.name for p in data.projects}


def framework_sources(sources: SourceList, framework: FrameworkResults) -> None:
    """Cite the sources of every indicator of the framework."""
    for _, _, indicator in framework.indicators():
        sources.refs(indicator.sources)
