"""The contribution links: which operations move which indicator, by how much, and when.

One reading of ``contributions.csv`` for the planner and the risk simulation
(``docs/definitions.md``, "Contributions"):

* A link says that an operation changes an indicator by ``value``, in the
  indicator's unit, counted towards its target (positive when it moves the
  indicator towards the target, whatever the direction).
* The change builds up in a straight line over ``lag_years`` from the
  operation's approval; with a lag of 0 it is in place at approval.
* A *milestone* — an indicator that is 0 or 1, written with the unit ``0/1``
  (``milestone (0/1)``) — does not build up: the change is in place all at
  once, when the lag has passed (at approval with a lag of 0).
* An operation's ``share`` of an indicator is its value over the indicator's
  baseline-to-target change; an indicator without a baseline, a target or a
  change between them has no shares (the planner does not score it).

Only the links of operations that are not dropped count; the caller decides
which operations it reads (the planner its candidates and approved
operations, the simulation the operations it simulates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cpfkit.model import Indicator, ProgrammeData

__all__ = ["YEAR_DAYS", "Link", "Links", "delivered_share", "in_place", "is_milestone", "read_links"]

YEAR_DAYS = 365.25


def is_milestone(indicator: Indicator) -> bool:
    """Whether an indicator is a milestone: unit written with ``0/1``, baseline and target 0 and 1.

    Examples:
        >>> from cpfkit.model import Observation
        >>> def ind(unit, start, end):
        ...     return Indicator(code="I", name="x", unit=unit, source="s",
        ...         baseline=Observation(value=start, date=date(2025, 1, 1)),
        ...         target=Observation(value=end, date=date(2029, 1, 1)))
        >>> is_milestone(ind("milestone (0/1)", 0, 1)), is_milestone(ind("agreements", 0, 1))
        (True, False)
        >>> is_milestone(ind("milestone (0/1)", 0, 2))
        False
    """
    if indicator.baseline is None or indicator.target is None or "0/1" not in indicator.unit:
        return False
    return {indicator.baseline.value, indicator.target.value} == {0, 1}


def in_place(elapsed_days: float, lag_years: float, *, step: bool = False) -> float:
    """Share of a contribution in place ``elapsed_days`` after the operation's approval.

    A straight line over ``lag_years``; all at once when the lag has passed for a
    ``step`` (a milestone) or a lag of 0.

    Examples:
        >>> in_place(730.5, 4.0), in_place(730.5, 4.0, step=True), in_place(1461, 4.0, step=True)
        (0.5, 0.0, 1.0)
        >>> in_place(0, 0.0), in_place(-1, 0.0)
        (1.0, 0.0)
    """
    years = elapsed_days / YEAR_DAYS
    if step or lag_years <= 0:
        return 1.0 if years >= lag_years else 0.0
    return min(1.0, max(0.0, years / lag_years))


def delivered_share(approval: date, lag_years: float, target: date, *, step: bool = False) -> float:
    """Share of a contribution in place by the target date, building up over ``lag_years`` from approval.

    Examples:
        >>> round(delivered_share(date(2028, 1, 1), 4.0, date(2031, 6, 30)), 3)
        0.873
        >>> delivered_share(date(2028, 1, 1), 0.0, date(2027, 6, 30))
        0.0
    """
    return in_place((target - approval).days, lag_years, step=step)


@dataclass(frozen=True)
class Link:
    """One operation's expected change of one indicator."""

    project: str
    indicator: str
    value: float
    lag_years: float
    milestone: bool
    share: float | None

    def in_place(self, approval: date, on: date) -> float:
        """Share of the change in place on a date for an operation approved on ``approval``."""
        return delivered_share(approval, self.lag_years, on, step=self.milestone)


@dataclass(frozen=True)
class Links:
    """Every link of a programme, in the order of its ``contributions.csv``.

    ``spans`` holds |target − baseline| of each indicator that has links and a
    baseline-to-target change; ``unscored`` the indicators that have links but
    no such change (no shares).
    """

    links: tuple[Link, ...]
    spans: dict[str, float]
    unscored: tuple[str, ...]

    def of_indicator(self, code: str) -> tuple[Link, ...]:
        """The links to one indicator."""
        return tuple(link for link in self.links if link.indicator == code)

    def of_project(self, project: str) -> tuple[Link, ...]:
        """The links of one operation."""
        return tuple(link for link in self.links if link.project == project)


def read_links(data: ProgrammeData) -> Links:
    """The links of a programme's ``contributions.csv`` to its indicators.

    Raises:
        KeyError: a link names an indicator the programme does not have (the
            programme folder reader refuses such a file first).
    """
    indicators = {indicator.code: indicator for _, _, indicator in data.programme.indicators()}
    spans: dict[str, float] = {}
    unscored: list[str] = []
    links: list[Link] = []
    for c in data.contributions:
        ind = indicators[c.indicator]
        if c.indicator not in spans and c.indicator not in unscored:
            if ind.baseline is None or ind.target is None or ind.target.value == ind.baseline.value:
                unscored.append(c.indicator)
            else:
                spans[c.indicator] = abs(float(ind.target.value - ind.baseline.value))
        span = spans.get(c.indicator)
        value = float(c.value)
        links.append(
            Link(
                project=c.project,
                indicator=c.indicator,
                value=value,
                lag_years=float(c.lag_years),
                milestone=is_milestone(ind),
                share=value / span if span else None,
            )
        )
    return Links(tuple(links), spans, tuple(unscored))
