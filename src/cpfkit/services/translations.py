"""The data in the reader's language: the stored translations laid over the English data of record.

:func:`in_language` is the one overlay: given a language, it returns a
programme's data (framework, operations, ledger notes, risks, …) with each
text that has a translation in that language replaced by it, and every other
text as it is — the English text of record.  A record a user entered after the
folder was loaded has no translation and is shown as entered.  Only texts are
replaced: codes, figures, dates and links are the same in every language.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from pydantic import BaseModel

from cpfkit.model import Programme, ProgrammeData, Project
from cpfkit.model.translations import DATA_LANGUAGES, PROGRAMME_KIND, TextTranslation
from cpfkit.reference import load_regions, sector_names
from cpfkit.store import Store

__all__ = [
    "LANGUAGES",
    "TextBook",
    "in_language",
    "normalise_language",
    "place_name",
    "programme_in",
    "project_in",
    "records_in",
    "review_in",
    "risks_in",
    "scenarios_in",
    "summaries_in",
    "text_book",
]

LANGUAGES = ("en", *DATA_LANGUAGES)
"""The languages the data can be read in: English (the data of record) and its translations."""

T = TypeVar("T")
_CURRENCY = re.compile(r"[A-Z]{3}")
Tree = dict[Any, Any]


def normalise_language(language: str | None) -> str:
    """``ru``, ``kk`` or ``en`` (anything else, or nothing, is English)."""
    code = (language or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else "en"


@dataclass(frozen=True)
class TextBook:
    """The stored translations into one language, by programme, kind of record and record key."""

    language: str
    records: Mapping[tuple[str, str, str], Tree] = field(default_factory=dict)
    operations: Mapping[str, Tree] = field(default_factory=dict)

    def of(self, programme_id: str, kind: str, key: str) -> Tree:
        """The translated texts of one record, shaped as the record (empty when there are none)."""
        return self.records.get((programme_id, kind, key), {})

    def operation(self, project_id: str, programme_id: str | None = None) -> Tree:
        """An operation's translated texts: as the programme that defines it gives them."""
        if programme_id is not None:
            own = self.records.get((programme_id, "operations", project_id))
            if own:
                return own
        return self.operations.get(project_id, {})

    def found(self, kind: str, key: str, programme_id: str) -> Tree:
        """A record's translated texts as the programme gives them, else as the first other programme does.

        An event or a rating of an operation is recorded by the programme that defines the operation;
        another programme that counts the operation shows the same record.
        """
        own = self.records.get((programme_id, kind, key))
        if own:
            return own
        return next((tree for (_, k, name), tree in sorted(self.records.items()) if k == kind and name == key), {})


def _tree(translations: Iterable[TextTranslation]) -> Tree:
    root: Tree = {}
    for t in translations:
        node = root
        *parents, last = t.path
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = t.text
    return root


def text_book(store: Store, language: str, programme_ids: Sequence[str] | None = None) -> TextBook:
    """The translations into ``language`` the store holds (of every programme, or of those named)."""
    from cpfkit.store.repository_translations import load_translations

    language = normalise_language(language)
    if language == "en":
        return TextBook(language)
    with store.reader() as session:
        found = load_translations(session, language, None if programme_ids is None else list(programme_ids))
    grouped: dict[tuple[str, str, str], list[TextTranslation]] = defaultdict(list)
    for programme_id, t in found:
        grouped[(programme_id, t.kind, t.key)].append(t)
    records = {k: _tree(v) for k, v in grouped.items()}
    operations = {key: tree for (_, kind, key), tree in sorted(records.items()) if kind == "operations"}
    return TextBook(language, records, operations)


def _apply(value: Any, tree: Any) -> Any:
    """``value`` with the texts of ``tree`` laid over it (a text only where the English has one)."""
    if isinstance(tree, str):
        return tree if isinstance(value, str) and value.strip() else value
    if not isinstance(tree, dict) or not tree:
        return value
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        update = {name: _apply(getattr(value, name), sub) for name, sub in tree.items() if name in fields}
        return value.model_copy(update=update) if update else value
    if isinstance(value, tuple | list):
        items = [_apply(item, tree[i]) if i in tree else item for i, item in enumerate(value)]
        return type(value)(items)
    if isinstance(value, dict):
        return {k: _apply(v, tree[k]) if k in tree else v for k, v in value.items()}
    return value


