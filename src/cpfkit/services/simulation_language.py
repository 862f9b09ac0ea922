"""A risk simulation's report in the reader's language, for the HTML report and the pages.

The simulation answers in the data of record (English): its JSON, the CLI and the API keep it so.  A
report written in Russian or Kazakh is :func:`simulation_in` of it: the same figures, with the texts of
the data in that language (the programme folder's translations: the programme's title, indicators and
their units, objectives, operations, the shipped stress scenarios), and the words of the reference data
and of the engine from the catalogs (reference classes, distributions, the drivers of a tornado).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from cpfkit.language.catalogs import N_, gettext
from cpfkit.language.message import Message, render
from cpfkit.model.translations import PROGRAMME_KIND
from cpfkit.reference.simulation import load_simulation_reference
from cpfkit.reports.simulation import ReferenceClassUsed, ScenarioOutcome, SimulationReport
from cpfkit.reports.simulation_chances import IndicatorChance, ObjectiveChance
from cpfkit.reports.simulation_completion import ProjectCompletion
from cpfkit.reports.simulation_tornado import TornadoChart
from cpfkit.risk.words import CLASS_LABELS, CLASS_NAMES, SECTOR_GROUPS, distribution_message
from cpfkit.services.scenarios import scenarios as shipped_scenarios
from cpfkit.services.translations import TextBook, normalise_language, text_book
from cpfkit.store import Store

__all__ = ["short_title", "simulation_in"]

Tree = Mapping[Any, Any]

_DRIVER = re.compile(
    r"^(?:(?P<country>country)|sector (?P<group>\S+)|(?P<operation>\S+)) · (?P<channel>start|duration|cost)$"
)
"""A tornado driver as the engine names it (``cpfkit.risk.tornado.driver_names``)."""

_CHANNELS = {
    "start": N_("%(driver)s · start"),
    "duration": N_("%(driver)s · duration"),
    "cost": N_("%(driver)s · cost"),
}
"""A driver's channel: the draw of an operation's start, its duration or its cost."""
_SECTOR = N_("sector %(group)s")
_COUNTRY = N_("country")
_DISBURSEMENTS = N_("Disbursements in the period")
"""The output of the disbursements' tornado, as the engine names it."""


def _text(tree: Tree, name: str, english: str) -> str:
    """The translated text of a field, the English one where there is none (or the English is empty)."""
    found = tree.get(name)
    return found if isinstance(found, str) and found.strip() and english.strip() else english


def _optional(tree: Tree, name: str, english: str | None) -> str | None:
    return english if english is None else _text(tree, name, english)


def short_title(title: str) -> str:
    """A scenario's short name in a language: its title up to the dash that opens its explanation.

    Examples:
        >>> short_title("Падение цен на сырьё — бюджетная консолидация")
        'Падение цен на сырьё'
        >>> short_title("Девальвация тенге")
        'Девальвация тенге'
    """
    return title.split(" — ", 1)[0].strip()


