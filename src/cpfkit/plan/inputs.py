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

from collections.abc import Collection, Mapping
from datetime import date

from cpfkit.errors import DataError
from cpfkit.language.catalogs import N_
from cpfkit.language.message import Listing, Message
from cpfkit.model import FxRates, ProgrammeData, fiscal_year
from cpfkit.model.plan import PlanConstraints
from cpfkit.plan.baselines import ibrd_position, share_base
from cpfkit.plan.candidates import candidates_of, is_candidate
from cpfkit.plan.context import CandidateInfo, IndicatorInfo, PlanContext
from cpfkit.plan.envelope import envelope_rooms
from cpfkit.plan.problem import PlanProblem
from cpfkit.plan.scenario_checks import ScenarioCheck
from cpfkit.plan.scoring import score_indicators

__all__ = ["CandidateInfo", "IndicatorInfo", "PlanContext", "build_problem"]


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
    current = fiscal_year(as_of, programme.fy_start_month)
    fys = tuple(f for f in programme.fiscal_years if f >= current)
    if not fys:
        last = programme.fiscal_years[-1]
        raise DataError(
            f"{as_of} is after the programme's last fiscal year (FY{last}): nothing left to plan",
            record=f"programme {programme.id}",
            field="as_of",
        )
    objective = constraints.objective
    probabilities = completion_probability if objective.risk_adjusted else None

    def probability(pid: str) -> float:
        if probabilities is None:
            return 1.0
        return max(0.0, min(1.0, float(probabilities.get(pid, 1.0))))

    rooms = envelope_rooms(data, fx, constraints, as_of=as_of, fys=fys, origin=origin)
    notes: list[Message] = list(rooms.notes)
    carried = {link.project for link in data.links if link.carried_from}
    own = [p for p in data.projects if p.id not in carried]
    pipeline = {p.id: p for p in own if is_candidate(p, as_of)}
    check = ScenarioCheck(data, constraints, pipeline, as_of=as_of, origin=origin)
    check.references({indicator.code for _, _, indicator in programme.indicators()})
    scores = score_indicators(data, objective, pipeline, probability)
    notes.extend(scores.notes)
    chosen = candidates_of(
        data,
        fx,
        constraints,
        pipeline,
        scores,
        probability,
        as_of=as_of,
        fys=fys,
        npv_usd=npv_usd or {},
        npv_illustrative=npv_illustrative,
    )
    if not chosen.candidates:
        notes.append(
            Message(
                N_("no pipeline operation to plan on %(day)s: every operation of %(programme)s is approved or dropped"),
                {"day": as_of.isoformat(), "programme": programme.id},
            )
        )
    unrated = [pid for pid, info in chosen.infos.items() if info.risk is None]
    if constraints.high_risk.max_share is not None and unrated:
        notes.append(
            Message(
                N_("no SORT rating for %(operations)s: counted as not high risk"),
                {"operations": Listing(tuple(sorted(unrated)), ", ")},
            )
        )
    rules = check.precedence()
    base = share_base(data, fx, constraints, own, pipeline, as_of=as_of)
    ibrd = ibrd_position(data, fx, constraints, pipeline, as_of=as_of)

    # NPV weighting: the NPV term is scaled so that the candidates' positive NPVs weigh as much as the indicators
    positive = sum(max(0.0, c.npv or 0.0) for c in chosen.candidates)
    scale_score = sum(scores.weights[c] * scores.gaps[c] for c in scores.spans)
    npv_scale = positive / scale_score if positive and scale_score and objective.npv_weight else 0.0
    if objective.npv_weight and not positive:
        notes.append(Message(N_("NPV weighting asked, but no candidate has an appraisal with a positive NPV")))

    envelope, existing = rooms.envelope, rooms.existing
    inst_existing = {k: v for k, v in rooms.institution_existing.items() if k[0] in fys}
    problem = PlanProblem(
        fys=fys,
        candidates=chosen.candidates,
        envelope={f: v for f, v in envelope.items() if f in fys},
        existing={f: existing.get(f, 0.0) for f in fys},
        covered=rooms.covered,
        institution_envelope=rooms.institution_envelope,
        institution_existing=inst_existing,
        area_min={a: float(s.min_share) for a, s in constraints.priority_areas.items() if s.min_share is not None},
        area_max={a: float(s.max_share) for a, s in constraints.priority_areas.items() if s.max_share is not None},
        share_base_total=base.total,
        share_base_by_area=base.by_area,
        high_risk_max_share=float(constraints.high_risk.max_share)
        if constraints.high_risk.max_share is not None
        else None,
        share_base_high_risk=base.high_risk,
        ibrd_limit=ibrd.limit,
        ibrd_current=ibrd.current,
        must_include=frozenset(constraints.must_include),
        must_exclude=frozenset(constraints.must_exclude),
        precedence=tuple(rules),
        windows=chosen.windows,
        indicator_weights=scores.weights,
        indicator_caps=scores.gaps if objective.cap_at_target else None,
        npv_weight=float(objective.npv_weight),
        npv_scale=npv_scale,
    )
    adjustment = Message(
        N_("probability of completing by the target date, from the risk simulation")
        if probabilities is not None
        else N_("none: no completion probabilities (each operation counts 1.0)")
    )
    context = PlanContext(
        programme=programme.id,
        title=programme.title,
        as_of=as_of,
        fys=fys,
        envelope={f: envelope[f] for f in fys if f in envelope},
        existing={f: existing.get(f, 0.0) for f in fys},
        institution_envelope=rooms.institution_envelope,
        institution_existing=inst_existing,
        candidates=chosen.infos,
        indicators={
            code: IndicatorInfo(
                code=code,
                name=scores.meta[code].name,
                unit=scores.meta[code].unit,
                priority_area=scores.area[code],
                weight=scores.weights[code],
                span=scores.spans[code],
                existing=scores.existing.get(code, 0.0),
                remaining_gap=scores.gaps[code],
            )
            for code in scores.spans
        },
        risk_adjustment=str(adjustment),
        notes=tuple(str(n) for n in notes),
        note_messages=tuple(notes),
        risk_adjustment_message=adjustment,
        settings={
            "as_of": as_of,
            "envelope_per_fy_usd": constraints.envelope_per_fy_usd,
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