def place_name(country: str | None, name: str, language: str) -> str:
    """The name of a region or city of republican significance in ``language``, from the regions reference.

    ``name`` may be the place's English, Russian, Kazakh or former name; a place the reference does
    not hold keeps ``name``.
    """
    if language == "en" or not country:
        return name
    regions = load_regions(country)
    place = regions.find(name) if regions is not None else None
    if place is None:
        return name
    return place.name_ru if language == "ru" else place.name_kk if language == "kk" else place.name


def project_in(project: Project, texts: Tree, language: str = "en") -> Project:
    """An operation with its translated texts; a co-mobiliser is named as its financing line is.

    A location that is a region or a city of republican significance takes its name in ``language``
    from the regions reference (the names the map and the filters use); a sector the texts do not
    translate (an operation entered later) is named by the sector names reference.
    """
    translated: Project = _apply(project, texts) if texts else project
    if language != "en" and project.sectors:
        named = sector_names(language)
        sectors = tuple(
            s.model_copy(update={"name": named[(s.vocabulary, s.code)]})
            if s.name == english.name and (s.vocabulary, s.code) in named
            else s
            for s, english in zip(translated.sectors, project.sectors, strict=True)
        )
        if sectors != translated.sectors:
            translated = translated.model_copy(update={"sectors": sectors})
    if language != "en" and project.locations:
        locations = tuple(
            loc.model_copy(update={"name": place_name(project.country, english.name, language)})
            if place_name(project.country, english.name, language) != english.name
            else loc
            for loc, english in zip(translated.locations, project.locations, strict=True)
        )
        translated = translated.model_copy(update={"locations": locations})
    if not texts:
        return translated
    names = {
        old.financier.strip().casefold(): new.financier
        for old, new in zip(project.financing, translated.financing, strict=True)
        if old.financier != new.financier
    }
    if names and any(f.co_mobilisers for f in translated.financing):
        financing = tuple(
            f.model_copy(update={"co_mobilisers": tuple(names.get(n.strip().casefold(), n) for n in f.co_mobilisers)})
            if f.co_mobilisers
            else f
            for f in translated.financing
        )
        translated = translated.model_copy(update={"financing": financing})
    return translated


def _indicator_texts(unit: str, texts: Tree) -> Tree:
    """An indicator's translated texts, but a unit that is a currency code stays the code.

    Figures in a currency are written as money from the code, in the reader's language.
    """
    if _CURRENCY.fullmatch(unit) and "unit" in texts:
        return {k: v for k, v in texts.items() if k != "unit"}
    return texts


def programme_in(programme: Programme, book: TextBook) -> Programme:
    """A programme's own texts and its results framework (areas, objectives, indicators) in the book's language."""
    if not book.records:
        return programme
    pid = programme.id
    areas = []
    for area in programme.priority_areas:
        objectives = []
        for objective in area.objectives:
            indicators = tuple(
                _apply(i, _indicator_texts(i.unit, book.of(pid, "indicators", i.code))) for i in objective.indicators
            )
            objective = _apply(objective, book.of(pid, "objectives", objective.code))
            objectives.append(objective.model_copy(update={"indicators": indicators}))
        area = _apply(area, book.of(pid, "priority_areas", area.code))
        areas.append(area.model_copy(update={"objectives": tuple(objectives)}))
    own: Programme = _apply(programme, book.of(pid, PROGRAMME_KIND, pid))
    return own.model_copy(update={"priority_areas": tuple(areas)})


def _rows(pid: str, kind: str, rows: Sequence[T], key: Any, book: TextBook) -> tuple[T, ...]:
    return tuple(_apply(row, book.of(pid, kind, key(row))) for row in rows)


def _day(value: Any) -> str:
    return value.isoformat() if value is not None else ""


def _code(value: Any) -> str:
    return str(getattr(value, "value", value) or "")


