"""The data's texts in other languages: written with a programme's folder, read by language, dropped on edits."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from cpfkit.model.translations import TextTranslation
from cpfkit.store.tables_translations import TranslationRow

__all__ = [
    "count_translations",
    "drop_translations",
    "forget_edited",
    "load_translations",
    "save_translations",
]


def save_translations(session: Session, programme_id: str, translations: Iterable[TextTranslation]) -> int:
    """Replace a programme's stored translations with ``translations``; return how many were stored."""
    session.execute(delete(TranslationRow).where(TranslationRow.programme_id == programme_id))
    rows = [
        TranslationRow(
            programme_id=programme_id,
            language=t.language,
            kind=t.kind,
            key=t.key,
            field=t.field,
            item=t.item,
            text=t.text,
            source=t.source,
        )
        for t in translations
    ]
    session.add_all(rows)
    session.flush()
    return len(rows)


def load_translations(
    session: Session, language: str, programme_ids: Collection[str] | None = None
) -> list[tuple[str, TextTranslation]]:
    """The stored translations into ``language``, each with its programme (of every programme, or of those named)."""
    query = select(TranslationRow).where(TranslationRow.language == language)
    if programme_ids is not None:
        query = query.where(TranslationRow.programme_id.in_(list(programme_ids)))
    return [
        (
            row.programme_id,
            TextTranslation(
                language=row.language,
                kind=row.kind,
                key=row.key,
                field=row.field,
                item=row.item,
                text=row.text,
                source=row.source,
            ),
        )
        for row in session.scalars(query)
    ]


def count_translations(session: Session, programme_id: str) -> dict[str, int]:
    """How many texts a programme has in each language."""
    query = (
        select(TranslationRow.language, func.count())
        .where(TranslationRow.programme_id == programme_id)
        .group_by(TranslationRow.language)
    )
    return {language: int(n) for language, n in session.execute(query).all()}


def drop_translations(
    session: Session,
    kind: str,
    key: str,
    fields: Collection[str] | None = None,
    *,
    programme_ids: Collection[str] | None = None,
) -> int:
    """Delete the translations of a record (of the fields named, by their first name; all without ``fields``).

    A translation is of the English text it was made from: when that text is edited, the
    translation goes, and readers see the new English text until it is translated again.
    """
    query = delete(TranslationRow).where(TranslationRow.kind == kind, TranslationRow.key == key)
    if programme_ids is not None:
        query = query.where(TranslationRow.programme_id.in_(list(programme_ids)))
    if fields is not None:
        names = sorted(set(fields))
        if not names:
            return 0
        conditions = [TranslationRow.field == n for n in names]
        conditions += [TranslationRow.field.startswith(f"{n}.", autoescape=True) for n in names]
        query = query.where(or_(*conditions))
    result = session.execute(query.execution_options(synchronize_session=False))
    return int(result.rowcount)  # type: ignore[attr-defined]


# How an edited record is named in the translations: its kind, and the fields of its public form
# whose values, joined by "|", are its key (as the folder's translations name it).
_EDITED: dict[str, tuple[str, tuple[str, ...]]] = {
    "programme": ("programme", ("id",)),
    "priority_area": ("priority_areas", ("code",)),
    "objective": ("objectives", ("code",)),
    "indicator": ("indicators", ("code",)),
    "project": ("operations", ("id",)),
    "risk": ("risks", ("code",)),
    "transaction": ("transactions", ("project", "type", "date")),
    "measurement": ("measurements", ("indicator", "project", "date")),
    "rating": ("ratings", ("project", "kind", "date")),
}


def forget_edited(
    session: Session, resource: str, before: Mapping[str, Any], changed: Collection[str], programmes: Collection[str]
) -> int:
    """Drop the translations of the English texts an edit changed (all of the record's if its key changed).

    ``before`` is the record's public form before the edit, ``changed`` the fields the edit changed.
    Returns how many translations were dropped.
    """
    found = _EDITED.get(resource)
    if found is None or not changed:
        return 0
    kind, key_fields = found
    if any(f not in before for f in key_fields):
        return 0
    key = "|".join("" if before[f] is None else str(before[f]) for f in key_fields)
    scope = None if kind == "operations" else programmes
    if set(changed) & set(key_fields):
        return drop_translations(session, kind, key, programme_ids=scope)
    return drop_translations(session, kind, key, changed, programme_ids=scope)
