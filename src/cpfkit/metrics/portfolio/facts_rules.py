"""The review's rules, written once as vector arithmetic: every derived fact and flag of every operation.

The rules are those of ``docs/definitions.md``, "Portfolio review"; the
thresholds are the review's :class:`~cpfkit.metrics.portfolio.rules.ReviewRules`.
"""

from __future__ import annotations

import numpy as np

from cpfkit.metrics.portfolio.facts_table import MONTH, YEAR, Array, Dates, Facts
from cpfkit.metrics.portfolio.rules import ReviewRules
from cpfkit.model import Instrument
from cpfkit.store.series_keys import day_number

__all__ = ["derive"]


def _basis(plan: Array, profile: Array) -> Array:
    """Where each operation's planned disbursement comes from: ``plan``, ``profile`` or None."""
    out = np.full(len(plan), None, dtype=object)
    out[profile] = "profile"
    out[plan] = "plan"
    return out


def derive(facts: Facts, dates: Dates, rules: ReviewRules, environment: bool, record: bool) -> None:
    """Every derived fact and flag: the review's rules, written once."""
    f = facts
    d, fy_start, fy_end, w = (day_number(x) for x in (dates.as_of, dates.fy_start, dates.fy_end, dates.window_start))
    units = float(10**f.scale)
    a, e, o, r = f.approval, f.effectiveness, f.original_closing, f.revised_closing
    closing = np.where(r >= 0, r, o)
    open_ended = closing < 0
    # closing date in force on the as-of date: recorded extensions, else an unrecorded extension counts from the
    # original closing date
    cbe = np.where(f.closing_by_events >= 0, f.closing_by_events, o)
    in_force = np.select(
        [f.extension_events > 0, (r < 0) | (o < 0), r < o, d <= o],
        [cbe, closing, r, o],
        r,
    )
    extended = (in_force >= 0) & (o >= 0) & (in_force > o)
    extension_months = np.where(extended, (in_force - o) / MONTH, 0.0)
    extension_count = np.where(f.extension_events > 0, f.extensions_by_date, np.where(extended, 1, 0))
    # the indicators cover the chosen institutions' operations of the chosen instruments (IBRD/IDA lending by
    # default); every other active operation but advisory work is reported beside them
    lending = f.instrument != Instrument.ASA.value
    in_universe = np.isin(f.instrument, list(rules.portfolio_instruments)) & np.isin(
        f.institution, list(rules.portfolio_institutions)
    )
    ratio_instrument = np.isin(f.instrument, list(rules.ratio_instruments))
    approved_ever = ~np.isin(f.status, ["pipeline", "dropped"]) & (a >= 0)
    approved = approved_ever & (a <= d)
    net = f.commitment + f.extra - f.cancelled
    net_fy = f.commitment + f.extra_before_fy - f.cancelled_before_fy
    net_w = f.commitment + f.extra_at_window - f.cancelled_at_window
    effective = (e >= 0) & (e <= d)
    lag = np.where(effective, e - a, d - a) / MONTH
    months_effective = np.where(effective, (d - e) / MONTH, np.nan)
    # planned cumulative disbursement, US dollars: the operation's own plan, else the standard profile
    start = np.where(e >= 0, e, a)
    pb, pa, pbd, pad = f.plan_before, f.plan_after, f.plan_before_day, f.plan_after_day
    with np.errstate(divide="ignore", invalid="ignore"):
        from_plan = np.select(
            [pad < 0, pbd < 0],
            [pb, np.where((start < pad) & (start <= d), pa * (d - start) / (pad - start), 0.0)],
            pb + (pa - pb) * (d - pbd) / (pad - pbd),
        )
        share = np.clip((d - e) / (o - e), 0.0, 1.0)
        net_usd = np.maximum(net, 0).astype(np.float64) / units
        profile = np.where((e >= 0) & (o > e), net_usd * (3 * share**2 - 2 * share**3), np.nan)
    planned = np.where(f.plan_points > 0, np.minimum(from_plan, net_usd), profile)
    running = lending & approved & (open_ended | (d <= closing)) & (net > 0)
    active = in_universe & running
    active_w = in_universe & approved_ever & (a <= w) & (open_ended | (w <= closing)) & (net_w > 0)
    t = rules.rating_flag_threshold
    flags = {
        "f_effectiveness": active & (lag > rules.effectiveness_delay_months),
        "f_disbursement": active
        & ratio_instrument
        & effective
        & (months_effective >= rules.disbursement_lag_min_months)
        & (planned > 0)
        & (f.disbursed.astype(np.float64) / units < rules.disbursement_lag_share * planned),
        "f_fm": active & (f.fm_score > 0) & (f.fm_score <= t),
        "f_procurement": active & (f.proc_score > 0) & (f.proc_score <= t),
        "f_safeguards": active & (f.es_score > 0) & (f.es_score <= t),
        "f_counterpart": active & (f.counterpart_since >= 0),
        "f_me": active & (f.me_score > 0) & (f.me_score <= t),
        "f_pm": active & (f.pm_score > 0) & (f.pm_score <= t),
        "f_covenants": active & (f.covenant_since >= 0),
        "f_extension": active
        & ((extension_months > rules.extension_months) | (extension_count >= rules.extension_count)),
        "f_country_record": active & record,
        "f_country_environment": active & environment,
    }
    n_flags = np.sum([v.astype(np.int64) for v in flags.values()], axis=0) if f.size else np.zeros(0, np.int64)
    worst_now = np.minimum(np.where(f.do_score > 0, f.do_score, 99), np.where(f.ip_score > 0, f.ip_score, 99))
    problem = active & (worst_now <= rules.problem_threshold)
    problem_w = active_w & (f.worst_then <= rules.problem_threshold)
    cancelled_in_window = f.cancelled - f.cancelled_at_window
    partial = problem_w & (cancelled_in_window > 0) & (net > 0)
    upgraded = problem_w & active & ~problem
    closed = problem_w & ~active
    # a closing-date extension is an action only when the review says so (the index counts restructurings)
    extended_w = problem_w & (f.extended_on >= 0)
    restructured = problem_w & ((f.restructured_on >= 0) | (f.suspended_on >= 0))
    if rules.proactive_extensions:
        restructured = restructured | extended_w
    f.set(
        closing=closing,
        closing_in_force=in_force,
        extension_months=extension_months,
        extension_count=extension_count,
        in_universe=in_universe,
        approved=approved,
        net=net,
        net_fy=net_fy,
        undisbursed=np.maximum(net - f.disbursed, 0),
        effective=effective,
        lag=lag,
        age=(d - a) / YEAR,
        planned=planned,
        plan_basis=_basis(f.plan_points > 0, ~np.isnan(profile)),
        running=running,
        active=active,
        outside=running & ~in_universe,
        n_flags=n_flags,
        problem=problem,
        potential=~problem & (n_flags >= rules.potential_problem_flags),
        at_risk=problem | (active & (n_flags >= rules.potential_problem_flags)),
        problem_at_window=problem_w,
        in_fy=in_universe
        & ratio_instrument
        & approved_ever
        & (a <= fy_end)
        & (open_ended | (closing >= fy_start))
        & ((net_fy > 0) | ((a >= fy_start) & (net > 0))),
        opening=a < fy_start,
        cancelled_in_window=cancelled_in_window,
        upgraded=upgraded,
        partially_cancelled=partial,
        closed_or_cancelled=closed,
        extension_counted=extended_w & rules.proactive_extensions,
        acted=upgraded | restructured | partial | closed,
        **flags,
    )