def in_language(data: ProgrammeData, book: TextBook) -> ProgrammeData:
    """A programme's data with the texts of ``book`` laid over the English ones.

    Every text without a translation in the book's language stays English (a record entered
    by a user after the folder was loaded, a field added since).  Figures, codes and links
    are left as they are.
    """
    if book.language == "en":
        return data
    pid = data.programme.id
    return data.model_copy(
        update={
            "programme": programme_in(data.programme, book),
            "projects": tuple(project_in(p, book.operation(p.id, pid), book.language) for p in data.projects),
            "risks": _rows(pid, "risks", data.risks, lambda r: r.code, book),
            "events": _rows(pid, "events", data.events, lambda e: f"{e.project}|{_code(e.kind)}|{_day(e.date)}", book),
            "country_flags": _rows(
                pid, "country_flags", data.country_flags, lambda f: f"{_code(f.kind)}|{_day(f.date)}", book
            ),
            "transactions": _rows(
                pid, "transactions", data.transactions, lambda t: f"{t.project}|{_code(t.type)}|{_day(t.date)}", book
            ),
            "measurements": _rows(
                pid,
                "measurements",
                data.measurements,
                lambda m: f"{m.indicator}|{m.project or ''}|{_day(m.date)}",
                book,
            ),
            "ratings": _rows(
                pid, "ratings", data.ratings, lambda r: f"{r.project}|{_code(r.kind)}|{_day(r.date)}", book
            ),
            "contributions": _rows(
                pid, "contributions", data.contributions, lambda c: f"{c.project}|{c.indicator}", book
            ),
            "appraisals": _rows(pid, "appraisal", data.appraisals, lambda a: a.project, book),
        }
    )


def summaries_in(summaries: Sequence[T], book: TextBook) -> list[T]:
    """Programme summaries (``cpfkit.services.programmes.ProgrammeSummary``) with the programme's title translated."""
    out = []
    for summary in summaries:
        pid = getattr(summary, "id", "")
        title = book.of(pid, PROGRAMME_KIND, pid).get("title")
        out.append(replace(summary, title=title) if isinstance(title, str) else summary)  # type: ignore[type-var]
    return out


def risks_in(risks: Sequence[T], programme_id: str, book: TextBook) -> list[T]:
    """Entries of a programme's risk register with their translated texts (those without stay English)."""
    return [_apply(r, book.of(programme_id, "risks", getattr(r, "code", ""))) for r in risks]


def scenarios_in(summaries: Sequence[T], programme_id: str, book: TextBook) -> list[T]:
    """Scenario summaries with their translated title, description and shock names.

    The summaries are :class:`cpfkit.services.scenarios.ScenarioSummary`, named by their file.
    """
    out = []
    for summary in summaries:
        texts = book.of(programme_id, "scenarios", getattr(summary, "name", ""))
        if not texts:
            out.append(summary)
            continue
        shocks = texts.get("shocks", {})
        names = tuple(
            shocks.get(i, {}).get("name", name) if isinstance(shocks.get(i), dict) else name
            for i, name in enumerate(getattr(summary, "shocks", ()))
        )
        title = texts.get("title") or getattr(summary, "title", "")
        description = texts.get("description") or getattr(summary, "description", None)
        out.append(replace(summary, title=title, description=description, shocks=names))  # type: ignore[type-var]
    return out


# the flags whose evidence quotes the note of an event, and the kind of that event (``events.csv``)
_NOTED_FLAGS = {"counterpart-funds": "counterpart-shortfall", "legal-covenants": "covenant-breach"}


def _named(line: T, texts: Tree, agency_field: str) -> T:
    """A line of the review naming an operation, with the operation's name and agency in the book's language."""
    update = {"name": texts["name"]} if isinstance(texts.get("name"), str) else {}
    agency = texts.get("implementing_agency")
    if isinstance(agency, str) and getattr(line, agency_field, None):
        update[agency_field] = agency
    return replace(line, **update) if update else line  # type: ignore[type-var]


def _flag_in(flag: Any, programme_id: str, book: TextBook) -> Any:
    flag = _named(flag, book.operation(flag.project, programme_id), "accountable")
    kind, message = _NOTED_FLAGS.get(flag.flag), flag.evidence_message
    if kind is None or message is None or "note" not in message.params:
        return flag
    note = book.found("events", f"{flag.project}|{kind}|{flag.facts.get('since')}", programme_id).get("note")
    if not isinstance(note, str):
        return flag
    return replace(flag, evidence_message=replace(message, params={**message.params, "note": note}))


