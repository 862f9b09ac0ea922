"""Use cases of the results framework and the reviews, shared by the CLI, the API and the pages.

Entering measurements (one by hand, or a spreadsheet all or nothing), writing
the results template, setting ratings of record and the written sections of a
review, and building each report from the store at an as-of date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cpfkit import clock
from cpfkit.errors import CpfkitError, DataError, NotFound
from cpfkit.formats.results_workbook.read import ProgrammeContext, check_measurement, read_measurement_file
from cpfkit.formats.results_workbook.template import write_template
from cpfkit.formats.sources import first_error
from cpfkit.jsonable import jsonable
from cpfkit.metrics.framework import FrameworkResults, evaluate_framework
from cpfkit.model import Measurement
from cpfkit.model.reviews import (
    NoteSection,
    RatedSubject,
    RatingOverride,
    ReviewKind,
    ReviewNote,
)
from cpfkit.reference import load_fx
from cpfkit.reports.render import FORMATS, Report, format_for, render
from cpfkit.reports.reviews import REPORT_KINDS, completion_review, performance_review, results_matrix
from cpfkit.services import programmes as services
from cpfkit.store import Store
from cpfkit.store.audit import Actor, record
from cpfkit.store.results_repository import (
    programmes_and_operations,
    rating_overrides,
    review_notes,
    save_measurements,
    save_rating_override,
    save_review_note,
    withdraw_rating_override,
    withdraw_review_note,
)
from cpfkit.workplace.roles import operator

__all__ = [
    "LoadReport",
    "RateResult",
    "RecordResult",
    "ReviewContent",
    "build_report",
    "clear_note",
    "framework",
    "load_measurements",
    "rate",
    "record_measurement",
    "review_content",
    "set_note",
    "withdraw_rating",
    "write_report",
    "write_results_template",
]


def _who(actor: Actor | None) -> Actor:
    """Who a change is attributed to: the caller's actor, else the operator of this process (``cli:<login>``)."""
    return actor if actor is not None else operator().actor()


def _key(*parts: object) -> str:
    return "/".join("-" if p is None else str(p) for p in parts)[:128]


_SUBJECT_ALIASES = {
    "development-outcome": RatedSubject.DEVELOPMENT_OUTCOME,
    "outcome": RatedSubject.DEVELOPMENT_OUTCOME,
    "wbg-performance": RatedSubject.WBG_PERFORMANCE,
    "wbg": RatedSubject.WBG_PERFORMANCE,
}


def _contexts(store: Store) -> dict[str, ProgrammeContext]:
    with store.reader() as session:
        return {p.id: ProgrammeContext(p, ops) for p, ops in programmes_and_operations(session)}


# -- measurements --------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordResult:
    """A measurement stored by hand: ``replaced`` when one for the same indicator, operation and date was there."""

    programme: str
    measurement: Measurement
    replaced: bool


def record_measurement(
    store: Store, fields: Mapping[str, Any], *, actor: Actor | None = None, language: str | None = None
) -> RecordResult:
    """Check and store one measurement given as raw fields (indicator, project, date, value, source, …).

    Numbers given as text are read in the conventions of ``language`` (None: the neutral ``1234.5``).

    Raises:
        DataError: the measurement does not fit the programme (the field is named).
    """
    contexts = _contexts(store)
    try:
        programme_id, measurement = check_measurement(contexts, fields, language)
    except DataError as exc:
        raise exc.located(record=f"measurement of {fields.get('indicator')}") from None
    with store.transaction() as session:
        added, _ = save_measurements(session, programme_id, [measurement])
        record(
            session,
            _who(actor),
            "create" if added else "replace",
            "measurement",
            _key(measurement.indicator, measurement.project, measurement.date),
            programme_id=programme_id,
            project_id=measurement.project,
            after=jsonable(measurement),
        )
    return RecordResult(programme_id, measurement, replaced=added == 0)


@dataclass(frozen=True)
class LoadReport:
    """What ``load_measurements`` stored from a file."""

    file: str
    programmes: tuple[str, ...]
    rows: int
    added: int
    replaced: int


def load_measurements(
    store: Store, path: Path, *, actor: Actor | None = None, language: str | None = None
) -> LoadReport:
    """Store every measurement of a sheet (.xlsx or .csv), or none: each bad row is reported by sheet, row, column.

    Numbers written as text in the sheet are read in the conventions of ``language``.

    Raises:
        SheetErrors: the bad rows; nothing was stored.
        DataError: the file cannot be read.
    """
    rows = read_measurement_file(Path(path), _contexts(store), language)
    by_programme: dict[str, list[Measurement]] = {}
    for programme_id, measurement in rows:
        by_programme.setdefault(programme_id, []).append(measurement)
    added = replaced = 0
    with store.transaction() as session:
        for programme_id, measurements in by_programme.items():
            a, r = save_measurements(session, programme_id, measurements)
            added += a
            replaced += r
            record(
                session,
                _who(actor),
                "load",
                "measurements",
                _key(programme_id, Path(path).name),
                programme_id=programme_id,
                after={"file": str(path), "rows": len(measurements), "added": a, "replaced": r},
            )
    return LoadReport(str(path), tuple(sorted(by_programme)), len(rows), added, replaced)


