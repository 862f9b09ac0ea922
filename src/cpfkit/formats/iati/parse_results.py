"""The ``<result>`` part of the IATI activity parser: results, indicators, baselines, periods, targets and actuals.

A result with an unknown or missing type, or an indicator with an unknown or
missing measure, is left out with a warning; a period without its dates, or a
value of a quantitative indicator that is not a number, fails the activity
(cpfkit never guesses a figure).
"""

from __future__ import annotations

from typing import Any

from cpfkit.formats.iati.limits import shown
from cpfkit.formats.iati.parse_base import Element, ParserBase, new_record
from cpfkit.model.iati import IatiIndicator, IatiPeriod, IatiResult, IatiValue, Narrative

__all__ = ["ResultsParser"]

_QUALITATIVE = "5"


class ResultsParser(ParserBase):
    """Reads the results of an activity (the rest of :class:`~cpfkit.formats.iati.parse.ActivityParser`)."""

    def _result(self, e: Element, acc: dict[str, Any]) -> None:
        kind = self._element_code("result/@type", e.get("type"), e, "result/@type")
        if kind is None:
            return
        titles: tuple[Narrative, ...] = ()
        descriptions: tuple[Narrative, ...] = ()
        indicators: list[IatiIndicator] = []
        for c in e:
            tag = c.tag
            if tag == "indicator":
                indicator = self._indicator(c)
                if indicator is not None:
                    indicators.append(indicator)
            elif tag == "title":
                titles = self._narratives(c, "result/title")
            elif tag == "description":
                descriptions = self._narratives(c, "result/description")
            elif tag == "reference":
                self._opt_code("result/reference/@vocabulary", c.get("vocabulary"), c, "result/reference/@vocabulary")
        acc["results"].append(
            IatiResult(
                type=kind,
                aggregation_status=e.get("aggregation-status"),
                titles=titles,
                descriptions=descriptions,
                indicators=tuple(indicators),
            )
        )

    def _indicator(self, e: Element) -> IatiIndicator | None:
        measure = self._element_code("indicator/@measure", e.get("measure"), e, "result/indicator/@measure")
        if measure is None:
            return None
        titles: tuple[Narrative, ...] = ()
        descriptions: tuple[Narrative, ...] = ()
        references: list[tuple[str | None, str | None, str | None]] = []
        baselines: list[IatiValue] = []
        periods: list[IatiPeriod] = []
        for c in e:
            tag = c.tag
            if tag == "period":
                periods.append(self._period(c, measure))
            elif tag == "baseline":
                baselines.append(self._value(c, measure, "result/indicator/baseline", baseline=True))
            elif tag == "title":
                titles = self._narratives(c, "result/indicator/title")
            elif tag == "description":
                descriptions = self._narratives(c, "result/indicator/description")
            elif tag == "reference":
                vocabulary = self._opt_code(
                    "indicator/reference/@vocabulary", c.get("vocabulary"), c, "result/indicator/reference/@vocabulary"
                )
                references.append((vocabulary, c.get("code"), c.get("indicator-uri")))
        return IatiIndicator(
            measure=measure,
            ascending=e.get("ascending"),
            aggregation_status=e.get("aggregation-status"),
            titles=titles,
            descriptions=descriptions,
            references=tuple(references),
            baselines=tuple(baselines),
            periods=tuple(periods),
        )

    def _period(self, e: Element, measure: str) -> IatiPeriod:
        start = end = None
        targets: list[IatiValue] = []
        actuals: list[IatiValue] = []
        for c in e:
            tag = c.tag
            if tag == "target":
                targets.append(self._value(c, measure, "result/indicator/period/target"))
            elif tag == "actual":
                actuals.append(self._value(c, measure, "result/indicator/period/actual"))
            elif tag == "period-start":
                start = self._date(c.get("iso-date"), c, "result/indicator/period/period-start/@iso-date")
            elif tag == "period-end":
                end = self._date(c.get("iso-date"), c, "result/indicator/period/period-end/@iso-date")
        if start is None or end is None:
            self._fail("needs period-start and period-end", e, "result/indicator/period")
        return new_record(IatiPeriod, (start, end, tuple(targets), tuple(actuals)))

    def _value(self, e: Element, measure: str, path: str, *, baseline: bool = False) -> IatiValue:
        raw = e.get("value")
        if raw is not None:
            raw = raw.strip()
            if measure != _QUALITATIVE:
                self._number(raw, e, f"{path}/@value")
        comments: tuple[Narrative, ...] = ()
        dimensions: list[tuple[str, str]] = []
        locations: list[str] = []
        for c in e:
            tag = c.tag
            if tag == "comment":
                comments = self._narratives(c, f"{path}/comment")
            elif tag == "dimension":
                dimensions.append((c.get("name") or "", c.get("value") or ""))
            elif tag == "location":
                locations.append(c.get("ref") or "")
        year = iso_date = None
        if baseline:
            year = e.get("year")
            if year is not None and not year.strip().isdigit():
                self._fail(f"year must be a year (yyyy), not {shown(year)}", e, f"{path}/@year")
            iso_date = self._opt_date(e.get("iso-date"), e, f"{path}/@iso-date")
        return new_record(IatiValue, (raw, comments, tuple(dimensions), tuple(locations), year, iso_date))
