"""Why each flag was raised: the dates, ratios and ratings behind it, in words and as data.

The functions here read one row of ``facts.sql`` (a mapping of column to
value) and say what raised each flag, so a reader sees the evidence and the
implementing agency accountable for it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from cpfkit.metrics.portfolio.results import FlagRecord, ProactivityCase
from cpfkit.metrics.portfolio.rules import FLAG_LABELS, Flag, ReviewRules

__all__ = ["PROBLEM_PROJECT", "flag_records", "proactivity_case", "usd"]

PROBLEM_PROJECT = "problem-project"
"""The entry that explains why an operation is an (actual) problem project; not one of the risk flags."""

_RATING_FLAGS: tuple[tuple[Flag, str, str, str], ...] = (
    (Flag.FINANCIAL_MANAGEMENT, "f_fm", "fm", "financial management"),
    (Flag.PROCUREMENT, "f_procurement", "proc", "procurement"),
    (Flag.SAFEGUARDS, "f_safeguards", "es", "environmental and social standards"),
    (Flag.MONITORING_EVALUATION, "f_me", "me", "monitoring and evaluation"),
    (Flag.PROJECT_MANAGEMENT, "f_pm", "pm", "project management"),
)


def usd(value: Decimal | float | int) -> str:
    """US dollars for a sentence: millions with one decimal, or whole dollars below a million.

    Examples:
        >>> usd(Decimal("544230000")), usd(650)
        ('US$544.2M', 'US$650')
    """
    amount = float(value)
    if abs(amount) >= 1_000_000:
        return f"US${amount / 1_000_000:,.1f}M"
    return f"US${amount:,.0f}"


def _months(value: float) -> str:
    return f"{value:.1f} months"


def _record(
    r: Mapping[str, Any], flag: Flag | str, evidence: str, facts: dict[str, Any], illustrative: bool
) -> FlagRecord:
    label = FLAG_LABELS[flag] if isinstance(flag, Flag) else "Problem project"
    return FlagRecord(
        project=r["id"],
        name=r["name"],
        flag=flag.value if isinstance(flag, Flag) else flag,
        label=label,
        evidence=evidence,
        facts=facts,
        accountable=r["implementing_agency"],
        illustrative=bool(illustrative or r["illustrative"]),
    )


def flag_records(
    r: Mapping[str, Any], as_of: date, rules: ReviewRules, country: Sequence[Mapping[str, Any]]
) -> Iterator[FlagRecord]:
    """The problem-project entry and every flag raised on one operation, each with its evidence."""
    if r["problem"]:
        worst = [(k, r[f"{k.lower()}_rating"], r[f"{k.lower()}_date"]) for k in ("DO", "IP")]
        low = [f"{k} {rating} ({on})" for k, rating, on in worst if rating is not None]
        yield _record(
            r,
            PROBLEM_PROJECT,
            "latest ISR ratings " + ", ".join(low) + f": at or below the problem threshold (score ≤ "
            f"{rules.problem_threshold})",
            {k.lower(): {"rating": rating, "date": on} for k, rating, on in worst},
            bool(r["do_illustrative"] or r["ip_illustrative"]),
        )
    if r["f_effectiveness"]:
        lag = float(r["effectiveness_lag_months"])
        if r["effective"]:
            text = (
                f"approved {r['approval']}, effective {r['effectiveness']}: {_months(lag)} "
                f"(more than {rules.effectiveness_delay_months:g})"
            )
        else:
            text = (
                f"approved {r['approval']}, not yet effective on {as_of}: {_months(lag)} "
                f"(more than {rules.effectiveness_delay_months:g})"
            )
        yield _record(
            r,
            Flag.EFFECTIVENESS_DELAY,
            text,
            {
                "approval": r["approval"],
                "effectiveness": r["effectiveness"] if r["effective"] else None,
                "lag_months": round(lag, 1),
                "threshold_months": rules.effectiveness_delay_months,
            },
            False,
        )
    if r["f_disbursement"]:
        planned = float(r["planned"])
        share = float(r["disbursed"]) / planned
        if r["plan_basis"] == "plan":
            basis = "the operation's disbursement plan"
        else:
            basis = (
                f"the standard profile from effectiveness {r['effectiveness']} to original closing "
                f"{r['original_closing']}"
            )
        yield _record(
            r,
            Flag.DISBURSEMENT_LAG,
            f"disbursed {usd(r['disbursed'])} by {as_of} against {usd(planned)} planned by {basis}: {share:.0%} "
            f"(below {rules.disbursement_lag_share:.0%})",
            {
                "disbursed_usd": r["disbursed"],
                "planned_usd": round(planned, 2),
                "share": round(share, 4),
                "basis": r["plan_basis"],
                "threshold": rules.disbursement_lag_share,
            },
            bool(r["ledger_illustrative"]),
        )
    for flag, column, prefix, words in _RATING_FLAGS:
        if r[column]:
            yield _record(
                r,
                flag,
                f"{words} rated {r[f'{prefix}_rating']} in the ISR of {r[f'{prefix}_date']}",
                {"rating": r[f"{prefix}_rating"], "date": r[f"{prefix}_date"]},
                bool(r[f"{prefix}_illustrative"]),
            )
    if r["f_counterpart"]:
        yield _record(
            r,
            Flag.COUNTERPART_FUNDS,
            f"counterpart funding below plan since {r['counterpart_since']}"
            + (f": {r['counterpart_note']}" if r["counterpart_note"] else ""),
            {"since": r["counterpart_since"], "note": r["counterpart_note"]},
            bool(r["events_illustrative"]),
        )
    if r["f_covenants"]:
        yield _record(
            r,
            Flag.LEGAL_COVENANTS,
            f"material legal covenant not complied with since {r['covenant_since']}"
            + (f": {r['covenant_note']}" if r["covenant_note"] else ""),
            {"since": r["covenant_since"], "note": r["covenant_note"]},
            bool(r["events_illustrative"]),
        )
    if r["f_extension"]:
        months = float(r["extension_months"])
        yield _record(
            r,
            Flag.CLOSING_DATE_EXTENSION,
            f"closing date extended from {r['original_closing']} to {r['closing_in_force']}: {months:.0f} months "
            f"in {r['extension_count']} extension(s) (flag above {rules.extension_months:g} months or at "
            f"{rules.extension_count} extensions)",
            {
                "original_closing": r["original_closing"],
                "closing": r["closing_in_force"],
                "months": round(months, 1),
                "extensions": r["extension_count"],
            },
            bool(r["events_illustrative"]),
        )
    for flag, column, kind in (
        (Flag.COUNTRY_RECORD, "f_country_record", "country-record"),
        (Flag.COUNTRY_ENVIRONMENT, "f_country_environment", "country-environment"),
    ):
        if r[column]:
            held = [c for c in country if c["kind"] == kind]
            parts = []
            for c in held:
                value = f"{c['value']:.0%} of closed operations rated MU or worse; " if c["value"] is not None else ""
                parts.append(f"{value}{c['note'] or kind} (since {c['date']})")
            yield _record(
                r,
                flag,
                "country flag: " + "; ".join(parts),
                {"country_flags": [{"since": c["date"], "value": c["value"], "note": c["note"]} for c in held]},
                any(bool(c["illustrative"]) for c in held),
            )


def proactivity_case(r: Mapping[str, Any], window_start: date) -> ProactivityCase:
    """What was done, between the start of the look-back and the as-of date, about a problem project."""
    actions: list[str] = []
    if r["upgraded"]:
        actions.append(f"ratings upgraded: DO {r['do_rating']} / IP {r['ip_rating']}")
    if r["restructured_on"] is not None:
        actions.append(f"restructured on {r['restructured_on']}")
    if r["partially_cancelled"]:
        actions.append(f"partially cancelled: {usd(r['cancelled_in_window'])}")
    if r["suspended_on"] is not None:
        actions.append(f"disbursements suspended on {r['suspended_on']}")
    if r["closed_or_cancelled"]:
        closing = r["closing"]
        if r["net_commitment"] <= 0:
            actions.append("fully cancelled")
        else:
            actions.append(f"closed on {closing}")
    return ProactivityCase(
        project=r["id"],
        name=r["name"],
        problem_on=window_start,
        actions=tuple(actions),
        acted=bool(r["acted"]),
        accountable=r["implementing_agency"],
    )
