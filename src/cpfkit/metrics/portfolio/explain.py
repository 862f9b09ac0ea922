"""The sentence that says how each figure of the portfolio review was computed, with its numbers.

Each sentence is a :class:`~cpfkit.language.message.Message` (its English original marked for the catalogs):
``Review.explanations`` holds them in English, ``Review.explanation_messages`` as messages, to be written in
a reader's language where they are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from cpfkit.language.catalogs import N_, Nn_
from cpfkit.language.message import FiscalYear, Listing, Message, Number, Param, Share, counted
from cpfkit.metrics.portfolio.evidence_text import millions
from cpfkit.metrics.portfolio.results import FiscalYearRatio, Indicators, OutsideExposure
from cpfkit.metrics.portfolio.rules import ReviewRules
from cpfkit.model import OutcomeRating

__all__ = ["explanation_messages", "explanations", "outside_explanation", "outside_message"]


def _operations(count: int) -> Message:
    """``1 operation``, ``2 operations``."""
    return counted(Nn_("%(num)s operation", "%(num)s operations"), count)


def _active(count: int) -> Message:
    return counted(Nn_("%(num)s active operation", "%(num)s active operations"), count)


def _pct(value: Decimal | None) -> Param:
    return Message(N_("n/a")) if value is None else Share(value, 1, exact=True)


def _and(items: Sequence[str]) -> Param:
    """``IBRD``, ``IBRD and IDA``, ``IBRD, IDA and IFC``."""
    if len(items) < 2:
        return "".join(items)
    return Message(N_("%(first)s and %(last)s"), {"first": Listing(tuple(items[:-1]), ", "), "last": items[-1]})


def _disbursement_ratio(fy: FiscalYearRatio) -> Message:
    new: Message = (
        counted(
            Nn_(
                "%(num)s approved during the year counts in the numerator only",
                "%(num)s approved during the year count in the numerator only",
            ),
            fy.new_approvals,
        )
        if fy.include_new_approvals
        else Message(N_("operations approved during the year are left out"))
    )
    period = Message(
        N_("%(fy)s (%(start)s to %(end)s)") if fy.complete else N_("%(fy)s (%(start)s to %(end)s, year to date)"),
        {"fy": FiscalYear(fy.fy), "start": fy.start.isoformat(), "end": fy.end.isoformat()},
    )
    return Message(
        N_(
            "%(period)s: disbursed in the year US$%(disbursed)s million / undisbursed at the start of the year "
            "US$%(opening)s million = %(ratio)s, over %(operations)s active in the year (closed "
            "ones included); %(new)s; %(excluded)s of instruments outside the ratio (budget support, guarantees) "
            "excluded."
        ),
        {
            "period": period,
            "disbursed": millions(fy.disbursed_usd),
            "opening": millions(fy.opening_undisbursed_usd),
            "ratio": _pct(fy.ratio),
            "operations": counted(
                Nn_("%(num)s %(instruments)s operation", "%(num)s %(instruments)s operations"),
                fy.operations,
                {"instruments": _and(fy.instruments)},
            ),
            "new": new,
            "excluded": _active(fy.excluded_active_operations),
        },
    )


def _ages(ind: Indicators) -> dict[str, Message]:
    """The age, effectiveness and extension sentences."""
    age = (
        Message(
            N_("mean of (as-of date − approval) over active operations = %(years)s years."),
            {"years": Number(ind.average_age_years)},
        )
        if ind.average_age_years is not None
        else Message(N_("no active operation."))
    )
    lag = (
        Message(
            N_(
                "mean approval → effectiveness over effective active operations = %(months)s months; "
                "%(waiting)s not yet effective."
            ),
            {"months": Number(ind.average_effectiveness_lag_months), "waiting": ind.not_yet_effective},
        )
        if ind.average_effectiveness_lag_months is not None
        else Message(
            N_("no active operation is effective yet; %(waiting)s not yet effective."),
            {"waiting": ind.not_yet_effective},
        )
    )
    extensions = (
        Message(
            N_(
                "%(operations)s extended beyond the original closing date (mean %(months)s months), "
                "%(extensions)s in all."
            ),
            {
                "operations": _active(ind.projects_extended),
                "months": Number(ind.average_extension_months) if ind.average_extension_months is not None else "—",
                "extensions": counted(Nn_("%(num)s extension", "%(num)s extensions"), ind.closing_date_extensions),
            },
        )
        if ind.projects_extended
        else Message(N_("no active operation is past its original closing date by an extension."))
    )
    return {
        "average_age_years": age,
        "average_effectiveness_lag_months": lag,
        "closing_date_extensions": extensions,
    }


def explanation_messages(
    ind: Indicators, fy: FiscalYearRatio, rules: ReviewRules, as_of: date, window_start: date
) -> dict[str, Message]:
    """One sentence per indicator, with the numbers it was computed from, as messages."""
    threshold = OutcomeRating(list(OutcomeRating)[6 - rules.problem_threshold]).value
    day = as_of.isoformat()
    return {
        "active_projects": Message(
            N_(
                "%(operations)s approved by %(day)s, not closed, not fully cancelled, of %(institutions)s with "
                "instruments %(instruments)s (other operations are shown beside the indicators)."
            ),
            {
                "operations": _operations(ind.active_projects),
                "day": day,
                "institutions": _and(rules.portfolio_institutions),
                "instruments": Listing(tuple(rules.portfolio_instruments), ", "),
            },
        ),
        "net_commitment_usd": Message(
            N_(
                "Σ net commitment of active operations = US$%(amount)s million "
                "(approved amount + further commitments − cancellations)."
            ),
            {"amount": millions(ind.net_commitment_usd)},
        ),
        "disbursed_usd": Message(
            N_("Σ disbursements up to %(day)s of active operations = US$%(amount)s million."),
            {"day": day, "amount": millions(ind.disbursed_usd)},
        ),
        "undisbursed_usd": Message(
            N_(
                "Σ (net commitment − disbursed) of active operations = US$%(net)s million − "
                "US$%(disbursed)s million = US$%(undisbursed)s million."
            ),
            {
                "net": millions(ind.net_commitment_usd),
                "disbursed": millions(ind.disbursed_usd),
                "undisbursed": millions(ind.undisbursed_usd),
            },
        ),
        "disbursement_ratio": _disbursement_ratio(fy),
        "problem_projects": Message(
            N_("%(operations)s whose latest DO or IP rating is %(threshold)s or worse."),
            {"operations": _active(ind.problem_projects), "threshold": threshold},
        ),
        "potential_problem_projects": Message(
            N_("%(operations)s that are not problem projects and carry %(flags)s or more of the 12 risk flags."),
            {"operations": _active(ind.potential_problem_projects), "flags": rules.potential_problem_flags},
        ),
        "projects_at_risk": Message(
            N_(
                "problem + potential problem = %(problem)s + %(potential)s = %(at_risk)s of %(active)s active "
                "(%(share)s)."
            ),
            {
                "problem": ind.problem_projects,
                "potential": ind.potential_problem_projects,
                "at_risk": ind.projects_at_risk,
                "active": ind.active_projects,
                "share": _pct(ind.projects_at_risk_share),
            },
        ),
        "commitments_at_risk_usd": Message(
            N_("Σ net commitment of operations at risk = US$%(at_risk)s million of US$%(net)s million (%(share)s)."),
            {
                "at_risk": millions(ind.commitments_at_risk_usd),
                "net": millions(ind.net_commitment_usd),
                "share": _pct(ind.commitments_at_risk_share),
            },
        ),
        "unrated_projects": Message(
            N_("%(operations)s with neither a DO nor an IP rating yet: not counted as problem projects."),
            {"operations": _active(ind.unrated_projects)},
        ),
        "flags_raised": Message(
            N_(
                "%(flags)s raised on %(operations)s; each is listed under flags with its evidence and the "
                "implementing agency accountable."
            ),
            {
                "flags": counted(Nn_("%(num)s flag", "%(num)s flags"), ind.flags_raised),
                "operations": _active(ind.flagged_projects),
            },
        ),
        "realism_index": Message(
            N_("problem / at risk = %(problem)s / %(at_risk)s = %(index)s."),
            {"problem": ind.problem_projects, "at_risk": ind.projects_at_risk, "index": _pct(ind.realism_index)},
        ),
        "proactivity_index": Message(
            N_(
                "of the %(base)s on %(start)s, %(acted)s acted on by %(day)s (rating upgraded, restructured, "
                "partially cancelled, suspended, or closed; a closing-date extension counts too) = %(index)s."
            )
            if rules.proactive_extensions
            else N_(
                "of the %(base)s on %(start)s, %(acted)s acted on by %(day)s (rating upgraded, restructured, "
                "partially cancelled, suspended, or closed; an extension alone not) = %(index)s."
            ),
            {
                "base": counted(Nn_("%(num)s problem project", "%(num)s problem projects"), ind.proactivity_base),
                "start": window_start.isoformat(),
                "acted": ind.proactivity_acted,
                "day": day,
                "index": _pct(ind.proactivity_index),
            },
        ),
        **_ages(ind),
    }


def explanations(
    ind: Indicators, fy: FiscalYearRatio, rules: ReviewRules, as_of: date, window_start: date
) -> dict[str, str]:
    """One sentence per indicator, with the numbers it was computed from, in English."""
    return {k: str(m) for k, m in explanation_messages(ind, fy, rules, as_of, window_start).items()}


def outside_message(outside: tuple[OutsideExposure, ...], rules: ReviewRules) -> Message:
    """What the indicators cover, and the active operations reported beside them, as a message."""
    covered: dict[str, Param] = {
        "institutions": _and(rules.portfolio_institutions),
        "instruments": Listing(tuple(rules.portfolio_instruments), ", "),
    }
    if not outside:
        return Message(
            N_(
                "The indicators cover the %(institutions)s operations of instruments %(instruments)s; "
                "no other operation is active."
            ),
            covered,
        )
    parts = tuple(
        Message(
            N_("%(institution)s %(instrument)s: %(operations)s, US$%(amount)s million (%(projects)s)"),
            {
                "institution": o.institution,
                "instrument": o.instrument,
                "operations": _operations(o.operations),
                "amount": millions(o.net_commitment_usd),
                "projects": Listing(tuple(o.projects), ", "),
            },
        )
        for o in outside
    )
    return Message(
        N_(
            "The indicators cover the %(institutions)s operations of instruments %(instruments)s. "
            "Active beside them, not in them: %(parts)s."
        ),
        {**covered, "parts": Listing(parts)},
    )


def outside_explanation(outside: tuple[OutsideExposure, ...], rules: ReviewRules) -> str:
    """What the indicators cover, and the active operations reported beside them, in English."""
    return str(outside_message(outside, rules))
