"""From a programme and a planning scenario to the numbers of the allocation problem.

The rules (``docs/planning.md``, ``docs/definitions.md`` § Planning):

* **Candidates** are the programme's own operations in the pipeline (status
  ``pipeline``, or approved after the as-of date), not dropped, with a
  commitment.  They may be approved in any fiscal year from the as-of date's to
  the programme's last, within their window: by default not before the fiscal
  year of their planned approval (they are not ready earlier).
* **Envelope room** of a fiscal year = envelope − commitments already approved
  in it (the envelope rule of ``docs/definitions.md``), never below zero; the
  same per institution when the envelope is split.  ``--envelope-per-fy``
  replaces every year's total and scales the split in proportion.
* **Contribution** of an operation to an indicator, if approved in fiscal year
  ``f``: value / |target − baseline| (normalised), × the share in place by the
  indicator's target date (approval assumed mid-year; results build up in a
  straight line over ``lag_years``), × the probability of completing by the
  target date (1.0 when no simulation is available).
* **Priority-area shares** count an operation's commitment equally under each
  priority area it serves, over the commitments already approved in the
  programme's years plus the plan; the **high-risk share** counts operations
  whose latest overall SORT rating (on or before the as-of date, or as the
  scenario sets it) is one of the high levels.
* **IBRD exposure** = the limit (scenario, else the programme's
  ``ibrd_exposure_limit``) against the net commitments of the IBRD operations
  the programme counts and that are not closed (a conservative stand-in for
  disbursed-and-outstanding), plus the plan's IBRD commitments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cpfkit.errors import DataError, MissingReference
from cpfkit.metrics.contributions import Link, read_links
from cpfkit.metrics.ledger import commitment_usd, ledger_totals
from cpfkit.model import (
    FxRates,
    Institution,
    ProgrammeData,
    Project,
    ProjectStatus,
    RiskLevel,
    SortCategory,
    fiscal_year,
    to_usd,
)
from cpfkit.model.plan import PlanConstraints
from cpfkit.plan.envelope import envelope_rooms, fail
from cpfkit.plan.problem import Candidate, PlanProblem, Precedence
from cpfkit.plan.timing import mid_year

__all__ = ["CandidateInfo", "IndicatorInfo", "PlanContext", "build_problem"]


@dataclass(frozen=True)
class IndicatorInfo:
    """An indicator the plan scores: its weight, and the part of its gap already covered."""

    code: str
    name: str
    unit: str
    priority_area: str
    weight: float
    span: float
    existing: float
    remaining_gap: float


@dataclass(frozen=True)
class CandidateInfo:
    """What the report says about a candidate besides the plan."""

    id: str
    name: str
    institution: str
    instrument: str
    cost_usd: Decimal
    planned_fy: int | None
    priority_areas: tuple[str, ...]
    risk: str | None
    npv_usd: float | None
    completion_probability: float
    illustrative: bool
    npv_illustrative: bool = False


@dataclass(frozen=True)
class PlanContext:
    """The programme-side facts of a plan, for the report."""

    programme: str
    title: str
    as_of: date
    fys: tuple[int, ...]
    envelope: dict[int, float]
    existing: dict[int, float]
    institution_envelope: dict[tuple[int, str], float]
    institution_existing: dict[tuple[int, str], float]
    candidates: dict[str, CandidateInfo]
    indicators: dict[str, IndicatorInfo]
    risk_adjustment: str
    notes: tuple[str, ...] = ()
    settings: dict[str, object] = field(default_factory=dict)


def _usd(amount: Decimal | float) -> float:
    return float(amount)


def _latest_overall(data: ProgrammeData, project: str, as_of: date) -> RiskLevel | None:
    ratings = [
        r for r in data.sort_ratings if r.subject == project and r.category is SortCategory.OVERALL and r.date <= as_of
    ]
    return max(ratings, key=lambda r: r.date).rating if ratings else None


def _is_candidate(p: Project, as_of: date) -> bool:
    if p.status is ProjectStatus.DROPPED or p.commitment is None or p.commitment.amount <= 0:
        return False
    return p.status is ProjectStatus.PIPELINE or p.dates.approval is None or p.dates.approval > as_of


def build_problem(
    data: ProgrammeData,
    fx: FxRates,
    constraints: PlanConstraints,
    *,
    as_of: date,
    origin: str = "constraints",
    npv_usd: Mapping[str, float] | None = None,
    completion_probability: Mapping[str, float] | None = None,
    npv_illustrative: Collection[str] = (),
) -> tuple[PlanProblem, PlanContext]:
    """Turn a programme and a scenario into a :class:`PlanProblem` and the facts its report needs.

    Args:
        data: the programme with its operations, contributions and SORT ratings.
        fx: the rates table.
        constraints: the scenario (envelope overrides, shares, risk cap, inclusions, precedence...).
        as_of: the planning date; fiscal years before its own are history.
        origin: the name of the scenario's file, for error messages.
        npv_usd: economic NPV of appraised operations at the programme's rate.
        npv_illustrative: the operations whose appraisal is illustrative (the appraisal's own mark).
        completion_probability: probability that each operation completes by the target
            date (the risk simulation); None or missing operations count 1.0.

    Raises:
        DataError: the scenario names an operation, area, indicator or year the programme does not have.
    """
    programme = data.programme
    start_month = programme.fy_start_month
    current = fiscal_year(as_of, start_month)
    fys = tuple(f for f in programme.fiscal_years if f >= current)
    if not fys:
        last = programme.fiscal_years[-1]
        raise DataError(
            f"{as_of} is after the programme's last fiscal year (FY{last}): nothing left to plan",
            record=f"programme {programme.id}",
            field="as_of",
        )
    notes: list[str] = []
    areas = {a.code for a in programme.priority_areas}
    links = {link.project: link for link in data.links}
    carried = {link.project for link in data.links if link.carried_from}
    npv_usd = npv_usd or {}
    objective = constraints.objective
    probabilities = completion_probability if objective.risk_adjusted else None

    # -- envelope -------------------------------------------------------------------------
    rooms = envelope_rooms(data, fx, constraints, as_of=as_of, fys=fys, origin=origin)
    notes.extend(rooms.notes)
    per_fy = constraints.envelope_per_fy_usd
    envelope, existing = rooms.envelope, rooms.existing
    inst_envelope, inst_existing, covered = rooms.institution_envelope, rooms.institution_existing, rooms.covered

    # -- candidates ---------------------------------------------------------------------------
    own = [p for p in data.projects if p.id not in carried]
    pipeline = {p.id: p for p in own if _is_candidate(p, as_of)}
    known = {p.id for p in data.projects}

    def check_candidate(pid: str, field: str, what: str = "a pipeline operation") -> None:
        if pid not in known:
            raise fail(origin, field, f"no operation {pid} in programme {programme.id}", MissingReference)
        if pid not in pipeline:
            raise fail(origin, field, f"{pid} is not {what} of {programme.id} on {as_of}")

    for i, pid in enumerate(constraints.must_include):
        check_candidate(pid, f"must_include.{i}")
    for i, pid in enumerate(constraints.must_exclude):
        check_candidate(pid, f"must_exclude.{i}")
    for pid in constraints.windows:
        check_candidate(pid, f"windows.{pid}")
    for code in constraints.priority_areas:
        if code not in areas:
            raise fail(origin, f"priority_areas.{code}", f"no priority area {code} in {programme.id}", MissingReference)
    for code in objective.area_weights:
        if code not in areas:
            raise fail(
                origin, f"objective.area_weights.{code}", f"no priority area {code} in {programme.id}", MissingReference
            )
    for pid in constraints.high_risk.ratings:
        if pid not in known:
            raise fail(
                origin, f"high_risk.ratings.{pid}", f"no operation {pid} in programme {programme.id}", MissingReference
            )

    # -- indicators and contributions --------------------------------------------------------------
    indicator_area: dict[str, str] = {}
    indicator_meta = {}
    for area, _, indicator in programme.indicators():
        indicator_area[indicator.code] = area.code
        indicator_meta[indicator.code] = indicator
    for code in objective.indicator_weights:
        if code not in indicator_meta:
            raise fail(
                origin,
                f"objective.indicator_weights.{code}",
                f"no indicator {code} in {programme.id}",
                MissingReference,
            )
    reading = read_links(data)
    spans = reading.spans
    for code in reading.unscored:
        notes.append(f"indicator {code} has no baseline-to-target change: its contributions are not scored")

    def probability(pid: str) -> float:
        if probabilities is None:
            return 1.0
        return max(0.0, min(1.0, float(probabilities.get(pid, 1.0))))

    by_project: dict[str, list[tuple[Link, float, date]]] = defaultdict(list)
    for contribution in reading.links:
        if contribution.share is None:
            continue
        target = indicator_meta[contribution.indicator].target
        assert target is not None
        by_project[contribution.project].append((contribution, contribution.share, target.date))
    existing_progress: dict[str, float] = defaultdict(float)
    for p in data.projects:
        if p.id in pipeline or p.status is ProjectStatus.DROPPED or p.dates.approval is None:
            continue
        for contribution, normalised, target_date in by_project.get(p.id, []):
            share = contribution.in_place(p.dates.approval, target_date)
            existing_progress[contribution.indicator] += normalised * share * probability(p.id)

    weights: dict[str, float] = {}
    for code in spans:
        w = float(objective.area_weights.get(indicator_area[code], Decimal(1)))
        weights[code] = float(objective.indicator_weights.get(code, Decimal(str(w))))
    gaps = {code: max(0.0, 1.0 - existing_progress[code]) for code in spans}

    # -- candidates ----------------------------------------------------------------------------
    levels = set(constraints.high_risk.levels)
    candidates: list[Candidate] = []
    infos: dict[str, CandidateInfo] = {}
    windows: dict[str, tuple[int, ...]] = {}
    for pid, p in pipeline.items():
        planned = fiscal_year(p.dates.approval, start_month) if p.dates.approval else None
        window = constraints.windows.get(pid)
        earliest = window.earliest_fy if window and window.earliest_fy is not None else (planned or fys[0])
        latest = window.latest_fy if window and window.latest_fy is not None else fys[-1]
        windows[pid] = tuple(f for f in fys if earliest <= f <= latest)
        link = links.get(pid)
        project_areas = link.priority_areas if link else ()
        risk = constraints.high_risk.ratings.get(pid) or _latest_overall(data, pid, as_of)
        pi = probability(pid)
        contributions: dict[str, dict[int, float]] = {}
        for contribution, normalised, target_date in by_project.get(pid, []):
            by_fy = contributions.setdefault(contribution.indicator, {})
            for fy in fys:
                share = contribution.in_place(mid_year(fy, start_month), target_date)
                by_fy[fy] = by_fy.get(fy, 0.0) + normalised * share * pi
        npv = npv_usd.get(pid)
        blocked = None
        if objective.economic_test and npv is not None and npv < 0:
            blocked = "fails the economic test (NPV below zero at the programme's discount rate)"
        cost = commitment_usd(p, fx)
        candidates.append(
            Candidate(
                id=pid,
                cost=float(cost),
                institution=p.institution.value,
                fys=fys,
                areas={a: 1.0 / len(project_areas) for a in project_areas},
                high_risk=risk in levels if risk is not None else False,
                contributions=contributions,
                npv=npv,
                blocked=blocked,
            )
        )
        infos[pid] = CandidateInfo(
            id=pid,
            name=p.name,
            institution=p.institution.value,
            instrument=p.instrument.value,
            cost_usd=cost,
            planned_fy=planned,
            priority_areas=tuple(project_areas),
            risk=risk.value if risk is not None else None,
            npv_usd=npv,
            completion_probability=pi,
            illustrative=p.is_illustrative("commitment"),
            npv_illustrative=npv is not None and pid in npv_illustrative,
        )
    if not candidates:
        notes.append(
            f"no pipeline operation to plan on {as_of}: every operation of {programme.id} is approved or dropped"
        )
    unrated = [pid for pid, info in infos.items() if info.risk is None]
    if constraints.high_risk.max_share is not None and unrated:
        notes.append("no SORT rating for " + ", ".join(sorted(unrated)) + ": counted as not high risk")

    # -- precedence --------------------------------------------------------------------------------
    rules: list[Precedence] = []
    for i, rule in enumerate(constraints.precedence):
        check_candidate(rule.after, f"precedence.{i}.after")
        if rule.before not in known:
            raise fail(
                origin, f"precedence.{i}.before", f"no operation {rule.before} in {programme.id}", MissingReference
            )
        before = next(p for p in data.projects if p.id == rule.before)
        before_fy = None
        if rule.before not in pipeline:
            if before.status is ProjectStatus.DROPPED or before.dates.approval is None:
                raise fail(origin, f"precedence.{i}.before", f"{rule.before} is dropped or has no approval date")
            before_fy = fiscal_year(before.dates.approval, start_month)
        rules.append(Precedence(rule.before, rule.after, rule.min_gap_years, before_fy))

    # -- shares base, risk base, IBRD exposure ----------------------------------------------------------
    base_total = 0.0
    base_area: dict[str, float] = defaultdict(float)
    base_high = 0.0
    for p in own:
        if p.id in pipeline or p.status is ProjectStatus.DROPPED or p.dates.approval is None:
            continue
        if fiscal_year(p.dates.approval, start_month) not in programme.fiscal_years:
            continue
        amount = float(commitment_usd(p, fx))
        base_total += amount
        served = links[p.id].priority_areas if p.id in links else ()
        for a in served:
            base_area[a] += amount / len(served)
        risk = constraints.high_risk.ratings.get(p.id) or _latest_overall(data, p.id, as_of)
        if risk is not None and risk in levels:
            base_high += amount
    limit = None
    if constraints.ibrd_exposure.limit_usd is not None:
        limit = float(constraints.ibrd_exposure.limit_usd)
    elif programme.ibrd_exposure_limit is not None:
        limit = float(to_usd(programme.ibrd_exposure_limit, fx, as_of)[0].amount)
    current_exposure = 0.0
    if constraints.ibrd_exposure.current_usd is not None:
        current_exposure = float(constraints.ibrd_exposure.current_usd)
    elif limit is not None:
        totals = ledger_totals(data.transactions, fx, as_of)
        for p in data.projects:
            if p.id in pipeline or p.institution is not Institution.IBRD:
                continue
            if p.status in (ProjectStatus.DROPPED, ProjectStatus.CLOSED) or p.dates.approval is None:
                continue
            current_exposure += float(totals.net_commitment(p, fx))

    # -- NPV weighting ---------------------------------------------------------------------------
    positive = sum(max(0.0, c.npv or 0.0) for c in candidates)
    scale_score = sum(weights[c] * gaps[c] for c in spans)
    npv_scale = positive / scale_score if positive and scale_score and objective.npv_weight else 0.0
    if objective.npv_weight and not positive:
        notes.append("NPV weighting asked, but no candidate has an appraisal with a positive NPV")

    problem = PlanProblem(
        fys=fys,
        candidates=tuple(candidates),
        envelope={f: v for f, v in envelope.items() if f in fys},
        existing={f: existing.get(f, 0.0) for f in fys},
        covered=covered,
        institution_envelope=inst_envelope,
        institution_existing={k: v for k, v in inst_existing.items() if k[0] in fys},
        area_min={a: float(s.min_share) for a, s in constraints.priority_areas.items() if s.min_share is not None},
        area_max={a: float(s.max_share) for a, s in constraints.priority_areas.items() if s.max_share is not None},
        share_base_total=base_total,
        share_base_by_area=dict(base_area),
        high_risk_max_share=float(constraints.high_risk.max_share)
        if constraints.high_risk.max_share is not None
        else None,
        share_base_high_risk=base_high,
        ibrd_limit=limit,
        ibrd_current=current_exposure,
        must_include=frozenset(constraints.must_include),
        must_exclude=frozenset(constraints.must_exclude),
        precedence=tuple(rules),
        windows=windows,
        indicator_weights=weights,
        indicator_caps=gaps if objective.cap_at_target else None,
        npv_weight=float(objective.npv_weight),
        npv_scale=npv_scale,
    )
    context = PlanContext(
        programme=programme.id,
        title=programme.title,
        as_of=as_of,
        fys=fys,
        envelope={f: envelope[f] for f in fys if f in envelope},
        existing={f: existing.get(f, 0.0) for f in fys},
        institution_envelope=inst_envelope,
        institution_existing={k: v for k, v in inst_existing.items() if k[0] in fys},
        candidates=infos,
        indicators={
            code: IndicatorInfo(
                code=code,
                name=indicator_meta[code].name,
                unit=indicator_meta[code].unit,
                priority_area=indicator_area[code],
                weight=weights[code],
                span=spans[code],
                existing=existing_progress[code],
                remaining_gap=gaps[code],
            )
            for code in spans
        },
        risk_adjustment=(
            "probability of completing by the target date, from the risk simulation"
            if probabilities is not None
            else "none: no completion probabilities (each operation counts 1.0)"
        ),
        notes=tuple(notes),
        settings={
            "as_of": as_of,
            "envelope_per_fy_usd": per_fy,
            "institution_split": constraints.institution_split,
            "cap_at_target": objective.cap_at_target,
            "risk_adjusted": probabilities is not None,
            "npv_weight": objective.npv_weight,
            "economic_test": objective.economic_test,
            "mip_gap": constraints.solver.mip_gap,
            "time_limit_seconds": constraints.solver.time_limit_seconds,
            "description": constraints.description,
        },
    )
    return problem, context
