"""Use cases of the ratings of record: a programme's development outcome and WBG performance, set or withdrawn."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from cpfkit import clock
from cpfkit.errors import DataError
from cpfkit.formats.sources import first_error
from cpfkit.jsonable import jsonable
from cpfkit.metrics.framework import FrameworkResults
from cpfkit.model.reviews import (
    RatedSubject,
    RatingOverride,
)
from cpfkit.services.changes import audit_key, changed_by
from cpfkit.services.programmes import programme_detail
from cpfkit.services.reviews import framework
from cpfkit.store import Store
from cpfkit.store.audit import Actor, record
from cpfkit.store.results_repository import (
    save_rating_override,
    withdraw_rating_override,
)

__all__ = ["RateResult", "rate", "withdraw_rating"]

_SUBJECT_ALIASES = {
    "development-outcome": RatedSubject.DEVELOPMENT_OUTCOME,
    "outcome": RatedSubject.DEVELOPMENT_OUTCOME,
    "wbg-performance": RatedSubject.WBG_PERFORMANCE,
    "wbg": RatedSubject.WBG_PERFORMANCE,
}


def _subject(store: Store, programme_id: str, text: str) -> tuple[RatedSubject, str | None]:
    alias = _SUBJECT_ALIASES.get(text.strip().lower())
    if alias is not None:
        return alias, None
    programme = programme_detail(store, programme_id).programme
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
            changed_by(actor),
            "rate",
            "rating_of_record",
            audit_key(programme_id, kind.value, objective),
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
            key = audit_key(programme_id, kind.value, objective)
            record(session, changed_by(actor), "withdraw", "rating_of_record", key, programme_id=programme_id)
        return done