class _Words:
    """The texts of one programme's data and of the catalogs in one language."""

    def __init__(self, programme_id: str, book: TextBook) -> None:
        self.pid = programme_id
        self.book = book
        self.lang = book.language

    def say(self, message: str | Message) -> str:
        return render(message, self.lang) if isinstance(message, Message) else gettext(message, self.lang)

    def indicator(self, code: str) -> Tree:
        return self.book.of(self.pid, "indicators", code)

    def unit(self, code: str, unit: str) -> str:
        """An indicator's unit; a currency code stays the code (its figures are money)."""
        if re.fullmatch(r"[A-Z]{3}", unit):
            return unit
        return _text(self.indicator(code), "unit", unit)

    def driver(self, name: str) -> str:
        found = _DRIVER.match(name)
        if found is None:
            return name
        if found["country"]:
            who = self.say(_COUNTRY)
        elif found["group"]:
            group = found["group"]
            who = self.say(Message(_SECTOR, {"group": self.say(SECTOR_GROUPS.get(group, group))}))
        else:
            who = found["operation"]
        return self.say(Message(_CHANNELS[found["channel"]], {"driver": who}))

    def tornado(self, chart: TornadoChart) -> TornadoChart:
        if chart.indicator == "disbursements" and chart.output == _DISBURSEMENTS:
            output, unit = self.say(_DISBURSEMENTS), chart.unit
        else:
            output = _text(self.indicator(chart.indicator), "name", chart.output)
            unit = self.unit(chart.indicator, chart.unit)
        drivers = tuple(replace(d, driver=self.driver(d.driver)) for d in chart.drivers)
        return replace(chart, output=output, unit=unit, drivers=drivers)

    def indicators(self, rows: tuple[IndicatorChance, ...]) -> tuple[IndicatorChance, ...]:
        return tuple(
            replace(
                i,
                name=_text(self.indicator(i.indicator), "name", i.name),
                unit=self.unit(i.indicator, i.unit),
                tornado=self.tornado(i.tornado) if i.tornado is not None else None,
            )
            for i in rows
        )

    def objectives(self, rows: tuple[ObjectiveChance, ...]) -> tuple[ObjectiveChance, ...]:
        return tuple(
            replace(o, title=_text(self.book.of(self.pid, "objectives", o.objective), "title", o.title)) for o in rows
        )

    def projects(self, rows: tuple[ProjectCompletion, ...]) -> tuple[ProjectCompletion, ...]:
        return tuple(
            replace(
                p,
                name=_text(self.book.operation(p.project, self.pid), "name", p.name),
                reference_class=self.say(CLASS_NAMES.get(p.reference_class, p.reference_class)),
            )
            for p in rows
        )

    @staticmethod
    def size(item: dict[str, object], texts: Tree) -> dict[str, object]:
        """The size of a shock with its measure, unit and note translated."""
        out = dict(item)
        for name in ("measure", "unit", "note"):
            english = item.get(name)
            if isinstance(english, str):
                out[name] = _text(texts, name, english)
        return out

    def scenario(self, s: ScenarioOutcome, texts: Tree, shocks: tuple[str, ...]) -> ScenarioOutcome:
        """A scenario's texts; ``texts`` are its translations when it is the shipped one, else empty."""
        title = _text(texts, "title", s.title)
        size_texts = texts.get("size", {})
        size = tuple(self.size(item, size_texts.get(k, {})) for k, item in enumerate(s.size))
        shock_texts = texts.get("shocks", {})
        names = {english: _text(shock_texts.get(k, {}), "name", english) for k, english in enumerate(shocks)}
        return replace(
            s,
            name=short_title(title) if title != s.title else s.name,
            title=title,
            description=_optional(texts, "description", s.description),
            size=size,
            hits={names.get(shock, shock): ops for shock, ops in s.hits.items()},
            indicators=self.indicators(s.indicators),
            objectives=self.objectives(s.objectives),
            projects=self.projects(s.projects),
            tornado=self.tornado(s.tornado),
        )

    def reference_class(self, c: ReferenceClassUsed, as_of: date) -> ReferenceClassUsed:
        ref = load_simulation_reference().classes.get(c.name)

        def described(field: str) -> str:
            english: str = getattr(c, field)
            if ref is None:
                return english
            message = distribution_message(getattr(ref, field).at(as_of))
            return self.say(message) if str(message) == english else english  # the one the report drew from

        return replace(
            c,
            name=self.say(CLASS_NAMES.get(c.name, c.name)),
            label=self.say(CLASS_LABELS[c.name]) if CLASS_LABELS.get(c.name) == c.label else c.label,
            cost_ratio=described("cost_ratio"),
            duration_ratio=described("duration_ratio"),
            approval_slip_months=described("approval_slip_months"),
        )


def _scenario_texts(
    programme_id: str, report: SimulationReport, book: TextBook
) -> dict[str, tuple[Tree, tuple[str, ...]]]:
    """The translations and English shock names of each scenario of the report shipped with the programme.

    A scenario from a file of one's own has none, even when its name is that of a shipped one.
    """
    if not report.scenarios:
        return {}
    shipped = {s.file: s for s in shipped_scenarios(programme_id)}
    out: dict[str, tuple[Tree, tuple[str, ...]]] = {}
    for s in report.scenarios:
        found = shipped.get(s.file)
        if found is not None and found.title == s.title:
            out[s.file] = (book.of(programme_id, "scenarios", found.name), found.shocks)
    return out


def simulation_in(store: Store, report: SimulationReport, language: str | None) -> SimulationReport:
    """The report with its texts in ``language`` (``ru``, ``kk``); in English it is the report itself.

    Only texts change: figures, codes, dates and the order of every list are the report's.
    """
    lang = normalise_language(language)
    if lang == "en":
        return report
    book = text_book(store, lang)  # every programme's: an operation may be defined by an earlier programme
    words = _Words(report.programme, book)
    programme = book.of(report.programme, PROGRAMME_KIND, report.programme)
    scenario_texts = _scenario_texts(report.programme, report, book)
    assumptions = replace(
        report.assumptions,
        reference_classes=tuple(words.reference_class(c, report.as_of) for c in report.assumptions.reference_classes),
    )
    return replace(
        report,
        title=_text(programme, "title", report.title),
        indicators=words.indicators(report.indicators),
        objectives=words.objectives(report.objectives),
        projects=words.projects(report.projects),
        tornado=words.tornado(report.tornado),
        tornado_disbursements=words.tornado(report.tornado_disbursements),
        assumptions=assumptions,
        scenarios=tuple(words.scenario(s, *scenario_texts.get(s.file, ({}, ()))) for s in report.scenarios),
    )
