"""Read a programme folder's ``translations/<language>.yaml`` (``docs/data-format.md``, "translations").

A translation names records and fields of the folder's English files; every
entry must name one that exists and holds a text, and a list must have the
items of the English list, in its order.  A text may be missing (the reader
then sees the English one), and so may the whole file.  The first problem
raises a :class:`~cpfkit.errors.DataError` naming the file, the entry and the
field.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path
from typing import Any

from cpfkit.errors import DataError, MissingReference
from cpfkit.formats.sources import read_yaml, strip_lines
from cpfkit.model.translations import DATA_LANGUAGES, PROGRAMME_KIND, TextTranslation

__all__ = ["TRANSLATIONS_FOLDER", "english_texts", "read_translations"]

TRANSLATIONS_FOLDER = "translations"

# What a reader sees, by file: a field name maps to None (a text), to a nested spec (a mapping
# of texts) or to a one-item list holding the spec of each list item.
Spec = dict[str, Any]
_PROJECT: Spec = {
    "name": None,
    "description": None,
    "implementing_agency": None,
    "borrower": None,
    "financing": [{"financier": None, "mechanism": None}],
    "sectors": [{"name": None}],
    "locations": [{"name": None}],
}
_SCENARIO: Spec = {
    "title": None,
    "description": None,
    "size": [{"measure": None, "unit": None, "note": None}],
    "shocks": [{"name": None, "description": None}],
    "indicators": [{"description": None}],
}
_APPRAISAL: Spec = {
    "title": None,
    "description": None,
    "scope": {"description": None},
    "benefits": [
        {
            "name": None,
            "vehicle_classes": [{"name": None}],
            "freight": [{"name": None}],
            "accidents": [{"severity": None}],
        }
    ],
}
_INDICATOR: Spec = {"name": None, "unit": None, "description": None, "published": None}
# CSV files: section, the columns whose values (joined by "|") name a row, the prose columns.
TABLES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "risks.csv": ("risks", ("code",), ("title", "description", "mitigation", "owner", "closing_note")),
    "events.csv": ("events", ("project", "kind", "date"), ("note",)),
    "country_flags.csv": ("country_flags", ("kind", "date"), ("note",)),
    "transactions.csv": ("transactions", ("project", "type", "date"), ("note",)),
    "measurements.csv": ("measurements", ("indicator", "project", "date"), ("note",)),
    "ratings.csv": ("ratings", ("project", "kind", "date"), ("note",)),
    "contributions.csv": ("contributions", ("project", "indicator"), ("note",)),
}
_HEADER = ("language", "translated_by")


def _texts(record: Any, spec: Spec) -> dict[str, Any]:
    """The reader-visible texts of one record, shaped as its translation entry is."""
    out: dict[str, Any] = {}
    for name, sub in spec.items():
        value = record.get(name) if isinstance(record, dict) else None
        if sub is None:
            if isinstance(value, str) and value.strip():
                out[name] = value
        elif isinstance(sub, list):
            items = [_texts(item, sub[0]) for item in value or []]
            if any(items):
                out[name] = items
        elif isinstance(value, dict):
            nested = _texts(value, sub)
            if nested:
                out[name] = nested
    return out


def _yaml(path: Path) -> Any:
    return strip_lines(read_yaml(path))


def english_texts(folder: Path) -> dict[str, dict[str, Any]]:
    """Every reader-visible English text of a programme folder, by section and record key.

    The programme's own texts are under ``programme`` keyed by the programme's id.
    """
    programme = _yaml(folder / "programme.yaml")
    programme = programme if isinstance(programme, dict) else {}
    sections: dict[str, dict[str, Any]] = {
        PROGRAMME_KIND: {str(programme.get("id", "")): _texts(programme, {"title": None, "description": None})}
    }
    areas: dict[str, Any] = {}
    objectives: dict[str, Any] = {}
    indicators: dict[str, Any] = {}
    for area in programme.get("priority_areas") or []:
        areas[str(area.get("code"))] = _texts(area, {"title": None, "description": None})
        for objective in area.get("objectives") or []:
            objectives[str(objective.get("code"))] = _texts(objective, {"title": None})
            for indicator in objective.get("indicators") or []:
                indicators[str(indicator.get("code"))] = _texts(indicator, _INDICATOR)
    sections.update(priority_areas=areas, objectives=objectives, indicators=indicators)
    if (folder / "projects.yaml").is_file():
        raw = _yaml(folder / "projects.yaml") or {}
        sections["operations"] = {str(p.get("id")): _texts(p, _PROJECT) for p in raw.get("projects") or []}
    for name, (section, keys, prose) in TABLES.items():
        if (folder / name).is_file():
            with (folder / name).open(encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
            sections[section] = {"|".join(r.get(k) or "" for k in keys): _texts(r, dict.fromkeys(prose)) for r in rows}
    for section, spec in (("scenarios", _SCENARIO), ("appraisal", _APPRAISAL)):
        files = sorted((folder / section).glob("*.yaml")) if (folder / section).is_dir() else []
        sections[section] = {p.stem: _texts(_yaml(p), spec) for p in files}
    return {s: {k: v for k, v in found.items() if v or s == PROGRAMME_KIND} for s, found in sections.items()}


def read_translations(folder: Path, languages: tuple[str, ...] = DATA_LANGUAGES) -> tuple[TextTranslation, ...]:
    """The translated texts of a programme folder, checked against its English texts.

    The texts of an appraisal file are keyed by the operation it appraises (the store keeps an
    appraisal by its operation, not by its file); every other record by its key in the file.

    Raises:
        DataError: an entry that names no record or field of the English data, a list of
            other items than the English one, an empty or malformed text, or a file whose
            ``language`` is not the one its name says.
    """
    english: dict[str, dict[str, Any]] | None = None
    out: list[TextTranslation] = []
    for language in languages:
        path = folder / TRANSLATIONS_FOLDER / f"{language}.yaml"
        if not path.is_file():
            continue
        if english is None:
            english = english_texts(folder)
        out.extend(_Reader(path, language, english).read())
    operations = _appraised_operations(folder)
    return tuple(replace(t, key=operations.get(t.key, t.key)) if t.kind == "appraisal" else t for t in out)


def _appraised_operations(folder: Path) -> dict[str, str]:
    """The operation each file of ``appraisal/`` appraises, by the file's name."""
    files = sorted((folder / "appraisal").glob("*.yaml")) if (folder / "appraisal").is_dir() else []
    raw = {p.stem: _yaml(p) for p in files}
    return {stem: str(r["project"]) for stem, r in raw.items() if isinstance(r, dict) and r.get("project")}


