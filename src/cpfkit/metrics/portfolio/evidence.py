"""Why each flag was raised: the dates, ratios and ratings behind it, in words and as data.

:func:`flag_records` reads the review's facts (:mod:`cpfkit.metrics.portfolio.facts`)
and writes, for every flag raised, a sentence with its evidence, the same
evidence as data, and the implementing agency accountable for it.  Each kind
of flag is written for all the operations that carry it at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np

from cpfkit.metrics.portfolio.facts import RATING_TEXT, Facts
from cpfkit.metrics.portfolio.results import FlagRecord, ProactivityCase
from cpfkit.metrics.portfolio.rules import FLAG_LABELS, Flag, ReviewRules
from cpfkit.store.series import DAY0

__all__ = ["PROBLEM_PROJECT", "flag_records", "proactivity_case", "usd"]

PROBLEM_PROJECT = "problem-project"
"""The entry that explains why an operation is an (actual) problem project; not one of the risk flags."""

_DAY0 = np.datetime64(DAY0, "D")
_MILLION = Decimal(1_000_000)
_TENTH = Decimal("0.1")
_RATED: tuple[tuple[Flag, str, str, str], ...] = (
    (Flag.FINANCIAL_MANAGEMENT, "f_fm", "fm", "financial management"),
    (Flag.PROCUREMENT, "f_procurement", "proc", "procurement"),
    (Flag.SAFEGUARDS, "f_safeguards", "es", "environmental and social standards"),
    (Flag.MONITORING_EVALUATION, "f_me", "me", "monitoring and evaluation"),
    (Flag.PROJECT_MANAGEMENT, "f_pm", "pm", "project management"),
)
_ORDER = {code: i for i, code in enumerate((PROBLEM_PROJECT, *(f.value for f in Flag)))}


def usd(value: Decimal | float | int) -> str:
    """US dollars for a sentence: always millions with one decimal, so every amount reads in one unit.

    Examples:
        >>> usd(Decimal("544230000")), usd(700_000), usd(2_300_000.0), usd(650)
        ('US$544.2 million', 'US$0.7 million', 'US$2.3 million', 'US$0.0 million')
    """
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    millions = (abs(amount) / _MILLION).quantize(_TENTH, rounding=ROUND_HALF_UP)
    return f"{'-' if amount < 0 and millions else ''}US${millions:,} million"


def _iso(days: np.ndarray[Any, Any]) -> list[str | None]:
    """ISO dates of day numbers (None for -1)."""
    text = np.datetime_as_string(_DAY0 + np.maximum(days, 0).astype("timedelta64[D]"), unit="D").tolist()
    return [t if d >= 0 else None for t, d in zip(text, days.tolist(), strict=True)]


def _rating(scores: np.ndarray[Any, Any]) -> list[str | None]:
    return [RATING_TEXT[s - 1] if s > 0 else None for s in scores.tolist()]


def _same(value: Any) -> Callable[[np.ndarray[Any, Any]], list[Any]]:
    """The same sentence or data for every operation (country flags)."""

    def repeat(index: np.ndarray[Any, Any]) -> list[Any]:
        return [value] * len(index)

    return repeat


class _Writer:
    """Collects the records of one review, kind of flag by kind of flag."""

    def __init__(self, f: Facts) -> None:
        self.f = f
        self.records: list[FlagRecord] = []

    def add(
        self,
        mask: np.ndarray[Any, Any],
        code: str,
        label: str,
        sentences: Callable[[np.ndarray[Any, Any]], list[str]],
        facts: Callable[[np.ndarray[Any, Any]], list[dict[str, Any]]],
        illustrative: np.ndarray[Any, Any] | None = None,
    ) -> None:
        index = np.flatnonzero(mask)
        if not len(index):
            return
        f = self.f
        marked = f.illustrative[index] if illustrative is None else (f.illustrative | illustrative)[index]
        self.records.extend(
            FlagRecord(project, name, code, label, text, data, agency, bool(mark))
            for project, name, text, data, agency, mark in zip(
                f.id[index].tolist(),
                f.name[index].tolist(),
                sentences(index),
                facts(index),
                f.implementing_agency[index].tolist(),
                marked.tolist(),
                strict=True,
            )
        )


def flag_records(f: Facts, as_of: date, rules: ReviewRules, country: Sequence[Mapping[str, Any]]) -> list[FlagRecord]:
    """The problem-project entries and every flag raised, each with its evidence, by operation then flag."""
    w = _Writer(f)

    def problem_text(i: np.ndarray[Any, Any]) -> list[str]:
        out = []
        for do, do_on, ip, ip_on in zip(
            _rating(f.do_score[i]), _iso(f.do_day[i]), _rating(f.ip_score[i]), _iso(f.ip_day[i]), strict=True
        ):
            parts = [f"{k} {r} ({on})" for k, r, on in (("DO", do, do_on), ("IP", ip, ip_on)) if r is not None]
            out.append(
                f"latest ISR ratings {', '.join(parts)}: at or below the problem threshold "
                f"(score ≤ {rules.problem_threshold})"
            )
        return out

    def problem_facts(i: np.ndarray[Any, Any]) -> list[dict[str, Any]]:
        return [
            {"do": {"rating": do, "date": do_on}, "ip": {"rating": ip, "date": ip_on}}
            for do, do_on, ip, ip_on in zip(
                _rating(f.do_score[i]), _iso(f.do_day[i]), _rating(f.ip_score[i]), _iso(f.ip_day[i]), strict=True
            )
        ]

    w.add(
        f.problem,
        PROBLEM_PROJECT,
        "Problem project",
        problem_text,
        problem_facts,
        f.do_illustrative | f.ip_illustrative,
    )

    threshold = f"{rules.effectiveness_delay_months:g}"

    def effectiveness_text(i: np.ndarray[Any, Any]) -> list[str]:
        return [
            f"approved {a}, effective {e}: {lag:.1f} months (more than {threshold})"
            if effective
            else f"approved {a}, not yet effective on {as_of}: {lag:.1f} months (more than {threshold})"
            for a, e, lag, effective in zip(
                _iso(f.approval[i]), _iso(f.effectiveness[i]), f.lag[i].tolist(), f.effective[i].tolist(), strict=True
            )
        ]

    def effectiveness_facts(i: np.ndarray[Any, Any]) -> list[dict[str, Any]]:
        return [
            {
                "approval": a,
                "effectiveness": e if effective else None,
                "lag_months": round(lag, 1),
                "threshold_months": rules.effectiveness_delay_months,
            }
            for a, e, lag, effective in zip(
                _iso(f.approval[i]), _iso(f.effectiveness[i]), f.lag[i].tolist(), f.effective[i].tolist(), strict=True
            )
        ]

    w.add(
        f.f_effectiveness,
        Flag.EFFECTIVENESS_DELAY.value,
        FLAG_LABELS[Flag.EFFECTIVENESS_DELAY],
        effectiveness_text,
        effectiveness_facts,
    )

    units = 10**f.scale
    lag_share = f"{rules.disbursement_lag_share:.0%}"

    def lag_rows(i: np.ndarray[Any, Any]) -> list[tuple[Any, ...]]:
        disbursed = (f.disbursed[i] / units).tolist()
        return list(
            zip(
                disbursed,
                f.planned[i].tolist(),
                f.plan_basis[i].tolist(),
                _iso(f.effectiveness[i]),
                _iso(f.original_closing[i]),
                strict=True,
            )
        )

    def lag_text(i: np.ndarray[Any, Any]) -> list[str]:
        out = []
        for disbursed, planned, basis, e, o in lag_rows(i):
            how = (
                "the operation's disbursement plan"
                if basis == "plan"
                else f"the standard profile from effectiveness {e} to original closing {o}"
            )
            out.append(
                f"disbursed {usd(disbursed)} by {as_of} against {usd(planned)} planned by {how}: "
                f"{disbursed / planned:.0%} (below {lag_share})"
            )
        return out

    def lag_facts(i: np.ndarray[Any, Any]) -> list[dict[str, Any]]:
        return [
            {
                "disbursed_usd": Decimal(int(u)).scaleb(-f.scale),
                "planned_usd": round(planned, 2),
                "share": round(disbursed / planned, 4),
                "basis": basis,
                "threshold": rules.disbursement_lag_share,
            }
            for u, (disbursed, planned, basis, _e, _o) in zip(f.disbursed[i].tolist(), lag_rows(i), strict=True)
        ]

    w.add(
        f.f_disbursement,
        Flag.DISBURSEMENT_LAG.value,
        FLAG_LABELS[Flag.DISBURSEMENT_LAG],
        lag_text,
        lag_facts,
        f.ledger_illustrative,
    )

    for flag, column, prefix, words in _RATED:
        scores, days = f.columns[f"{prefix}_score"], f.columns[f"{prefix}_day"]

        def rated_text(
            i: np.ndarray[Any, Any], scores: Any = scores, days: Any = days, words: str = words
        ) -> list[str]:
            return [
                f"{words} rated {r} in the ISR of {on}" for r, on in zip(_rating(scores[i]), _iso(days[i]), strict=True)
            ]

        def rated_facts(i: np.ndarray[Any, Any], scores: Any = scores, days: Any = days) -> list[dict[str, Any]]:
            return [{"rating": r, "date": on} for r, on in zip(_rating(scores[i]), _iso(days[i]), strict=True)]

        w.add(
            f.columns[column],
            flag.value,
            FLAG_LABELS[flag],
            rated_text,
            rated_facts,
            f.columns[f"{prefix}_illustrative"],
        )

    for flag, column, since, note, words in (
        (
            Flag.COUNTERPART_FUNDS,
            "f_counterpart",
            "counterpart_since",
            "counterpart_note",
            "counterpart funding below plan",
        ),
        (
            Flag.LEGAL_COVENANTS,
            "f_covenants",
            "covenant_since",
            "covenant_note",
            "material legal covenant not complied with",
        ),
    ):
        since_days, notes = f.columns[since], f.columns[note]

        def spell_text(
            i: np.ndarray[Any, Any], since_days: Any = since_days, notes: Any = notes, words: str = words
        ) -> list[str]:
            return [
                f"{words} since {on}" + (f": {n}" if n else "")
                for on, n in zip(_iso(since_days[i]), notes[i].tolist(), strict=True)
            ]

        def spell_facts(
            i: np.ndarray[Any, Any], since_days: Any = since_days, notes: Any = notes
        ) -> list[dict[str, Any]]:
            return [{"since": on, "note": n} for on, n in zip(_iso(since_days[i]), notes[i].tolist(), strict=True)]

        w.add(f.columns[column], flag.value, FLAG_LABELS[flag], spell_text, spell_facts, f.events_illustrative)

    def extension_rows(i: np.ndarray[Any, Any]) -> list[tuple[Any, ...]]:
        return list(
            zip(
                _iso(f.original_closing[i]),
                _iso(f.closing_in_force[i]),
                f.extension_months[i].tolist(),
                f.extension_count[i].tolist(),
                strict=True,
            )
        )

    def extension_text(i: np.ndarray[Any, Any]) -> list[str]:
        return [
            f"closing date extended from {o} to {c}: {m:.0f} months in {n} extension(s) (flag above "
            f"{rules.extension_months:g} months or at {rules.extension_count} extensions)"
            for o, c, m, n in extension_rows(i)
        ]

    def extension_facts(i: np.ndarray[Any, Any]) -> list[dict[str, Any]]:
        return [
            {"original_closing": o, "closing": c, "months": round(m, 1), "extensions": n}
            for o, c, m, n in extension_rows(i)
        ]

    w.add(
        f.f_extension,
        Flag.CLOSING_DATE_EXTENSION.value,
        FLAG_LABELS[Flag.CLOSING_DATE_EXTENSION],
        extension_text,
        extension_facts,
        f.events_illustrative,
    )

    for flag, column, kind in (
        (Flag.COUNTRY_RECORD, "f_country_record", "country-record"),
        (Flag.COUNTRY_ENVIRONMENT, "f_country_environment", "country-environment"),
    ):
        held = [c for c in country if c["kind"] == kind]
        parts = []
        for c in held:
            value = f"{c['value']:.0%} of closed operations rated MU or worse; " if c["value"] is not None else ""
            parts.append(f"{value}{c['note'] or kind} (since {c['date']})")
        sentence = "country flag: " + "; ".join(parts)
        data = {"country_flags": [{"since": c["date"], "value": c["value"], "note": c["note"]} for c in held]}
        mark = np.full(f.size, any(bool(c["illustrative"]) for c in held))
        w.add(f.columns[column], flag.value, FLAG_LABELS[flag], _same(sentence), _same(data), mark)

    w.records.sort(key=lambda r: (r.project, _ORDER[r.flag]))
    return w.records


def proactivity_case(r: Mapping[str, Any], window_start: date) -> ProactivityCase:
    """What was done, between the start of the look-back and the as-of date, about a problem project."""
    actions: list[str] = []
    if r["upgraded"]:
        actions.append(f"ratings upgraded: DO {r['do_rating']} / IP {r['ip_rating']}")
    not_counted: list[str] = []
    if r["restructured_on"] is not None:
        actions.append(f"restructured on {r['restructured_on']}")
    if r["extended_on"] is not None:
        if r["extension_counted"]:
            actions.append(f"closing date extended on {r['extended_on']}")
        else:
            not_counted.append(
                f"closing date extended on {r['extended_on']}: not counted, an extension alone is not a "
                "restructuring (proactive_extensions)"
            )
    if r["partially_cancelled"]:
        actions.append(f"partially cancelled: {usd(r['cancelled_in_window'])}")
    if r["suspended_on"] is not None:
        actions.append(f"disbursements suspended on {r['suspended_on']}")
    if r["closed_or_cancelled"]:
        if r["net_commitment"] <= 0:
            actions.append("fully cancelled")
        else:
            actions.append(f"closed on {r['closing']}")
    return ProactivityCase(
        project=r["id"],
        name=r["name"],
        problem_on=window_start,
        actions=tuple(actions),
        acted=bool(r["acted"]),
        not_counted=tuple(not_counted),
        accountable=r["implementing_agency"],
    )
