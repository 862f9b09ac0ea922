"""Evidence of delivery: why an operation is a problem project, late to become effective, or slow to disburse."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from cpfkit.language.catalogs import N_
from cpfkit.language.message import Message, Number, Param, Share
from cpfkit.metrics.portfolio.evidence_text import EvidenceWriter, day, iso_dates, millions, rating_texts
from cpfkit.metrics.portfolio.flags import FLAG_LABELS, Flag
from cpfkit.metrics.portfolio.rules import ReviewRules

__all__ = ["PROBLEM_PROJECT", "add_disbursement_lags", "add_effectiveness_delays", "add_problem_projects"]

PROBLEM_PROJECT = "problem-project"
"""The entry that explains why an operation is an (actual) problem project; not one of the risk flags."""


def add_problem_projects(w: EvidenceWriter, rules: ReviewRules) -> None:
    """Why each problem project is one: its latest DO and IP ratings, at or below the threshold."""
    f = w.f

    def problem_text(i: np.ndarray[Any, Any]) -> list[Message]:
        out = []
        for do, do_on, ip, ip_on in zip(
            rating_texts(f.do_score[i]),
            iso_dates(f.do_day[i]),
            rating_texts(f.ip_score[i]),
            iso_dates(f.ip_day[i]),
            strict=True,
        ):
            given: dict[str, Param | None] = {
                "do": do,
                "do_on": do_on and day(do_on),
                "ip": ip,
                "ip_on": ip_on and day(ip_on),
            }
            values: dict[str, Param] = {k: v for k, v in given.items() if v is not None}
            values["threshold"] = rules.problem_threshold
            if do is not None and ip is not None:
                text = N_(
                    "latest ISR ratings DO %(do)s (%(do_on)s), IP %(ip)s (%(ip_on)s): at or below the problem "
                    "threshold (score ≤ %(threshold)s)"
                )
            elif do is not None:
                text = N_(
                    "latest ISR ratings DO %(do)s (%(do_on)s): at or below the problem threshold "
                    "(score ≤ %(threshold)s)"
                )
            elif ip is not None:
                text = N_(
                    "latest ISR ratings IP %(ip)s (%(ip_on)s): at or below the problem threshold "
                    "(score ≤ %(threshold)s)"
                )
            else:
                text = N_("latest ISR ratings: at or below the problem threshold (score ≤ %(threshold)s)")
            out.append(Message(text, values))
        return out

    def problem_facts(i: np.ndarray[Any, Any]) -> list[dict[str, Any]]:
        return [
            {"do": {"rating": do, "date": do_on}, "ip": {"rating": ip, "date": ip_on}}
            for do, do_on, ip, ip_on in zip(
                rating_texts(f.do_score[i]),
                iso_dates(f.do_day[i]),
                rating_texts(f.ip_score[i]),
                iso_dates(f.ip_day[i]),
                strict=True,
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


def add_effectiveness_delays(w: EvidenceWriter, as_of: date, rules: ReviewRules) -> None:
    """The months from approval to effectiveness (or to the as-of date) above the threshold."""
    f = w.f
    threshold = Number(rules.effectiveness_delay_months, 2)

    def effectiveness_text(i: np.ndarray[Any, Any]) -> list[Message]:
        return [
            Message(
                N_("approved %(approved)s, effective %(effective)s: %(lag)s months (more than %(threshold)s)"),
                {"approved": day(a), "effective": day(e), "lag": Number(lag, 1, exact=True), "threshold": threshold},
            )
            if effective
            else Message(
                N_("approved %(approved)s, not yet effective on %(as_of)s: %(lag)s months (more than %(threshold)s)"),
                {
                    "approved": day(a),
                    "as_of": as_of,
                    "lag": Number(lag, 1, exact=True),
                    "threshold": threshold,
                },
            )
            for a, e, lag, effective in zip(
                iso_dates(f.approval[i]),
                iso_dates(f.effectiveness[i]),
                f.lag[i].tolist(),
                f.effective[i].tolist(),
                strict=True,
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
                iso_dates(f.approval[i]),
                iso_dates(f.effectiveness[i]),
                f.lag[i].tolist(),
                f.effective[i].tolist(),
                strict=True,
            )
        ]

    w.add(
        f.f_effectiveness,
        Flag.EFFECTIVENESS_DELAY.value,
        FLAG_LABELS[Flag.EFFECTIVENESS_DELAY],
        effectiveness_text,
        effectiveness_facts,
    )


def add_disbursement_lags(w: EvidenceWriter, as_of: date, rules: ReviewRules) -> None:
    """What was disbursed against what the plan or the standard profile expected by the as-of date."""
    f = w.f
    units = 10**f.scale
    lag_share = Share(rules.disbursement_lag_share)

    def lag_rows(i: np.ndarray[Any, Any]) -> list[tuple[Any, ...]]:
        disbursed = (f.disbursed[i] / units).tolist()
        return list(
            zip(
                disbursed,
                f.planned[i].tolist(),
                f.plan_basis[i].tolist(),
                iso_dates(f.effectiveness[i]),
                iso_dates(f.original_closing[i]),
                strict=True,
            )
        )

    def lag_text(i: np.ndarray[Any, Any]) -> list[Message]:
        out = []
        for disbursed, planned, basis, e, o in lag_rows(i):
            values: dict[str, Param] = {
                "disbursed": millions(disbursed),
                "as_of": as_of,
                "planned": millions(planned),
                "share": Share(disbursed / planned),
                "threshold": lag_share,
            }
            if basis == "plan":
                text = N_(
                    "disbursed US$%(disbursed)s million by %(as_of)s against US$%(planned)s million planned by the "
                    "operation's disbursement plan: %(share)s (below %(threshold)s)"
                )
            else:
                text = N_(
                    "disbursed US$%(disbursed)s million by %(as_of)s against US$%(planned)s million planned by the "
                    "standard profile from effectiveness %(effective)s to original closing %(closing)s: %(share)s "
                    "(below %(threshold)s)"
                )
                values |= {"effective": day(e), "closing": day(o)}
            out.append(Message(text, values))
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