class _Reader:
    def __init__(self, path: Path, language: str, english: dict[str, dict[str, Any]]) -> None:
        self.path = path
        self.language = language
        self.english = english
        self.found: list[TextTranslation] = []

    def fail(self, message: str, record: str, field: str, cls: type[DataError] = DataError) -> DataError:
        return cls(message, file=str(self.path), record=record, field=field)

    def read(self) -> list[TextTranslation]:
        raw = _yaml(self.path)
        if raw is None:
            return []
        if not isinstance(raw, dict):
            raise self.fail("must be a mapping of sections", "file", "record")
        if raw.get("language") != self.language:
            raise self.fail(
                f"says language {raw.get('language')!r}; the file is for {self.language!r}", "file", "language"
            )
        for section, entries in raw.items():
            if section in _HEADER:
                continue
            if section not in self.english:
                raise self.fail(f"no section {section!r} in the English data", str(section), "record", MissingReference)
            if section == PROGRAMME_KIND:
                (key,) = self.english[PROGRAMME_KIND]
                entries = {key: entries}
            if not isinstance(entries, dict):
                raise self.fail("must be a mapping of records", str(section), "record")
            for key, entry in entries.items():
                label = str(section) if section == PROGRAMME_KIND else f"{section}.{key}"
                record = self.english.get(section, {}).get(str(key))
                if record is None:
                    raise self.fail(
                        "no such record in the English data, or it has no text to translate",
                        label,
                        "record",
                        MissingReference,
                    )
                self.entry(section, str(key), label, (), record, entry)
        return self.found

    def entry(self, kind: str, key: str, label: str, path: tuple[str | int, ...], en: Any, tr: Any) -> None:
        where = _dotted(path) or "record"
        if isinstance(en, str):
            text, source = tr, None
            if isinstance(tr, dict):
                if set(tr) != {"text", "source"} or not all(isinstance(v, str) and v.strip() for v in tr.values()):
                    raise self.fail("an official text is a mapping of a non-empty text and its source", label, where)
                text, source = tr["text"], tr["source"].strip()
            if not isinstance(text, str) or not text.strip():
                raise self.fail("the translation is empty", label, where)
            self.found.append(self.translation(kind, key, path, text.strip(), source))
        elif isinstance(en, list):
            if not isinstance(tr, list) or len(tr) != len(en):
                raise self.fail(f"a list of {len(en)} items, in the English order, is expected", label, where)
            for i, (e, t) in enumerate(zip(en, tr, strict=True)):
                if t is not None and t != {}:
                    self.entry(kind, key, label, (*path, i), e, t)
        else:
            if not isinstance(tr, dict):
                raise self.fail("a mapping of fields is expected", label, where)
            for name, value in tr.items():
                if name not in en:
                    field = _dotted((*path, str(name)))
                    raise self.fail(
                        "no such field in the English data, or it has no text", label, field, MissingReference
                    )
                self.entry(kind, key, label, (*path, str(name)), en[name], value)

    def translation(
        self, kind: str, key: str, path: tuple[str | int, ...], text: str, source: str | None
    ) -> TextTranslation:
        item = -1
        names = list(path)
        if len(names) >= 2 and isinstance(names[-2], int):
            item = names.pop(-2)  # type: ignore[assignment]
        return TextTranslation(
            language=self.language,
            kind=kind,
            key=key,
            field=".".join(str(p) for p in names),
            item=item,
            text=text,
            source=source,
        )


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
