"""How a plan scores the indicators: their weights, and the part of each gap the approved operations already cover.

An operation's contribution to an indicator, if approved in a fiscal year, is
its normalised value (value / |target − baseline|) × the share in place by
the indicator's target date × the probability that it completes by then
(``docs/planning.md``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cpfkit.language.catalogs import N_
from cpfkit.language.message import Message
from cpfkit.metrics.contributions import Link, read_links
from cpfkit.model import Indicator, ProgrammeData, ProjectStatus
from cpfkit.model.plan import ObjectiveSettings

__all__ = ["IndicatorScores", "Probability", "score_indicators"]

Probability = Callable[[str], float]
"""The probability that an operation (by id) completes by the target date."""


@dataclass(frozen=True)
class IndicatorScores:
    """The indicators a plan scores, and each operation's links to them.

    ``links`` maps an operation to its contributions (link, normalised share, the indicator's target date);
    ``existing`` is the progress the approved operations already bring; ``gaps`` what is left (at least 0).
    """

    meta: dict[str, Indicator]
    area: dict[str, str]
    spans: dict[str, float]
    links: dict[str, list[tuple[Link, float, date]]]
    existing: dict[str, float]
    weights: dict[str, float]
    gaps: dict[str, float]
    notes: list[Message] = field(default_factory=list)


def score_indicators(
    data: ProgrammeData, objective: ObjectiveSettings, candidates: Collection[str], probability: Probability
) -> IndicatorScores:
    """The weights and remaining gaps of the programme's indicators, given the operations that are candidates."""
    area: dict[str, str] = {}
    meta: dict[str, Indicator] = {}
    for a, _, indicator in data.programme.indicators():
        area[indicator.code] = a.code
        meta[indicator.code] = indicator
    reading = read_links(data)
    notes = [
        Message(
            N_("indicator %(code)s has no baseline-to-target change: its contributions are not scored"),
            {"code": code},
        )
        for code in reading.unscored
    ]
    links: dict[str, list[tuple[Link, float, date]]] = defaultdict(list)
    for contribution in reading.links:
        if contribution.share is None:
            continue
        target = meta[contribution.indicator].target
        assert target is not None
        links[contribution.project].append((contribution, contribution.share, target.date))
    existing: dict[str, float] = defaultdict(float)
    for p in data.projects:
        if p.id in candidates or p.status is ProjectStatus.DROPPED or p.dates.approval is None:
            continue
        for contribution, normalised, target_date in links.get(p.id, []):
            share = contribution.in_place(p.dates.approval, target_date)
            existing[contribution.indicator] += normalised * share * probability(p.id)
    weights: dict[str, float] = {}
    for code in reading.spans:
        w = float(objective.area_weights.get(area[code], Decimal(1)))
        weights[code] = float(objective.indicator_weights.get(code, Decimal(str(w))))
    gaps = {code: max(0.0, 1.0 - existing[code]) for code in reading.spans}
    return IndicatorScores(meta, area, reading.spans, links, existing, weights, gaps, notes)
