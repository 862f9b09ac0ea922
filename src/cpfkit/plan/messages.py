"""The plan's messages: a stable code, its parameters and an English sentence.

Every interface says the same thing: the CLI and the API print the English
``text`` with the ``code`` and ``params`` beside it, the pages build their own
sentence from the code and the parameters through the translation catalogs.
The codes (``docs/planning.md``, "Messages"):

* ``optimal``, ``time_limit``, ``infeasible``, ``no_solution``: how the solve ended;
* ``nothing_to_choose``: every candidate worth financing fits within the envelope
  and the constraints in its best fiscal year, so the plan finances them all and
  made no trade-off (a gain over the greedy baseline means nothing then);
* ``no_candidates``: no pipeline operation is a candidate on the planning date;
* ``existing_exceeds_envelope``: commitments already approved in a fiscal year
  exceed the year's envelope, so the year has no room for the plan;
* ``existing_exceeds_share``: the same for one institution's share of the envelope;
* ``duals_lp_relaxation``: the shadow prices come from the continuous (LP)
  relaxation of the plan, not from the plan of whole operations;
* ``duals_nothing_to_buy``: the same, when every candidate worth financing is
  already in the plan (more money would buy nothing now).

Money parameters are US dollars (exact decimals), fiscal years are integers
(``2027`` is FY27).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from cpfkit.model import fy_label
from cpfkit.model.base import Num
from cpfkit.plan.problem import PlanProblem

__all__ = [
    "PlanMessage",
    "Severity",
    "best_years",
    "duals_message",
    "envelope_warnings",
    "nothing_to_choose",
    "outcome_message",
]

Severity = Literal["info", "warning", "error"]
Param = Num | int | str | bool | None


@dataclass(frozen=True)
class PlanMessage:
    """One thing the plan says: ``code`` and ``params`` for programs and translators, ``text`` in English."""

    code: str
    severity: Severity
    text: str
    params: dict[str, Param] = field(default_factory=dict)


def _usd(x: float) -> Decimal:
    """US dollars to the cent, without a trailing ``.0`` for whole dollars."""
    d = Decimal(str(round(x, 2)))
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d


def _m(x: Decimal) -> str:
    return f"US${x / Decimal(1_000_000):,.1f} million"


def _operations(n: int) -> str:
    return f"{n} operation{'s' if n != 1 else ''}"


def best_years(problem: PlanProblem) -> dict[str, int]:
    """Where each candidate worth financing would go if money were no object: its best fiscal year.

    A candidate is worth financing when its value is positive in some year it
    may take, or when it must be included; its best year is the one of highest
    value, the earliest on ties (as the plan's tie-break prefers).
    Candidates that may take no year (economic test, exclusion, window) are left out.

    Examples:
        >>> from cpfkit.plan.problem import Candidate
        >>> c = Candidate("A", 1e6, "IBRD", (2027, 2028), contributions={"I": {2027: 0.2, 2028: 0.5}})
        >>> best_years(PlanProblem(fys=(2027, 2028), candidates=(c,), indicator_weights={"I": 1.0}))
        {'A': 2028}
    """
    out: dict[str, int] = {}
    for c in problem.candidates:
        years = problem.allowed(c)
        if not years:
            continue
        values = [(c.value(f, problem.indicator_weights, problem.npv_term(c)), -i, f) for i, f in enumerate(years)]
        value, _, fy = max(values)
        if value > 0 or c.id in problem.must_include:
            out[c.id] = fy
    return out


def nothing_to_choose(problem: PlanProblem, assignment: Mapping[str, int]) -> bool:
    """Whether the plan is every candidate worth financing, each in its best year: no trade-off was made.

    Then the constraints took nothing away: the plan is the best each operation
    could do on its own.  False when there is no candidate worth financing.

    Examples:
        >>> from cpfkit.plan.problem import Candidate
        >>> c = Candidate("A", 1e6, "IBRD", (2027,), contributions={"I": {2027: 0.5}})
        >>> p = PlanProblem(fys=(2027,), candidates=(c,), indicator_weights={"I": 1.0})
        >>> nothing_to_choose(p, {"A": 2027}), nothing_to_choose(p, {})
        (True, False)
    """
    best = best_years(problem)
    return bool(best) and all(assignment.get(pid) == fy for pid, fy in best.items())


def outcome_message(
    status: str,
    *,
    financed: int,
    candidates: int,
    gap: float | None,
    conflicts: tuple[str, ...],
    trivial: bool,
    as_of: date,
) -> PlanMessage:
    """How the solve ended, in one message (the report's ``message`` is its text).

    ``trivial`` says that there was nothing to choose (:func:`nothing_to_choose`).
    """
    if status == "infeasible":
        text = "no plan meets every constraint"
        if conflicts:
            text += "; these conflict: " + "; ".join(conflicts)
        return PlanMessage("infeasible", "error", text, {"conflicts": len(conflicts)})
    if status == "no solution":
        return PlanMessage("no_solution", "error", "the solver found no plan within the time limit")
    if candidates == 0:
        return PlanMessage(
            "no_candidates",
            "info",
            f"nothing to plan: no pipeline operation is a candidate on {as_of.isoformat()}",
            {"as_of": as_of.isoformat()},
        )
    if trivial:
        return PlanMessage(
            "nothing_to_choose",
            "info",
            f"nothing to choose: every candidate worth financing fits within the envelope and the constraints "
            f"in its best fiscal year, so the plan finances all of them ({_operations(financed)} of {candidates} "
            "candidates); no trade-off was made",
            {"financed": financed, "candidates": candidates},
        )
    params: dict[str, Param] = {"financed": financed, "candidates": candidates}
    proven = ""
    if gap:
        params["gap"] = Decimal(str(round(gap, 6)))
        proven = f" (proven within {gap:.2%} of the best possible)"
    if status == "optimal":
        return PlanMessage("optimal", "info", f"optimal plan: {_operations(financed)} financed{proven}", params)
    return PlanMessage(
        "time_limit", "warning", f"plan found before the time limit: {_operations(financed)} financed{proven}", params
    )


def envelope_warnings(
    fys: tuple[int, ...],
    envelope: Mapping[int, float],
    existing: Mapping[int, float],
    institution_envelope: Mapping[tuple[int, str], float],
    institution_existing: Mapping[tuple[int, str], float],
) -> tuple[PlanMessage, ...]:
    """A warning for each plannable year, and each institution's share of it, already overcommitted.

    The plan's room in such a year is zero (never negative): it can add
    nothing there, and the excess is money approved beyond the envelope.

    Examples:
        >>> [w] = envelope_warnings((2027,), {}, {}, {(2027, "IBRD"): 420e6}, {(2027, "IBRD"): 675e6})
        >>> w.code, w.params["existing_usd"], w.params["share_usd"], w.params["excess_usd"]
        ('existing_exceeds_share', Decimal('675000000'), Decimal('420000000'), Decimal('255000000'))
        >>> w.text.split(" exceed ")[0]
        'FY27: IBRD commitments already approved (US$675.0 million)'
    """
    out: list[PlanMessage] = []
    for fy in fys:
        label = fy_label(fy)
        if fy in envelope and existing.get(fy, 0.0) > envelope[fy]:
            have, limit = _usd(existing[fy]), _usd(envelope[fy])
            out.append(
                PlanMessage(
                    "existing_exceeds_envelope",
                    "warning",
                    f"{label}: commitments already approved ({_m(have)}) exceed the {label} envelope ({_m(limit)}) "
                    f"by {_m(have - limit)}; the plan has no room left in that year's envelope",
                    {"fy": fy, "existing_usd": have, "envelope_usd": limit, "excess_usd": have - limit},
                )
            )
        for (efy, inst), share in sorted(institution_envelope.items()):
            used = institution_existing.get((efy, inst), 0.0)
            if efy != fy or used <= share:
                continue
            have, limit = _usd(used), _usd(share)
            out.append(
                PlanMessage(
                    "existing_exceeds_share",
                    "warning",
                    f"{label}: {inst} commitments already approved ({_m(have)}) exceed {inst}'s share of the {label} "
                    f"envelope ({_m(limit)}) by {_m(have - limit)}; the plan has no room for new {inst} operations "
                    "that year",
                    {
                        "fy": fy,
                        "institution": inst,
                        "existing_usd": have,
                        "share_usd": limit,
                        "excess_usd": have - limit,
                    },
                )
            )
    return tuple(out)


def duals_message(*, lp_objective: float | None, objective: float | None, trivial: bool) -> PlanMessage:
    """What the shadow prices are: values of the continuous (LP) relaxation, not of the plan of whole operations."""
    params: dict[str, Param] = {
        "lp_objective": None if lp_objective is None else Decimal(str(round(lp_objective, 6))),
        "objective": None if objective is None else Decimal(str(round(objective, 6))),
    }
    relaxation = (
        "the shadow prices (value_per_100m) come from the continuous (LP) relaxation of the plan, in which "
        "operations could be financed in fractions"
    )
    if trivial:
        return PlanMessage(
            "duals_nothing_to_buy",
            "info",
            f"{relaxation}; every candidate worth financing is already in the plan, so more money would buy "
            "nothing now, whatever a shadow price says",
            params,
        )
    compare = ""
    if lp_objective is not None and objective is not None:
        compare = f" (objective {lp_objective:.4f} there, {objective:.4f} for the plan)"
    return PlanMessage(
        "duals_lp_relaxation",
        "info",
        f"{relaxation}{compare}: they show where money is scarce, not what another US$100 million would buy "
        "in whole operations; resolved_gain_per_100m, where computed, re-solves the plan for that",
        params,
    )
