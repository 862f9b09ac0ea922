"""The mixed-integer programme of a :class:`~cpfkit.plan.problem.PlanProblem`, as sparse arrays.

Variables: ``x[p, f] = 1`` when candidate ``p`` is approved in fiscal year
``f`` (one column per candidate and plannable year; years a candidate may not
take have an upper bound of 0), and, when contributions are capped at the
remaining gap to target, one continuous ``y[i]`` per indicator.

Every row and every column restriction belongs to a *group*: one constraint
as a person states it ("the FY28 envelope", "PA3 at least 15%", "KZ-1 only
after KZ-2").  The conflict search switches groups off and on.  Amounts are in
US$ millions inside the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from cpfkit.model import fy_label
from cpfkit.plan.problem import PlanProblem

__all__ = ["Group", "MilpModel", "RowInfo", "build_model"]

INF = float("inf")
MILLION = 1e6
EARLIER = 1e-7  # objective tie-break per fiscal year: of two equal plans, the earlier approvals


@dataclass(frozen=True)
class Group:
    """One constraint as people state it."""

    key: str
    kind: str
    description: str
    fy: int | None = None
    institution: str | None = None
    area: str | None = None
    project: str | None = None


@dataclass(frozen=True)
class RowInfo:
    """What a row of the model means; ``money`` rows have a right-hand side in US$ millions."""

    group: str
    kind: str
    money: bool


@dataclass
class MilpModel:
    """A built model: columns, rows (CSR) and what each means."""

    n_x: int
    columns: list[tuple[str, int]]
    cost: NDArray[np.float64]
    upper: NDArray[np.float64]
    integer: NDArray[np.bool_]
    row_start: list[int] = field(default_factory=lambda: [0])
    row_index: list[int] = field(default_factory=list)
    row_value: list[float] = field(default_factory=list)
    row_lower: list[float] = field(default_factory=list)
    row_upper: list[float] = field(default_factory=list)
    rows: list[RowInfo] = field(default_factory=list)
    restrictions: dict[str, list[int]] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    y_offset: int = 0
    indicators: tuple[str, ...] = ()
    _columns: dict[tuple[str, int], int] = field(init=False, repr=False, default_factory=dict)

    @property
    def n_cols(self) -> int:
        """Number of columns."""
        return int(self.cost.size)

    def add_row(self, cols: list[int], values: list[float], lower: float, upper: float, info: RowInfo) -> None:
        """Append one row."""
        self.row_index.extend(cols)
        self.row_value.extend(values)
        self.row_start.append(len(self.row_index))
        self.row_lower.append(lower)
        self.row_upper.append(upper)
        self.rows.append(info)

    def group(self, group: Group) -> str:
        """Register a group (once) and return its key."""
        self.groups.setdefault(group.key, group)
        return group.key

    def restrict(self, group: Group, column: int) -> None:
        """Fix a column to 0 while ``group`` is active."""
        self.restrictions.setdefault(self.group(group), []).append(column)

    def column(self, pid: str, fy: int) -> int:
        """The column of ``x[pid, fy]``."""
        return self._columns[(pid, fy)]

    def __post_init__(self) -> None:
        self._columns = {key: j for j, key in enumerate(self.columns)}


def build_model(problem: PlanProblem) -> MilpModel:
    """Build the MILP: maximise weighted normalised contributions (+ NPV term) under the plan's constraints."""
    fys = problem.fys
    candidates = problem.candidates
    columns = [(c.id, f) for c in candidates for f in fys]
    n_x = len(columns)
    capped = problem.indicator_caps is not None
    indicators = tuple(sorted({i for c in candidates for i in c.contributions})) if capped else ()
    n = n_x + len(indicators)
    cost = np.zeros(n)
    upper = np.ones(n)
    integer = np.zeros(n, dtype=bool)
    integer[:n_x] = True
    weights = problem.indicator_weights
    for j, (_, fy) in enumerate(columns):
        c = candidates[j // len(fys)]
        cost[j] = problem.npv_term(c) + (0.0 if capped else c.value(fy, weights)) - EARLIER * fys.index(fy)
    caps = problem.indicator_caps or {}
    for k, indicator in enumerate(indicators):
        cost[n_x + k] = weights.get(indicator, 0.0)
        upper[n_x + k] = max(0.0, caps.get(indicator, 0.0))
    model = MilpModel(n_x, columns, cost, upper, integer, y_offset=n_x, indicators=indicators)

    # Column restrictions: windows, the economic test, exclusions; candidates never take years outside .fys.
    for j, (pid, fy) in enumerate(columns):
        c = candidates[j // len(fys)]
        if fy not in c.fys:
            upper[j] = 0.0
            continue
        if c.blocked:
            model.restrict(Group(f"economic:{pid}", "economic_test", f"{pid}: {c.blocked}", project=pid), j)
        if pid in problem.must_exclude:
            model.restrict(Group(f"exclude:{pid}", "must_exclude", f"{pid} must not be included", project=pid), j)
        window = problem.windows.get(pid)
        if window is not None and fy not in window:
            span = "no year of the plan"
            if window:
                first, last = fy_label(min(window)), fy_label(max(window))
                span = first if first == last else f"{first}–{last}"
            model.restrict(Group(f"window:{pid}", "window", f"{pid} only in {span}", project=pid), j)

    # One fiscal year at most per candidate (structural), at least one for those that must be included.
    for i, c in enumerate(candidates):
        cols = list(range(i * len(fys), (i + 1) * len(fys)))
        model.add_row(cols, [1.0] * len(cols), -INF, 1.0, RowInfo("", "assign", False))
        if c.id in problem.must_include:
            key = model.group(Group(f"include:{c.id}", "must_include", f"{c.id} must be included", project=c.id))
            model.add_row(cols, [1.0] * len(cols), 1.0, INF, RowInfo(key, "must_include", False))

    costs_m = np.array([c.cost / MILLION for c in candidates])
    for f_pos, fy in enumerate(fys):
        if fy in problem.envelope:
            room = max(0.0, problem.envelope[fy] - problem.existing.get(fy, 0.0)) / MILLION
            cols = [i * len(fys) + f_pos for i, c in enumerate(candidates) if problem.covers(c.institution)]
            key = model.group(Group(f"envelope:{fy}", "envelope", f"envelope of {fy_label(fy)}", fy=fy))
            model.add_row(cols, [costs_m[j // len(fys)] for j in cols], -INF, room, RowInfo(key, "envelope", True))
        for (efy, inst), amount in sorted(problem.institution_envelope.items()):
            if efy != fy:
                continue
            room = max(0.0, amount - problem.institution_existing.get((fy, inst), 0.0)) / MILLION
            cols = [i * len(fys) + f_pos for i, c in enumerate(candidates) if c.institution == inst]
            key = model.group(
                Group(
                    f"institution:{fy}:{inst}",
                    "institution",
                    f"{inst} envelope of {fy_label(fy)}",
                    fy=fy,
                    institution=inst,
                )
            )
            model.add_row(cols, [costs_m[j // len(fys)] for j in cols], -INF, room, RowInfo(key, "institution", True))

    every = list(range(n_x))
    cost_of = np.repeat(costs_m, len(fys))
    base = problem.share_base_total / MILLION
    for area in sorted(set(problem.area_min) | set(problem.area_max)):
        share_of = np.repeat(np.array([c.areas.get(area, 0.0) for c in candidates]), len(fys))
        base_area = problem.share_base_by_area.get(area, 0.0) / MILLION
        if area in problem.area_min:
            m = problem.area_min[area]
            key = model.group(
                Group(f"area_min:{area}", "area_min", f"{area} at least {m:.0%} of commitments", area=area)
            )
            values = (cost_of * (share_of - m)).tolist()
            model.add_row(every, values, m * base - base_area, INF, RowInfo(key, "area_min", True))
        if area in problem.area_max:
            m = problem.area_max[area]
            key = model.group(
                Group(f"area_max:{area}", "area_max", f"{area} at most {m:.0%} of commitments", area=area)
            )
            values = (cost_of * (share_of - m)).tolist()
            model.add_row(every, values, -INF, m * base - base_area, RowInfo(key, "area_max", True))
    if problem.high_risk_max_share is not None:
        m = problem.high_risk_max_share
        high = np.repeat(np.array([1.0 if c.high_risk else 0.0 for c in candidates]), len(fys))
        key = model.group(Group("high_risk", "high_risk", f"high-risk commitments at most {m:.0%}"))
        rhs = m * base - problem.share_base_high_risk / MILLION
        model.add_row(every, (cost_of * (high - m)).tolist(), -INF, rhs, RowInfo(key, "high_risk", True))
    if problem.ibrd_limit is not None:
        cols = [j for j in every if candidates[j // len(fys)].institution == "IBRD"]
        room = max(0.0, problem.ibrd_limit - problem.ibrd_current) / MILLION
        key = model.group(Group("ibrd_exposure", "ibrd_exposure", "IBRD exposure limit"))
        model.add_row(cols, [cost_of[j] for j in cols], -INF, room, RowInfo(key, "ibrd_exposure", True))

    position = {c.id: i for i, c in enumerate(candidates)}
    for rule in problem.precedence:
        if rule.after not in position:
            continue
        key = model.group(
            Group(
                f"precedence:{rule.before}>{rule.after}",
                "precedence",
                f"{rule.after} only {rule.gap} FY or more after {rule.before}",
                project=rule.after,
            )
        )
        a = position[rule.after]
        for f_pos, fy in enumerate(fys):
            col_after = a * len(fys) + f_pos
            if rule.before_fy is not None:
                if fy < rule.before_fy + rule.gap:
                    model.restrict(model.groups[key], col_after)
                continue
            if rule.before not in position:
                model.restrict(model.groups[key], col_after)
                continue
            b = position[rule.before]
            earlier = [b * len(fys) + g for g, gfy in enumerate(fys) if gfy <= fy - rule.gap]
            model.add_row(
                [col_after, *earlier], [1.0] + [-1.0] * len(earlier), -INF, 0.0, RowInfo(key, "precedence", False)
            )

    for k, indicator in enumerate(indicators):
        cols, values = [n_x + k], [1.0]
        for i, c in enumerate(candidates):
            by_fy = c.contributions.get(indicator)
            if not by_fy:
                continue
            for f_pos, fy in enumerate(fys):
                share = by_fy.get(fy, 0.0)
                if share:
                    cols.append(i * len(fys) + f_pos)
                    values.append(-share)
        model.add_row(cols, values, -INF, 0.0, RowInfo("", "indicator", False))
    return model
