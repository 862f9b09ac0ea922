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
from typing import Any

import numpy as np

from cpfkit.metrics.portfolio.evidence import flag_records, proactivity_case
from cpfkit.metrics.portfolio.explain import explanation_messages, outside_message
from cpfkit.metrics.portfolio.facts import compute_facts
from cpfkit.metrics.portfolio.facts_table import Dates
from cpfkit.metrics.portfolio.indicators import aggregate_facts, indicators_of
from cpfkit.metrics.portfolio.listings import operation_lines, outside_exposure, proactivity_rows
from cpfkit.metrics.portfolio.numbers import ratio, round_to
from cpfkit.metrics.portfolio.queries import rows_of, sql
from cpfkit.metrics.portfolio.results import FiscalYearRatio, Review
from cpfkit.metrics.portfolio.rules import ReviewRules, add_months
from cpfkit.metrics.portfolio.weights import Weights
from cpfkit.model import Programme, fiscal_year, fy_bounds, fy_label
from cpfkit.store.analytics import PortfolioData

__all__ = ["ratio", "review", "round_to", "sql"]


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
    row = aggregate_facts(facts, rules, as_of)
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
    indicators = indicators_of(row, fy_ratio)
    outside = outside_exposure(facts)
    country = rows_of(
        con,
        "SELECT kind, date, end_date, value, note, illustrative FROM country_flags "
        "WHERE programme_id = $programme AND date <= $as_of AND (end_date IS NULL OR end_date > $as_of) "
        "ORDER BY date, kind",
        {"programme": programme.id, "as_of": as_of},
    )
    flags = tuple(flag_records(facts, as_of, rules, country))
    operations = operation_lines(facts) if listing else ()
    proactivity = tuple(
        proactivity_case(r, window_start) for r in proactivity_rows(facts, np.flatnonzero(facts.problem_at_window))
    )
    said = {
        **explanation_messages(indicators, fy_ratio, rules, as_of, window_start),
        "outside_indicators": outside_message(outside, rules),
    }
    return Review(
        programme=programme.id,
        as_of=as_of,
        window_start=window_start,
        indicators=indicators,
        fiscal_year=fy_ratio,
        explanations={key: str(message) for key, message in said.items()},
        explanation_messages=said,
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


def _rules_dict(rules: ReviewRules, fy: int) -> dict[str, Any]:
    out = {name: getattr(rules, name) for name in rules.__dataclass_fields__}
    out["fiscal_year"] = fy
    out["ratio_instruments"] = rules.ratio_instruments
    return out
