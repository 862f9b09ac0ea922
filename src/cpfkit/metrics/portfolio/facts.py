"""One value per operation and fact, as NumPy arrays: money, dates, ratings, events, every flag.

The review's rules (``docs/definitions.md``, "Portfolio review") are written
here once, as vector arithmetic over all the operations of a programme at
once.  Inputs: the operations (the copy's ``projects`` table), their ledger
totals and latest ratings on the review's dates (binary searches in the
copy's series, :mod:`cpfkit.store.series`), and their events and plans
(small DuckDB aggregations).  Money is kept in exact integer units of
``10**-scale`` US dollars: int64 arrays while every sum the review takes
stays far inside int64's range, else object arrays of Python integers
(:data:`cpfkit.store.series.SAFE_UNITS`); days count from 1900-01-01,
``-1`` meaning none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from cpfkit.metrics.portfolio.rules import ReviewRules
from cpfkit.model import Instrument, OutcomeRating
from cpfkit.store.analytics import PortfolioData
from cpfkit.store.series import KIND_CODES, SAFE_UNITS, TYPE_CODES, day_number, exact_units

__all__ = ["FLAG_ORDER", "RATING_TEXT", "Dates", "Facts", "compute_facts"]

Array = np.ndarray[Any, Any]
NONE = -1
MONTH = 30.4375
YEAR = 365.25

FLAG_ORDER: tuple[tuple[str, str], ...] = (
    ("effectiveness-delay", "f_effectiveness"),
    ("disbursement-lag", "f_disbursement"),
    ("financial-management", "f_fm"),
    ("procurement", "f_procurement"),
    ("safeguards", "f_safeguards"),
    ("counterpart-funds", "f_counterpart"),
    ("monitoring-evaluation", "f_me"),
    ("project-management", "f_pm"),
    ("legal-covenants", "f_covenants"),
    ("closing-date-extension", "f_extension"),
    ("country-record", "f_country_record"),
    ("country-environment", "f_country_environment"),
)
"""Each flag's code and the name of its column in :class:`Facts`, in report order."""

RATING_TEXT = [r.value for r in reversed(OutcomeRating)]
"""ISR ratings by score: ``RATING_TEXT[score - 1]`` (HU = 1 … HS = 6)."""

_KINDS = (("do", "DO"), ("ip", "IP"), ("fm", "FM"), ("proc", "procurement"), ("es", "E&S"), ("me", "M&E"), ("pm", "PM"))

_PROJECTS = """
SELECT p.pno, p.id, p.name, p.institution, p.instrument, p.status, p.implementing_agency, pp.carried_from,
    p.illustrative,
    coalesce(date_diff('day', DATE '1900-01-01', p.approval), -1) AS approval,
    coalesce(date_diff('day', DATE '1900-01-01', p.effectiveness), -1) AS effectiveness,
    coalesce(date_diff('day', DATE '1900-01-01', p.original_closing), -1) AS original_closing,
    coalesce(date_diff('day', DATE '1900-01-01', p.revised_closing), -1) AS revised_closing,
    TRY_CAST(coalesce(p.commitment_usd, 0) * $units AS BIGINT) AS commitment,
    coalesce(p.commitment_usd, 0) * $units = round(coalesce(p.commitment_usd, 0) * $units) AS exact
FROM projects p JOIN programme_projects pp ON pp.pno = p.pno
WHERE pp.programme_id = $programme
ORDER BY p.pno
"""

_COMMITMENTS = """
SELECT CAST(coalesce(p.commitment_usd, 0) AS VARCHAR)
FROM projects p JOIN programme_projects pp ON pp.pno = p.pno
WHERE pp.programme_id = $programme
ORDER BY p.pno
"""

