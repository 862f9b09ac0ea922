"""A planning scenario checked against its programme: every operation, area, indicator and rule it names exists.

Each error names the scenario's file (or the request) and the field, through
:func:`cpfkit.plan.envelope.fail`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date

from cpfkit.errors import MissingReference
from cpfkit.model import ProgrammeData, Project, ProjectStatus, fiscal_year
from cpfkit.model.plan import PlanConstraints
from cpfkit.plan.envelope import fail
from cpfkit.plan.problem import Precedence

__all__ = ["ScenarioCheck"]


class ScenarioCheck:
    """The checks of one scenario against one programme on the planning date.

    ``pipeline`` are the candidates (by id): the operations a scenario may place, include or exclude.
    """

    def __init__(
        self,
        data: ProgrammeData,
        constraints: PlanConstraints,
        pipeline: Mapping[str, Project],
        *,
        as_of: date,
        origin: str,
    ) -> None:
        self.data = data
        self.constraints = constraints
        self.pipeline = pipeline
        self.as_of = as_of
        self.origin = origin
        self.known = {p.id for p in data.projects}
        self.programme = data.programme.id

    def candidate(self, pid: str, field: str, what: str = "a pipeline operation") -> None:
        """Fail unless ``pid`` is a candidate of the plan."""
        if pid not in self.known:
            raise fail(self.origin, field, f"no operation {pid} in programme {self.programme}", MissingReference)
        if pid not in self.pipeline:
            raise fail(self.origin, field, f"{pid} is not {what} of {self.programme} on {self.as_of}")

    def references(self, indicators: Collection[str]) -> None:
        """Fail on the first operation, priority area or indicator the scenario names that the programme lacks."""
        constraints, objective = self.constraints, self.constraints.objective
        areas = {a.code for a in self.data.programme.priority_areas}
        for i, pid in enumerate(constraints.must_include):
            self.candidate(pid, f"must_include.{i}")
        for i, pid in enumerate(constraints.must_exclude):
            self.candidate(pid, f"must_exclude.{i}")
        for pid in constraints.windows:
            self.candidate(pid, f"windows.{pid}")
        for code in constraints.priority_areas:
            if code not in areas:
                raise fail(
                    self.origin,
                    f"priority_areas.{code}",
                    f"no priority area {code} in {self.programme}",
                    MissingReference,
                )
        for code in objective.area_weights:
            if code not in areas:
                raise fail(
                    self.origin,
                    f"objective.area_weights.{code}",
                    f"no priority area {code} in {self.programme}",
                    MissingReference,
                )
        for pid in constraints.high_risk.ratings:
            if pid not in self.known:
                raise fail(
                    self.origin,
                    f"high_risk.ratings.{pid}",
                    f"no operation {pid} in programme {self.programme}",
                    MissingReference,
                )
        for code in objective.indicator_weights:
            if code not in indicators:
                raise fail(
                    self.origin,
                    f"objective.indicator_weights.{code}",
                    f"no indicator {code} in {self.programme}",
                    MissingReference,
                )

    def precedence(self) -> list[Precedence]:
        """The scenario's precedence rules, each ``before`` operation placed in its fiscal year if approved."""
        rules: list[Precedence] = []
        start_month = self.data.programme.fy_start_month
        for i, rule in enumerate(self.constraints.precedence):
            self.candidate(rule.after, f"precedence.{i}.after")
            if rule.before not in self.known:
                raise fail(
                    self.origin,
                    f"precedence.{i}.before",
                    f"no operation {rule.before} in {self.programme}",
                    MissingReference,
                )
            before = next(p for p in self.data.projects if p.id == rule.before)
            before_fy = None
            if rule.before not in self.pipeline:
                if before.status is ProjectStatus.DROPPED or before.dates.approval is None:
                    raise fail(
                        self.origin, f"precedence.{i}.before", f"{rule.before} is dropped or has no approval date"
                    )
                before_fy = fiscal_year(before.dates.approval, start_month)
            rules.append(Precedence(rule.before, rule.after, rule.min_gap_years, before_fy))
        return rules