def review_in(report: T, programme_id: str, book: TextBook) -> T:
    """A portfolio review (:class:`cpfkit.reports.portfolio.PortfolioReport`) naming operations in the book's language.

    The names and implementing agencies of the flags, the table of operations and the proactivity
    cases, and the note of an event a flag's evidence quotes, are those of the translations where
    there are some.  Figures, codes and the English ``evidence`` are left as they are.
    """
    if book.language == "en" or not book.records:
        return report
    flags = tuple(_flag_in(f, programme_id, book) for f in getattr(report, "flags", ()))
    operations = tuple(
        _named(line, book.operation(line.project, programme_id), "implementing_agency")
        for line in getattr(report, "operations", ())
    )
    cases = tuple(
        _named(case, book.operation(case.project, programme_id), "accountable")
        for case in getattr(report, "proactivity", ())
    )
    return replace(report, flags=flags, operations=operations, proactivity=cases)  # type: ignore[type-var]


def _located(record: T, english: T, language: str) -> T:
    """An operation's record (a row of ``GET /api/projects``) with its regions and cities named in ``language``.

    The place is found by its English name (``english`` is the record as stored), as :func:`project_in` does.
    """
    country, locations = getattr(english, "country", None), getattr(record, "locations", None)
    if not locations:
        return record
    named = [
        {**loc, "name": place_name(country, old["name"], language)}
        if isinstance(loc, dict) and isinstance(old, dict) and place_name(country, old["name"], language) != old["name"]
        else loc
        for loc, old in zip(locations, getattr(english, "locations", ()), strict=True)
    ]
    return record.model_copy(update={"locations": named}) if named != locations else record  # type: ignore[attr-defined]


def _sectored(record: T, english: T, language: str) -> T:
    """An operation's record (a row of ``GET /api/projects``) naming by the reference the sectors its texts do not."""
    named, sectors = sector_names(language), getattr(record, "sectors", None)
    if not sectors or not named:
        return record
    shown = [
        {**s, "name": named[(str(s.get("vocabulary", "1")), str(s.get("code")))]}
        if isinstance(s, dict)
        and s.get("name") == old.get("name")
        and (str(s.get("vocabulary", "1")), str(s.get("code"))) in named
        else s
        for s, old in zip(sectors, getattr(english, "sectors", ()), strict=True)
    ]
    return record.model_copy(update={"sectors": shown}) if shown != sectors else record  # type: ignore[attr-defined]


# the records of the API's lists (``GET /api/<path>``): the kind of record a translation names, its key, and
# the programme whose translations name it (none: the record belongs to an operation, named by any programme)
_RECORD_KEYS: dict[str, tuple[str, Any, Any]] = {
    "priority-areas": ("priority_areas", lambda r: r.code, lambda r: r.programme),
    "objectives": ("objectives", lambda r: r.code, lambda r: r.programme),
    "indicators": ("indicators", lambda r: r.code, lambda r: r.programme),
    "measurements": (
        "measurements",
        lambda r: f"{r.indicator}|{r.project or ''}|{_day(r.date)}",
        lambda r: r.programme,
    ),
    "projects": ("operations", lambda r: r.id, lambda r: r.owner_programme),
    "transactions": ("transactions", lambda r: f"{r.project}|{_code(r.type)}|{_day(r.date)}", lambda r: None),
    "ratings": ("ratings", lambda r: f"{r.project}|{_code(r.kind)}|{_day(r.date)}", lambda r: None),
    "risks": ("risks", lambda r: r.code, lambda r: r.programme),
}


def records_in(path: str, records: Sequence[T], book: TextBook) -> list[T]:
    """The records of one of the API's lists (``GET /api/<path>``) with their texts in the book's language.

    Priority areas, objectives, indicators (a currency unit stays its code), measurements, operations
    (their regions and cities by the regions reference), transactions, ratings and risks take their
    translated texts; every other text, and every record of another list, stays as stored.
    """
    how = _RECORD_KEYS.get(path)
    if book.language == "en" or how is None:
        return list(records)
    kind, key, programme = how
    out = []
    for record in records:
        owner = programme(record)
        if kind == "operations":
            texts = book.operation(key(record), owner)
        else:
            texts = book.of(owner, kind, key(record)) if owner else book.found(kind, key(record), "")
        if kind == "indicators":
            texts = _indicator_texts(getattr(record, "unit", ""), texts)
        translated = _apply(record, texts) if texts else record
        out.append(
            _located(_sectored(translated, record, book.language), record, book.language)
            if kind == "operations"
            else translated
        )
    return out