_EVENTS = """
SELECT e.pno,
    count(*) FILTER (WHERE e.kind = 'extension') AS extension_events,
    count(*) FILTER (WHERE e.kind = 'extension' AND e.date <= $as_of) AS extensions_by_date,
    date_diff('day', DATE '1900-01-01',
        arg_max(e.new_closing, e.date) FILTER (WHERE e.kind = 'extension' AND e.date <= $as_of)) AS closing_by_events,
    date_diff('day', DATE '1900-01-01', min(e.date) FILTER (WHERE e.kind = 'counterpart-shortfall' AND e.date <= $as_of
                              AND (e.end_date IS NULL OR e.end_date > $as_of))) AS counterpart_since,
    arg_min(e.note, e.date) FILTER (WHERE e.kind = 'counterpart-shortfall' AND e.date <= $as_of
                              AND (e.end_date IS NULL OR e.end_date > $as_of)) AS counterpart_note,
    date_diff('day', DATE '1900-01-01', min(e.date) FILTER (WHERE e.kind = 'covenant-breach' AND e.date <= $as_of
                              AND (e.end_date IS NULL OR e.end_date > $as_of))) AS covenant_since,
    arg_min(e.note, e.date) FILTER (WHERE e.kind = 'covenant-breach' AND e.date <= $as_of
                              AND (e.end_date IS NULL OR e.end_date > $as_of)) AS covenant_note,
    date_diff('day', DATE '1900-01-01', min(e.date) FILTER (WHERE e.kind = 'restructuring'
                              AND e.date > $window AND e.date <= $as_of)) AS restructured_on,
    date_diff('day', DATE '1900-01-01', min(e.date) FILTER (WHERE e.kind = 'extension'
                              AND e.date > $window AND e.date <= $as_of)) AS extended_on,
    date_diff('day', DATE '1900-01-01', min(e.date) FILTER (WHERE e.kind = 'suspension' AND e.date > $window
                              AND e.date <= $as_of)) AS suspended_on,
    coalesce(bool_or(e.illustrative) FILTER (WHERE e.date <= $as_of), false) AS events_illustrative
FROM events e JOIN programme_projects pp ON pp.pno = e.pno AND pp.programme_id = $programme
GROUP BY e.pno
"""

_PLANS = """
SELECT pl.pno, count(*) AS points,
    date_diff('day', DATE '1900-01-01', max(pl.date) FILTER (WHERE pl.date <= $as_of)) AS before_day,
    CAST(arg_max(pl.amount_usd, pl.date) FILTER (WHERE pl.date <= $as_of) AS DOUBLE) AS before_usd,
    date_diff('day', DATE '1900-01-01', min(pl.date) FILTER (WHERE pl.date > $as_of)) AS after_day,
    CAST(arg_min(pl.amount_usd, pl.date) FILTER (WHERE pl.date > $as_of) AS DOUBLE) AS after_usd
FROM planned pl JOIN programme_projects pp ON pp.pno = pl.pno AND pp.programme_id = $programme
GROUP BY pl.pno
"""

_COUNTRY = """
SELECT coalesce(bool_or(kind = 'country-environment'), false),
    coalesce(bool_or(kind = 'country-record' AND (value IS NULL OR value > $share)), false)
FROM country_flags
WHERE programme_id = $programme AND date <= $as_of AND (end_date IS NULL OR end_date > $as_of)
"""


@dataclass(frozen=True)
class Dates:
    """The dates a review looks at."""

    as_of: date
    fy_start: date
    fy_end: date
    window_start: date


class Facts:
    """Every fact of every operation of a programme, as attributes holding aligned arrays.

    ``facts.net`` is an int64 array of net commitments in units of
    ``10**-facts.scale`` US dollars; ``facts.f_procurement`` a boolean array;
    and so on (see :func:`compute_facts`).
    """

    def __init__(self, size: int, scale: int) -> None:
        self.size = size
        self.scale = scale
        self.columns: dict[str, Array] = {}

    def __getattr__(self, name: str) -> Array:
        try:
            return self.__dict__["columns"][name]
        except KeyError:
            raise AttributeError(name) from None

    def set(self, **columns: Array) -> None:
        """Add or replace columns."""
        self.columns.update(columns)

    def rows(self, index: Array, names: tuple[str, ...]) -> list[dict[str, Any]]:
        """The given operations as dictionaries of plain Python values (for evidence and listings)."""
        picked = {n: self.columns[n][index].tolist() for n in names}
        return [dict(zip(names, values, strict=True)) for values in zip(*picked.values(), strict=True)]


def _scatter(pnos: Array, keys: Array, values: Array, fill: Any, dtype: Any = None) -> Array:
    out = np.full(len(pnos), fill, dtype=dtype if dtype is not None else np.asarray(values).dtype)
    if len(keys):
        out[np.searchsorted(pnos, keys)] = values
    return out


def _days(values: list[Any]) -> Array:
    return np.array([NONE if v is None else v for v in values], np.int64)


