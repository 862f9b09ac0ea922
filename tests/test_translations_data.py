"""The embedded programmes' words in Russian and Kazakh: every text a reader sees has both, and nothing else.

The rules are those of ``docs/data-format.md`` ("Translations").  The test reads
the shipped YAML and CSV files directly, not through the loader, so that an
English text added to a data folder without its translations fails here, and so
does a translation left behind when its record or field goes away.
"""

from __future__ import annotations

import copy
import csv
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

PROGRAMMES = Path(__file__).resolve().parent.parent / "src" / "cpfkit" / "programmes"
FOLDERS = sorted(p.name for p in PROGRAMMES.iterdir() if (p / "programme.yaml").is_file())
LANGUAGES = ("ru", "kk")

# What a reader sees, by file: a field name maps to None (a text), to a nested spec
# (a mapping of texts) or to a one-item list holding the spec of each list item.
Spec = dict[str, Any]
PROJECT: Spec = {
    "name": None,
    "description": None,
    "implementing_agency": None,
    "borrower": None,
    "financing": [{"financier": None, "mechanism": None}],
    "sectors": [{"name": None}],
    "locations": [{"name": None}],
}
SCENARIO: Spec = {
    "title": None,
    "description": None,
    "size": [{"measure": None, "unit": None, "note": None}],
    "shocks": [{"name": None, "description": None}],
    "indicators": [{"description": None}],
}
APPRAISAL: Spec = {
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
# CSV files: section, the columns whose values (joined by "|") name a row, the prose columns.
TABLES = {
    "risks.csv": ("risks", ("code",), ("title", "description", "mitigation", "owner", "closing_note")),
    "events.csv": ("events", ("project", "kind", "date"), ("note",)),
    "country_flags.csv": ("country_flags", ("kind", "date"), ("note",)),
    "transactions.csv": ("transactions", ("project", "type", "date"), ("note",)),
    "measurements.csv": ("measurements", ("indicator", "project", "date"), ("note",)),
    "ratings.csv": ("ratings", ("project", "kind", "date"), ("note",)),
    "contributions.csv": ("contributions", ("project", "indicator"), ("note",)),
}
LATIN = re.compile(r"[A-Za-z]")


def _texts(record: Any, spec: Spec) -> dict[str, Any]:
    """The reader-visible texts of one record, shaped as its translation entry must be."""
    out: dict[str, Any] = {}
    for field, sub in spec.items():
        value = record.get(field) if isinstance(record, dict) else None
        if sub is None:
            if isinstance(value, str) and value.strip():
                out[field] = value
        elif isinstance(sub, list):
            items = [_texts(item, sub[0]) for item in value or []]
            if any(items):
                out[field] = items
        elif isinstance(value, dict):
            nested = _texts(value, sub)
            if nested:
                out[field] = nested
    return out


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def english(folder: Path) -> dict[str, dict[str, Any]]:
    """Every reader-visible English text of a programme folder, by section and record."""
    sections: dict[str, dict[str, Any]] = {}
    programme = _yaml(folder / "programme.yaml")
    areas, objectives, indicators = {}, {}, {}
    for area in programme.get("priority_areas") or []:
        areas[area["code"]] = _texts(area, {"title": None, "description": None})
        for objective in area.get("objectives") or []:
            objectives[objective["code"]] = _texts(objective, {"title": None})
            for indicator in objective.get("indicators") or []:
                spec = {"name": None, "unit": None, "description": None, "published": None}
                indicators[indicator["code"]] = _texts(indicator, spec)
    sections.update(priority_areas=areas, objectives=objectives, indicators=indicators)
    if (folder / "projects.yaml").is_file():
        projects = _yaml(folder / "projects.yaml").get("projects") or []
        sections["operations"] = {p["id"]: _texts(p, PROJECT) for p in projects}
    for name, (section, keys, prose) in TABLES.items():
        if (folder / name).is_file():
            with (folder / name).open(encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
            found = {"|".join(r[k] or "" for k in keys): _texts(r, dict.fromkeys(prose)) for r in rows}
            assert len(found) == len(rows), f"{folder.name}/{name}: two rows share the key {keys}"
            sections[section] = found
    for section, sub, spec in (("scenarios", "scenarios", SCENARIO), ("appraisal", "appraisal", APPRAISAL)):
        files = sorted((folder / sub).glob("*.yaml")) if (folder / sub).is_dir() else []
        sections[section] = {p.stem: _texts(_yaml(p), spec) for p in files}
    records = {s: {k: v for k, v in found.items() if v} for s, found in sections.items()}
    records = {s: found for s, found in records.items() if found}
    return {"programme": _texts(programme, {"title": None, "description": None}), **records}


def _check(where: str, en: Any, tr: Any, problems: list[str]) -> None:
    if isinstance(en, str):
        text = tr
        if isinstance(tr, dict):
            if set(tr) != {"text", "source"} or not all(isinstance(v, str) and v.strip() for v in tr.values()):
                problems.append(f"{where}: an official text is a mapping of a non-empty text and its source")
                return
            text = tr["text"]
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: the translation is empty")
        elif " ".join(text.split()) == " ".join(en.split()) and LATIN.search(en):
            problems.append(f"{where}: the translation is the English text")
    elif isinstance(en, list):
        if not isinstance(tr, list) or len(tr) != len(en):
            problems.append(f"{where}: a list of {len(en)} items, in the English order, is expected")
            return
        for i, (e, t) in enumerate(zip(en, tr, strict=True)):
            _check(f"{where}[{i}]", e, t, problems)
    else:
        if not isinstance(tr, dict):
            problems.append(f"{where}: a mapping is expected")
            return
        for key in en.keys() - tr.keys():
            problems.append(f"{where}.{key}: no translation")
        for key in tr.keys() - en.keys():
            problems.append(f"{where}.{key}: no such record or field in the English data")
        for key in en.keys() & tr.keys():
            _check(f"{where}.{key}", en[key], tr[key], problems)


def problems(folder: Path, language: str, translation: Any) -> list[str]:
    """What is wrong with a folder's translation into ``language``: each problem names the entry."""
    if not isinstance(translation, dict):
        return [f"{language}: the file is not a mapping"]
    found = []
    if translation.get("language") != language:
        found.append(f"{language}: language is {translation.get('language')!r}")
    if translation.get("translated_by") != "cpfkit":
        found.append(f"{language}: translated_by is {translation.get('translated_by')!r}, not cpfkit")
    sections = {k: v for k, v in translation.items() if k not in ("language", "translated_by")}
    _check(language, english(folder), sections, found)
    return found


def _translation(programme: str, language: str) -> Any:
    return _yaml(PROGRAMMES / programme / "translations" / f"{language}.yaml")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("programme", FOLDERS)
def test_every_text_a_reader_sees_has_its_translation_and_no_other(programme: str, language: str) -> None:
    assert problems(PROGRAMMES / programme, language, _translation(programme, language)) == []


def test_both_embedded_programmes_are_checked() -> None:
    assert FOLDERS == ["kz-2020-2025", "kz-2026-2031"]
    texts = english(PROGRAMMES / "kz-2026-2031")
    assert texts["operations"]["KZ-ILL-RAIL-01"]["financing"][1]["financier"].startswith("Asian Infrastructure")
    assert texts["scenarios"]["supply-chain"]["shocks"][0]["name"] == "equipment deliveries delayed and dearer"
    assert "KZ-ILL-RAIL-01|I1.1.1" in texts["contributions"]
    assert "I1.1.1||2025-12-31" in texts["measurements"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t["indicators"].pop("I1.1.1"), "ru.indicators.I1.1.1: no translation"),
        (lambda t: t["operations"]["P099270"].pop("description"), "ru.operations.P099270.description: no translation"),
        (lambda t: t["risks"]["R1"].update(owner=""), "ru.risks.R1.owner: the translation is empty"),
        (
            lambda t: t["programme"].update(title="Country Partnership Framework for Kazakhstan, FY20–FY25"),
            "ru.programme.title: the translation is the English text",
        ),
        (lambda t: t["objectives"].update({"O9.9": {"title": "…"}}), "ru.objectives.O9.9: no such record"),
        (lambda t: t["risks"]["R2"].update(category="…"), "ru.risks.R2.category: no such record or field"),
        (lambda t: t["operations"]["P099270"]["locations"].pop(), "ru.operations.P099270.locations: a list of 5"),
        (lambda t: t["events"].pop("P143274|restructuring|2018-05-15"), "ru.events.P143274|restructuring|2018-05-15"),
        (
            lambda t: t["operations"]["P143274"].update(implementing_agency={"text": "Министерство юстиции"}),
            "ru.operations.P143274.implementing_agency: an official text is a mapping",
        ),
        (lambda t: t.update(language="kk"), "ru: language is 'kk'"),
    ],
)
def test_a_missing_stray_empty_or_untranslated_entry_is_named(change: Any, expected: str) -> None:
    translation = copy.deepcopy(_translation("kz-2020-2025", "ru"))
    change(translation)
    found = problems(PROGRAMMES / "kz-2020-2025", "ru", translation)
    assert any(p.startswith(expected) for p in found), found
