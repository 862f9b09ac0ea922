"""The portfolio review: indicators, flags with their evidence, proactivity, from the review's facts.

:func:`review` computes the facts of every operation of a programme at once
(:mod:`cpfkit.metrics.portfolio.facts`, vector arithmetic over NumPy arrays),
sums them into the indicators (money exactly, in integer units), writes every
flag with its evidence (:mod:`cpfkit.metrics.portfolio.evidence`) and says how
each figure was computed.  It reads a :class:`~cpfkit.store.analytics.PortfolioData`
(the store's copy, or one built from model objects) and writes nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from cpfkit.metrics.portfolio.evidence import flag_records, proactivity_case
from cpfkit.metrics.portfolio.explain import explanations, outside_explanation
from cpfkit.metrics.portfolio.facts import compute_facts
from cpfkit.metrics.portfolio.facts_table import FLAG_ORDER, RATING_TEXT, Dates, Facts
from cpfkit.metrics.portfolio.results import FiscalYearRatio, Indicators, OperationLine, OutsideExposure, Review
from cpfkit.metrics.portfolio.rules import ReviewRules, add_months
from cpfkit.metrics.portfolio.weights import Weights
from cpfkit.model import Programme, fiscal_year, fy_bounds, fy_label
from cpfkit.store.analytics import PortfolioData
from cpfkit.store.series import day_number

__all__ = ["ratio", "review", "round_to", "sql"]

_SQL = Path(__file__).parent / "sql"
_ZERO = Decimal(0)


@cache
def sql(name: str) -> str:
    """The text of ``sql/<name>.sql``."""
    return (_SQL / f"{name}.sql").read_text(encoding="utf-8")


def round_to(value: Decimal | float | None, places: int) -> Decimal | None:
    """A figure rounded half-even to ``places`` decimals, as an exact decimal (None stays None).

    Examples:
        >>> round_to(Decimal(150) / Decimal(1238), 4), round_to(2.54999, 1)
        (Decimal('0.1212'), Decimal('2.5'))
    """
    if value is None:
        return None
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def ratio(numerator: Decimal | int, denominator: Decimal | int, places: int = 4) -> Decimal | None:
    """``numerator / denominator`` rounded to ``places`` decimals, or None when the denominator is zero.

    Examples:
        >>> ratio(388, 2038), ratio(1, 0)
        (Decimal('0.1904'), None)
    """
    if not denominator:
        return None
    return round_to(Decimal(numerator) / Decimal(denominator), places)


def _dicts(con: duckdb.DuckDBPyConnection, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    cursor = con.execute(query, params or {})
    names = [d[0] for d in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def review(
    data: PortfolioData,
    programme: Programme,
    as_of: date,
    rules: ReviewRules | None = None,
    *,
    listing: bool = True,
) -> Review:
    """The portfolio review of a programme as of a date.

    Args:
        data: the engine's tables and series (:func:`cpfkit.store.analytics.portfolio_data`, or
            :func:`cpfkit.metrics.portfolio.tables.prepare_data` for model objects).
        programme: the programme (its calendar decides the fiscal year).
        as_of: the review date; every figure counts records dated on or before it.
        rules: thresholds and choices (default: those of ``docs/definitions.md``, "Portfolio review").
        listing: list every operation with its state (``operations``); without it, only the figures and flags.

    Raises:
        ValueError: the fiscal year asked for starts after the as-of date.
    """
    rules = rules or ReviewRules()
    fy = rules.fiscal_year or fiscal_year(as_of, programme.fy_start_month)
    fy_start, fy_last = fy_bounds(fy, programme.fy_start_month)
    if fy_start > as_of:
        raise ValueError(f"{fy_label(fy)} starts on {fy_start}, after the as-of date {as_of}")
    fy_end = min(fy_last, as_of)
    window_start = add_months(as_of, -rules.proactivity_months)
    con = data.con
    facts = compute_facts(data, programme.id, Dates(as_of, fy_start, fy_end, window_start), rules)
    row = _aggregate(facts, rules, as_of)
    fy_ratio = FiscalYearRatio(
        fy=fy,
        label=fy_label(fy),
        start=fy_start,
        end=fy_end,
        complete=fy_end == fy_last,
        disbursed_usd=row["fy_disbursed_usd"],
        opening_undisbursed_usd=row["fy_opening_undisbursed_usd"],
        ratio=ratio(row["fy_disbursed_usd"], row["fy_opening_undisbursed_usd"]),
        operations=row["fy_projects"],
        new_approvals=row["fy_new_approvals"],
        include_new_approvals=rules.include_new_approvals,
        instruments=rules.ratio_instruments,
        excluded_active_operations=row["fy_excluded_instruments"],
    )
    indicators = _indicators(row, fy_ratio)
    outside = _outside(facts)
    country = _dicts(
        con,
        "SELECT kind, date, end_date, value, note, illustrative FROM country_flags "
        "WHERE programme_id = $programme AND date <= $as_of AND (end_date IS NULL OR end_date > $as_of) "
        "ORDER BY date, kind",
        {"programme": programme.id, "as_of": as_of},
    )
    flags = tuple(flag_records(facts, as_of, rules, country))
    operations = _operations(facts) if listing else ()
    proactivity = tuple(
        proactivity_case(r, window_start) for r in _proactivity_rows(facts, np.flatnonzero(facts.problem_at_window))
    )
    return Review(
        programme=programme.id,
        as_of=as_of,
        window_start=window_start,
        indicators=indicators,
        fiscal_year=fy_ratio,
        explanations={
            **explanations(indicators, fy_ratio, rules, as_of, window_start),
            "outside_indicators": outside_explanation(outside, rules),
        },
        flags=flags,
        operations=operations,
        proactivity=proactivity,
        ibrd_outstanding_usd=row["ibrd_outstanding_usd"],
        ibrd_guarantees_usd=row["ibrd_guarantees_usd"],
        outside=outside,
        weights=Weights(facts.pno, facts.id, facts.active, facts.net, facts.scale),
        facts=facts,
        rules=_rules_dict(rules, fy),
    )


def _money(values: Any, scale: int) -> Decimal:
    return Decimal(int(values)).scaleb(-scale)


def _aggregate(f: Facts, rules: ReviewRules, as_of: date) -> dict[str, Any]:
    """The sums and counts behind the indicators (money exact, in US dollars)."""
    s = f.scale
    active, at_risk = f.active, f.at_risk
    ibrd = f.approved & (f.institution == "IBRD")
    guarantee = f.instrument == "guarantee"
    fy_numerator = f.in_fy & (f.opening | rules.include_new_approvals)
    extended = active & (f.extension_months > 0)

    def mean(values: Any, mask: Any) -> float | None:
        return float(np.mean(values[mask])) if mask.any() else None

    return {
        "active_projects": int(active.sum()),
        "net_commitment_usd": _money(f.net[active].sum(), s),
        "disbursed_usd": _money(f.disbursed[active].sum(), s),
        "undisbursed_usd": _money(f.undisbursed[active].sum(), s),
        "problem_projects": int(f.problem.sum()),
        "potential_problem_projects": int(f.potential.sum()),
        "projects_at_risk": int(at_risk.sum()),
        "commitments_at_risk_usd": _money(f.net[at_risk].sum(), s),
        "unrated_projects": int((active & (f.do_score == 0) & (f.ip_score == 0)).sum()),
        "flagged_projects": int((active & (f.n_flags > 0)).sum()),
        "flags_raised": int(f.n_flags.sum()),
        "average_age_years": mean(f.age, active),
        "average_effectiveness_lag_months": mean(f.lag, active & f.effective),
        "not_yet_effective": int((active & ~f.effective).sum()),
        "projects_extended": int(extended.sum()),
        "average_extension_months": mean(f.extension_months, extended),
        "closing_date_extensions": int(f.extension_count[active].sum()),
        "proactivity_base": int(f.problem_at_window.sum()),
        "proactivity_acted": int(f.acted.sum()),
        "fy_disbursed_usd": _money((f.disbursed_to_fy_end - f.disbursed_before_fy)[fy_numerator].sum(), s),
        "fy_opening_undisbursed_usd": _money(
            np.maximum(f.net_fy - f.disbursed_before_fy, 0)[f.in_fy & f.opening].sum(), s
        ),
        "fy_projects": int(fy_numerator.sum()),
        "fy_new_approvals": int((f.in_fy & ~f.opening).sum()),
        "fy_excluded_instruments": int((active & ~np.isin(f.instrument, list(rules.ratio_instruments))).sum()),
        "ibrd_outstanding_usd": _money((f.disbursed - f.repaid)[ibrd & ~guarantee].sum(), s),
        "ibrd_guarantees_usd": _money(
            f.net[ibrd & guarantee & ((f.closing < 0) | (f.closing >= day_number(as_of)))].sum(), s
        ),
    }


_DAY0 = np.datetime64("1900-01-01", "D")


def _dates(days: Any) -> list[date | None]:
    values = (_DAY0 + np.maximum(days, 0).astype("timedelta64[D]")).astype(object)
    return [v if n >= 0 else None for v, n in zip(values.tolist(), days.tolist(), strict=True)]


def _amounts(units: Any, scale: int) -> list[Decimal]:
    return [Decimal(v).scaleb(-scale) for v in units.tolist()]


def _texts(scores: Any) -> list[str | None]:
    return [RATING_TEXT[v - 1] if v > 0 else None for v in scores.tolist()]


def _proactivity_rows(f: Facts, index: Any) -> list[dict[str, Any]]:
    rows = f.rows(
        index,
        (
            "id",
            "name",
            "implementing_agency",
            "upgraded",
            "partially_cancelled",
            "closed_or_cancelled",
            "extension_counted",
            "acted",
        ),
    )
    extra: dict[str, list[Any]] = {
        "do_rating": _texts(f.do_score[index]),
        "ip_rating": _texts(f.ip_score[index]),
        "restructured_on": _dates(f.restructured_on[index]),
        "extended_on": _dates(f.extended_on[index]),
        "suspended_on": _dates(f.suspended_on[index]),
        "closing": _dates(f.closing[index]),
        "cancelled_in_window": _amounts(f.cancelled_in_window[index], f.scale),
        "net_commitment": _amounts(f.net[index], f.scale),
    }
    for i, r in enumerate(rows):
        for name, values in extra.items():
            r[name] = values[i]
    return rows


def _outside(f: Facts) -> tuple[OutsideExposure, ...]:
    """The active operations the indicators leave out, by institution and instrument (in that order)."""
    index = np.flatnonzero(f.outside)
    groups: dict[tuple[str, str], list[int]] = {}
    for i in index.tolist():
        groups.setdefault((f.institution[i], f.instrument[i]), []).append(i)
    out = []
    for (institution, instrument), members in sorted(groups.items()):
        at = np.asarray(members, dtype=np.int64)
        out.append(
            OutsideExposure(
                institution=institution,
                instrument=instrument,
                operations=len(members),
                net_commitment_usd=_money(f.net[at].sum(), f.scale),
                disbursed_usd=_money(f.disbursed[at].sum(), f.scale),
                undisbursed_usd=_money(f.undisbursed[at].sum(), f.scale),
                projects=tuple(sorted(f.id[at].tolist())),
            )
        )
    return tuple(out)


def _operations(f: Facts) -> tuple[OperationLine, ...]:
    shown = np.flatnonzero(f.approved)
    order = np.lexsort((f.id[shown], -f.net[shown], ~f.at_risk[shown], ~f.active[shown], ~f.running[shown]))
    index = shown[order]
    flag_lists: list[list[str]] = [[] for _ in range(len(index))]
    for code, column in FLAG_ORDER:
        for i in np.flatnonzero(f.columns[column][index]).tolist():
            flag_lists[i].append(code)
    columns = (
        f.id[index].tolist(),
        f.name[index].tolist(),
        f.institution[index].tolist(),
        f.instrument[index].tolist(),
        f.implementing_agency[index].tolist(),
        f.running[index].tolist(),
        f.active[index].tolist(),
        _amounts(f.net[index], f.scale),
        _amounts(f.disbursed[index], f.scale),
        _amounts(f.undisbursed[index], f.scale),
        _texts(f.do_score[index]),
        _texts(f.ip_score[index]),
        f.problem[index].tolist(),
        f.potential[index].tolist(),
        f.at_risk[index].tolist(),
        flag_lists,
        f.carried_from[index].tolist(),
        f.illustrative[index].tolist(),
    )
    return tuple(OperationLine(*values) for values in zip(*columns, strict=True))


def _indicators(row: dict[str, Any], fy: FiscalYearRatio) -> Indicators:
    active = row["active_projects"]
    at_risk = row["projects_at_risk"]
    return Indicators(
        active_projects=active,
        net_commitment_usd=row["net_commitment_usd"],
        disbursed_usd=row["disbursed_usd"],
        undisbursed_usd=row["undisbursed_usd"],
        disbursement_ratio=fy.ratio,
        problem_projects=row["problem_projects"],
        potential_problem_projects=row["potential_problem_projects"],
        projects_at_risk=at_risk,
        projects_at_risk_share=ratio(at_risk, active),
        commitments_at_risk_usd=row["commitments_at_risk_usd"],
        commitments_at_risk_share=ratio(row["commitments_at_risk_usd"], row["net_commitment_usd"]),
        realism_index=ratio(row["problem_projects"], at_risk),
        proactivity_index=ratio(row["proactivity_acted"], row["proactivity_base"]),
        proactivity_base=row["proactivity_base"],
        proactivity_acted=row["proactivity_acted"],
        unrated_projects=row["unrated_projects"],
        flagged_projects=row["flagged_projects"],
        flags_raised=row["flags_raised"],
        average_age_years=round_to(row["average_age_years"], 2),
        average_effectiveness_lag_months=round_to(row["average_effectiveness_lag_months"], 1),
        not_yet_effective=row["not_yet_effective"],
        projects_extended=row["projects_extended"],
        average_extension_months=round_to(row["average_extension_months"], 1),
        closing_date_extensions=int(row["closing_date_extensions"]),
    )


def _rules_dict(rules: ReviewRules, fy: int) -> dict[str, Any]:
    out = {name: getattr(rules, name) for name in rules.__dataclass_fields__}
    out["fiscal_year"] = fy
    out["ratio_instruments"] = rules.ratio_instruments
    return out