def compute_facts(data: PortfolioData, programme: str, dates: Dates, rules: ReviewRules) -> Facts:
    """The facts of every operation a programme counts, as of ``dates.as_of``."""
    con = data.con
    units = 10**data.money_scale
    projects = con.execute(_PROJECTS, {"programme": programme, "units": units}).fetchnumpy()
    commitment, scale = _commitments(con, programme, projects, data)
    pnos = np.asarray(projects["pno"], dtype=np.int64)
    facts = Facts(len(pnos), scale)
    day = {
        name: np.asarray(projects[name], dtype=np.int64)
        for name in ("approval", "effectiveness", "original_closing", "revised_closing")
    }
    facts.set(
        pno=pnos,
        id=np.asarray(projects["id"], dtype=object),
        name=np.asarray(projects["name"], dtype=object),
        institution=np.asarray(projects["institution"], dtype=object),
        instrument=np.asarray(projects["instrument"], dtype=object),
        status=np.asarray(projects["status"], dtype=object),
        implementing_agency=np.asarray(projects["implementing_agency"], dtype=object),
        carried_from=np.asarray(projects["carried_from"], dtype=object),
        illustrative=np.asarray(projects["illustrative"], dtype=np.bool_),
        commitment=commitment,
        **day,
    )
    _ledger(facts, data, pnos, dates, 10 ** (scale - data.money_scale))
    _ratings(facts, data, pnos, dates)
    _events(facts, con, programme, pnos, dates)
    _plans(facts, con, programme, pnos, dates)
    environment, record = con.execute(
        _COUNTRY, {"programme": programme, "as_of": dates.as_of, "share": rules.country_record_share}
    ).fetchone() or (False, False)
    _derive(facts, dates, rules, bool(environment), bool(record))
    return facts


def _commitments(con: Any, programme: str, projects: dict[str, Any], data: PortfolioData) -> tuple[Array, int]:
    """Each operation's commitment in integer units, and the scale of the review's money.

    The ledger's scale and int64 serve whenever every commitment is a whole
    number of its units and the commitments' magnitudes add up to less than
    :data:`SAFE_UNITS`.  Otherwise the commitments are read exactly as
    decimals, at a scale fine enough for each, in Python integers.
    """
    fast = projects["commitment"]
    if (
        data.ledger.value.dtype != object
        and not np.ma.is_masked(fast)
        and bool(np.all(projects["exact"]))
        and float(np.abs(np.asarray(fast, dtype=np.float64)).sum()) < SAFE_UNITS
    ):
        return np.asarray(fast, dtype=np.int64), data.money_scale
    exact = [Decimal(row[0]) for row in con.execute(_COMMITMENTS, {"programme": programme}).fetchall()]
    units, scale = exact_units(exact, data.money_scale)
    return np.array(units, dtype=object), scale


def _ledger(facts: Facts, data: PortfolioData, pnos: Array, dates: Dates, factor: int = 1) -> None:
    """Ledger totals on the review's dates, in the review's units (``factor`` times the ledger's)."""
    ledger = data.ledger
    wide = ledger.value.dtype == object or facts.commitment.dtype == object
    found: dict[tuple[str, date, bool], Array] = {}

    def index(kind: str, on: date, before: bool = False) -> Array:
        key = (kind, on, before)
        if key not in found:
            found[key] = ledger.find(pnos, TYPE_CODES[kind], on, before=before)
        return found[key]

    def total(kind: str, on: date, before: bool = False) -> Array:
        values = np.asarray(ledger.values(index(kind, on, before)))
        return values.astype(object) * factor if wide else values.astype(np.int64)

    facts.set(
        disbursed=total("disbursement", dates.as_of),
        disbursed_before_fy=total("disbursement", dates.fy_start, before=True),
        disbursed_to_fy_end=total("disbursement", dates.fy_end),
        cancelled=total("cancellation", dates.as_of),
        cancelled_before_fy=total("cancellation", dates.fy_start, before=True),
        cancelled_at_window=total("cancellation", dates.window_start),
        extra=total("commitment", dates.as_of),
        extra_before_fy=total("commitment", dates.fy_start, before=True),
        extra_at_window=total("commitment", dates.window_start),
        repaid=total("loan-repayment", dates.as_of),
        ledger_illustrative=ledger.flags(index("disbursement", dates.as_of))
        | ledger.flags(index("cancellation", dates.as_of))
        | ledger.flags(index("commitment", dates.as_of)),
    )