def write_results_template(store: Store, programme_id: str, path: Path, as_of: date | None = None) -> int:
    """Write the results template of a programme (.xlsx or .csv); returns the number of rows to fill."""
    return write_template(services.programme_data(store, programme_id), Path(path), as_of)


# -- ratings of record and written sections -------------------------------------------------


def _subject(store: Store, programme_id: str, text: str) -> tuple[RatedSubject, str | None]:
    alias = _SUBJECT_ALIASES.get(text.strip().lower())
    if alias is not None:
        return alias, None
    programme = services.programme_detail(store, programme_id).programme
    codes = [o.code for _, o in programme.objectives()]
    if text not in codes:
        raise DataError(
            f"no objective {text!r} in {programme_id}; rate one of {', '.join(codes)}, "
            "development-outcome or wbg-performance",
            record=f"programme {programme_id}",
            field="subject",
        )
    return RatedSubject.OBJECTIVE, text


@dataclass(frozen=True)
class RateResult:
    """A rating of record just set, with the suggestion it replaces."""

    override: RatingOverride
    suggested: str | None
    replaced_earlier: bool


def _suggested(fw: FrameworkResults, subject: RatedSubject, objective: str | None) -> str | None:
    if subject is RatedSubject.DEVELOPMENT_OUTCOME:
        return fw.development_outcome.suggested
    if subject is RatedSubject.WBG_PERFORMANCE:
        return None
    return next((o.rating.suggested for o in fw.objectives() if o.code == objective), None)


def rate(
    store: Store,
    programme_id: str,
    subject: str,
    rating: str,
    justification: str,
    *,
    rated_by: str | None = None,
    decided_on: date | None = None,
    actor: Actor | None = None,
) -> RateResult:
    """Set the rating of record of an objective, the development outcome or WBG performance, with its reason.

    Raises:
        DataError: unknown objective, a rating not on the scale, or a justification shorter than a sentence.
    """
    kind, objective = _subject(store, programme_id, subject)
    try:
        override = RatingOverride(
            programme=programme_id,
            subject=kind,
            objective=objective,
            rating=rating,
            justification=justification,
            rated_by=rated_by,
            decided_on=decided_on or clock.today(),
        )
    except ValidationError as exc:
        field, message = first_error(exc)
        if field not in ("justification", "rating"):
            field = "justification" if "justification" in message else "rating"
        raise DataError(message, record=f"rating of {subject} in {programme_id}", field=field) from None
    with store.transaction() as session:
        replaced = save_rating_override(session, override)
        record(
            session,
            _who(actor),
            "rate",
            "rating_of_record",
            _key(programme_id, kind.value, objective),
            programme_id=programme_id,
            after=jsonable(override),
        )
    suggested = _suggested(framework(store, programme_id), kind, objective)
    return RateResult(override, suggested, replaced)


def withdraw_rating(store: Store, programme_id: str, subject: str, *, actor: Actor | None = None) -> bool:
    """Withdraw a rating of record so the suggestion applies again; False when there was none."""
    kind, objective = _subject(store, programme_id, subject)
    with store.transaction() as session:
        done = withdraw_rating_override(session, programme_id, kind, objective)
        if done:
            key = _key(programme_id, kind.value, objective)
            record(session, _who(actor), "withdraw", "rating_of_record", key, programme_id=programme_id)
        return done


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
        key = _key(programme_id, note.review.value, note.section.value)
        record(session, _who(actor), "write", "review_note", key, programme_id=programme_id, after=jsonable(note))
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
            key = _key(programme_id, which, kind.value)
            record(session, _who(actor), "clear", "review_note", key, programme_id=programme_id)
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


def framework(store: Store, programme_id: str, as_of: date | None = None) -> FrameworkResults:
    """Every indicator's progress and status and every objective's rating, as of a date (default: today)."""
    data = services.programme_data(store, programme_id)
    content = review_content(store, programme_id)
    return evaluate_framework(data, as_of or clock.today(), content.ratings)


def build_report(store: Store, kind: str, programme_id: str, as_of: date | None = None) -> Report:
    """One of the standard reports (``results-matrix``, ``plr``, ``clr``) from the store, as of a date.

    Raises:
        CpfkitError: an unknown kind of report.
        NotFound: no such programme.
    """
    if kind not in REPORT_KINDS:
        raise CpfkitError(f"unknown report {kind!r}; use one of {', '.join(REPORT_KINDS)}")
    data = services.programme_data(store, programme_id)
    content = review_content(store, programme_id)
    on = as_of or clock.today()
    if kind == "results-matrix":
        return results_matrix(data, on, content.ratings)
    fx = load_fx()
    if kind == "plr":
        return performance_review(data, fx, on, content.ratings, content.notes)
    return completion_review(data, fx, on, content.ratings, content.notes)


def write_report(
    store: Store, kind: str, programme_id: str, path: Path, fmt: str | None = None, as_of: date | None = None
) -> tuple[Path, str]:
    """Build a report and write it in a format (given, or from the file name).

    Returns:
        The path written and the format.
    """
    chosen = format_for(Path(path), fmt)
    if chosen not in FORMATS:  # pragma: no cover - format_for refuses it
        raise NotFound("format", chosen)
    report = build_report(store, kind, programme_id, as_of)
    return render(report, chosen, Path(path)), chosen
