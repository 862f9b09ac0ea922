"""Why each flag was raised: the dates, ratios and ratings behind it, in words and as data.

:func:`flag_records` reads the review's facts (:mod:`cpfkit.metrics.portfolio.facts`)
and writes, for every flag raised, a sentence with its evidence, the same
evidence as data, and the implementing agency accountable for it.  Each kind
of flag is written for all the operations that carry it at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from cpfkit.language.catalogs import N_
from cpfkit.language.message import Message
from cpfkit.metrics.portfolio.evidence_conditions import (
    add_country_flags,
    add_extensions,
    add_rated_flags,
    add_standing_conditions,
)
from cpfkit.metrics.portfolio.evidence_delivery import (
    PROBLEM_PROJECT,
    add_disbursement_lags,
    add_effectiveness_delays,
    add_problem_projects,
)
from cpfkit.metrics.portfolio.evidence_text import EvidenceWriter, day, millions, usd
from cpfkit.metrics.portfolio.facts_table import Facts
from cpfkit.metrics.portfolio.flags import Flag
from cpfkit.metrics.portfolio.results import FlagRecord, ProactivityCase
from cpfkit.metrics.portfolio.rules import ReviewRules

__all__ = ["PROBLEM_PROJECT", "flag_records", "proactivity_case", "usd"]

_ORDER = {code: i for i, code in enumerate((PROBLEM_PROJECT, *(f.value for f in Flag)))}


def flag_records(f: Facts, as_of: date, rules: ReviewRules, country: Sequence[Mapping[str, Any]]) -> list[FlagRecord]:
    """The problem-project entries and every flag raised, each with its evidence, by operation then flag."""
    w = EvidenceWriter(f)
    add_problem_projects(w, rules)
    add_effectiveness_delays(w, as_of, rules)
    add_disbursement_lags(w, as_of, rules)
    add_rated_flags(w)
    add_standing_conditions(w)
    add_extensions(w, rules)
    add_country_flags(w, country)
    w.records.sort(key=lambda r: (r.project, _ORDER[r.flag]))
    return w.records


def proactivity_case(r: Mapping[str, Any], window_start: date) -> ProactivityCase:
    """What was done, between the start of the look-back and the as-of date, about a problem project."""
    actions: list[Message] = []
    if r["upgraded"]:
        actions.append(
            Message(
                N_("ratings upgraded: DO %(do)s / IP %(ip)s"), {"do": str(r["do_rating"]), "ip": str(r["ip_rating"])}
            )
        )
    not_counted: list[Message] = []
    if r["restructured_on"] is not None:
        actions.append(Message(N_("restructured on %(day)s"), {"day": day(r["restructured_on"])}))
    if r["extended_on"] is not None:
        if r["extension_counted"]:
            actions.append(Message(N_("closing date extended on %(day)s"), {"day": day(r["extended_on"])}))
        else:
            not_counted.append(
                Message(
                    N_(
                        "closing date extended on %(day)s: not counted, an extension alone is not a "
                        "restructuring (proactive_extensions)"
                    ),
                    {"day": day(r["extended_on"])},
                )
            )
    if r["partially_cancelled"]:
        actions.append(
            Message(N_("partially cancelled: US$%(amount)s million"), {"amount": millions(r["cancelled_in_window"])})
        )
    if r["suspended_on"] is not None:
        actions.append(Message(N_("disbursements suspended on %(day)s"), {"day": day(r["suspended_on"])}))
    if r["closed_or_cancelled"]:
        if r["net_commitment"] <= 0:
            actions.append(Message(N_("fully cancelled")))
        else:
            actions.append(Message(N_("closed on %(day)s"), {"day": day(r["closing"])}))
    return ProactivityCase(
        project=r["id"],
        name=r["name"],
        problem_on=window_start,
        actions=tuple(str(m) for m in actions),
        acted=bool(r["acted"]),
        not_counted=tuple(str(m) for m in not_counted),
        accountable=r["implementing_agency"],
        action_messages=tuple(actions),
        not_counted_messages=tuple(not_counted),
    )
