"""Use cases of the reviews: the written sections of a review, the framework's results, and each report."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from cpfkit import clock
from cpfkit.errors import CpfkitError, DataError, NotFound
from cpfkit.formats.sources import first_error
from cpfkit.jsonable import jsonable
from cpfkit.metrics.framework import FrameworkResults, evaluate_framework
from cpfkit.model import ProgrammeData
from cpfkit.model.reviews import (
    NoteSection,
    RatingOverride,
    ReviewKind,
    ReviewNote,
)
from cpfkit.reference import load_fx
from cpfkit.reports.common import ClosedPeriodNote
from cpfkit.reports.language import language_of
from cpfkit.reports.render import FORMATS, Report, format_for, render
from cpfkit.reports.reviews import REPORT_KINDS, completion_review, performance_review, results_matrix
from cpfkit.services.changes import audit_key, changed_by
from cpfkit.services.loading import programme_data
from cpfkit.store import Store
from cpfkit.store.audit import Actor, record
from cpfkit.store.results_repository import (
    rating_overrides,
    review_notes,
    save_review_note,
    withdraw_review_note,
)

__all__ = [
    "ReviewContent",
    "build_report",
    "clear_note",
    "framework",
    "report_data",
    "review_content",
    "set_note",
    "write_report",
]


def _review_for(section: NoteSection, review: str | None) -> ReviewKind:
    if review:
        try:
            return ReviewKind(review.lower())
        except ValueError:
            raise CpfkitError(f"unknown review {review!r}; use plr or clr") from None
    return ReviewKind.PLR if section is NoteSection.ADJUSTMENTS else ReviewKind.CLR


def _section(text: str) -> NoteSection:
    try:
        return NoteSection(text.lower())
    except ValueError:
        raise CpfkitError(f"unknown section {text!r}; use one of {', '.join(s.value for s in NoteSection)}") from None


def set_note(
    store: Store,
    programme_id: str,
    section: str,
    text: str,
    *,
    review: str | None = None,
    author: str | None = None,
    actor: Actor | None = None,
) -> ReviewNote:
    """Write a section of a review: summary, adjustments (PLR by default) or lessons (CLR by default)."""
    kind = _section(section)
    try:
        note = ReviewNote(
            programme=programme_id,
            review=_review_for(kind, review),
            section=kind,
            text=text,
            author=author,
            updated_on=clock.today(),
        )
    except ValidationError as exc:
        _, message = first_error(exc)
        raise DataError(message, record=f"{section} of {programme_id}", field="text") from None
    with store.transaction() as session:
        save_review_note(session, note)
        key = audit_key(programme_id, note.review.value, note.section.value)
        record(session, changed_by(actor), "write", "review_note", key, programme_id=programme_id, after=jsonable(note))
    return note


def clear_note(
    store: Store, programme_id: str, section: str, *, review: str | None = None, actor: Actor | None = None
) -> bool:
    """Clear a section of a review; False when it was not written."""
    kind = _section(section)
    which = _review_for(kind, review).value
    with store.transaction() as session:
        done = withdraw_review_note(session, programme_id, which, kind.value)
        if done:
            key = audit_key(programme_id, which, kind.value)
            record(session, changed_by(actor), "clear", "review_note", key, programme_id=programme_id)
        return done


@dataclass(frozen=True)
class ReviewContent:
    """What people have entered for a programme's reviews: ratings of record and written sections."""

    programme: str
    ratings: tuple[RatingOverride, ...]
    notes: tuple[ReviewNote, ...]


def review_content(store: Store, programme_id: str) -> ReviewContent:
    """The ratings of record and written sections of a programme's reviews."""
    with store.reader() as session:
        overrides = rating_overrides(session, programme_id)
        notes = review_notes(session, programme_id)
    return ReviewContent(programme_id, tuple(overrides), tuple(notes))


# -- reports --------------------------------------------------------------------------------


def framework(store: Store, programme_id: str, as_of: date | None = None, lang: str | None = None) -> FrameworkResults:
    """Every indicator's progress and status and every objective's rating, as of a date (default: today).

    With ``lang``, the titles and names are those of the data's translations into it, where there are some.
    """
    data = programme_data(store, programme_id) if lang in (None, "en") else report_data(store, programme_id, lang)
    content = review_content(store, programme_id)
    return evaluate_framework(data, as_of or clock.today(), content.ratings)


def report_data(store: Store, programme_id: str, lang: str | None = None) -> ProgrammeData:
    """The records a report is built from, with their texts (titles, names) for a report in a language.

    The one place the reports receive the programme's records: the texts of the data in the report's
    language (the programme folder's translations, docs/data-format.md) replace the English ones here;
    a text without a translation keeps its English.  An operation the programme counts but another
    programme defines is named as that programme's translations name it.
    """
    from cpfkit.services.translations import in_language, text_book

    language = language_of(lang)
    data = programme_data(store, programme_id)
    return in_language(data, text_book(store, language))


def build_report(
    store: Store, kind: str, programme_id: str, as_of: date | None = None, lang: str | None = None
) -> Report:
    """One of the standard reports (``results-matrix``, ``plr``, ``clr``) from the store, as of a date.

    ``lang`` is the language the report will be written in: the data's texts are taken in that language
    (:func:`report_data`); the report's own words are translated when it is rendered.

    Raises:
        CpfkitError: an unknown kind of report or language.
        NotFound: no such programme.
    """
    if kind not in REPORT_KINDS:
        raise CpfkitError(f"unknown report {kind!r}; use one of {', '.join(REPORT_KINDS)}")
    data = report_data(store, programme_id, lang)
    content = review_content(store, programme_id)
    on = as_of or clock.today()
    report: Report
    if kind == "results-matrix":
        report = results_matrix(data, on, content.ratings)
    elif kind == "plr":
        report = performance_review(data, load_fx(), on, content.ratings, content.notes)
    else:
        report = completion_review(data, load_fx(), on, content.ratings, content.notes)
    return with_closed_period(store, report)


def with_closed_period(store: Store, report: Report) -> Report:
    """The report with the close of its programme's period in force, if any, in its header."""
    from cpfkit.services.periods import in_force

    close = in_force(store, report.report.programme)
    if close is None:
        return report
    note = ClosedPeriodNote(close.until, close.closed_at.date(), close.closed_by, close.reason)
    return dataclasses.replace(report, report=dataclasses.replace(report.report, closed=note))


def write_report(
    store: Store,
    kind: str,
    programme_id: str,
    path: Path,
    fmt: str | None = None,
    as_of: date | None = None,
    lang: str | None = None,
) -> tuple[Path, str]:
    """Build a report and write it in a format (given, or from the file name) and a language (English by default).

    Returns:
        The path written and the format.
    """
    chosen = format_for(Path(path), fmt)
    if chosen not in FORMATS:  # pragma: no cover - format_for refuses it
        raise NotFound("format", chosen)
    report = build_report(store, kind, programme_id, as_of, lang)
    return render(report, chosen, Path(path), lang), chosen