def _ratings(facts: Facts, data: PortfolioData, pnos: Array, dates: Dates) -> None:
    ratings = data.ratings
    any_illustrative = np.zeros(len(pnos), dtype=np.bool_)
    for prefix, kind in _KINDS:
        index = ratings.find(pnos, KIND_CODES[kind], dates.as_of)
        flags = ratings.flags(index)
        any_illustrative |= flags
        facts.columns[f"{prefix}_score"] = np.asarray(ratings.values(index), dtype=np.int64)
        facts.columns[f"{prefix}_day"] = np.asarray(ratings.days(index), dtype=np.int64)
        facts.columns[f"{prefix}_illustrative"] = flags
    then = [
        np.asarray(ratings.values(ratings.find(pnos, KIND_CODES[kind], dates.window_start)), dtype=np.int64)
        for kind in ("DO", "IP")
    ]
    facts.set(
        ratings_illustrative=any_illustrative,
        worst_then=np.minimum(*(np.where(t > 0, t, 99) for t in then)),
    )


def _events(facts: Facts, con: Any, programme: str, pnos: Array, dates: Dates) -> None:
    cursor = con.execute(_EVENTS, {"programme": programme, "as_of": dates.as_of, "window": dates.window_start})
    rows = cursor.fetchall()
    names = [d[0] for d in cursor.description]
    cols = {n: [r[i] for r in rows] for i, n in enumerate(names)}
    keys = np.asarray(cols["pno"], dtype=np.int64)
    facts.set(
        extension_events=_scatter(pnos, keys, np.asarray(cols["extension_events"], np.int64), 0, np.int64),
        extensions_by_date=_scatter(pnos, keys, np.asarray(cols["extensions_by_date"], np.int64), 0, np.int64),
        closing_by_events=_scatter(pnos, keys, _days(cols["closing_by_events"]), NONE, np.int64),
        counterpart_since=_scatter(pnos, keys, _days(cols["counterpart_since"]), NONE, np.int64),
        counterpart_note=_scatter(pnos, keys, np.asarray(cols["counterpart_note"], object), None, object),
        covenant_since=_scatter(pnos, keys, _days(cols["covenant_since"]), NONE, np.int64),
        covenant_note=_scatter(pnos, keys, np.asarray(cols["covenant_note"], object), None, object),
        restructured_on=_scatter(pnos, keys, _days(cols["restructured_on"]), NONE, np.int64),
        extended_on=_scatter(pnos, keys, _days(cols["extended_on"]), NONE, np.int64),
        suspended_on=_scatter(pnos, keys, _days(cols["suspended_on"]), NONE, np.int64),
        events_illustrative=_scatter(pnos, keys, np.asarray(cols["events_illustrative"], np.bool_), False, np.bool_),
    )


def _plans(facts: Facts, con: Any, programme: str, pnos: Array, dates: Dates) -> None:
    rows = con.execute(_PLANS, {"programme": programme, "as_of": dates.as_of}).fetchall()
    keys = np.asarray([r[0] for r in rows], dtype=np.int64)

    def col(i: int, none: Any, dtype: Any) -> Array:
        return np.asarray([none if r[i] is None else r[i] for r in rows], dtype=dtype)

    facts.set(
        plan_points=_scatter(pnos, keys, col(1, 0, np.int64), 0, np.int64),
        plan_before_day=_scatter(pnos, keys, col(2, NONE, np.int64), NONE, np.int64),
        plan_before=_scatter(pnos, keys, col(3, np.nan, np.float64), np.nan, np.float64),
        plan_after_day=_scatter(pnos, keys, col(4, NONE, np.int64), NONE, np.int64),
        plan_after=_scatter(pnos, keys, col(5, np.nan, np.float64), np.nan, np.float64),
    )


def _basis(plan: Array, profile: Array) -> Array:
    """Where each operation's planned disbursement comes from: ``plan``, ``profile`` or None."""
    out = np.full(len(plan), None, dtype=object)
    out[profile] = "profile"
    out[plan] = "plan"
    return out


def _derive(facts: Facts, dates: Dates, rules: ReviewRules, environment: bool, record: bool) -> None:
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
