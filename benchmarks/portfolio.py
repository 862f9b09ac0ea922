"""Portfolio review at institution scale: 20,000 operations, 2,000,000 transactions, ratings histories, in SQLite.

    python -m benchmarks.portfolio            # generate (cached in /tmp), then measure
    python -m benchmarks.portfolio --small    # 2,000 operations and 200,000 transactions (a quick look)

Variants, each in a fresh process (``benchmarks.harness.measure``), all computing the
full indicator set as of one date from the same SQLite file:

* ``cpfkit, copy current``  — what ``cpfkit portfolio`` does when its DuckDB copy of the
  database is current: the review, flags with evidence, envelope, mobilisation, SORT;
* ``cpfkit, copy rebuilt``  — the same after a change to the database: the copy is rebuilt
  from SQLite first (the first review after every write pays this);
* ``pandas``                — a straightforward pandas implementation reading the tables
  with ``pandas.read_sql`` and computing the same figures.

Generation is not measured.  The figures of every variant are compared and must be
identical (money to the cent).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import configure_mappers

from benchmarks.harness import measure, report
from cpfkit.metrics.portfolio.rules import ReviewRules, add_months
from cpfkit.model import fiscal_year, fy_bounds
from cpfkit.reference import load_fx
from cpfkit.services import portfolio as services_portfolio
from cpfkit.store import Store
from cpfkit.store.portfolio_copy import mirror_path

CACHE = Path(os.environ.get("CPFKIT_BENCH_DIR", "/tmp/cpfkit-bench"))
GENERATOR_VERSION = 4
PROGRAMME = "bench-portfolio"
AS_OF = date(2024, 6, 30)
EPOCH = date(1970, 1, 1)
INSTITUTIONS = np.array(["IBRD", "IDA", "IFC", "MIGA"])
KINDS = ("DO", "IP", "FM", "procurement", "M&E", "PM", "E&S")
RATINGS = np.array(["HU", "U", "MU", "MS", "S", "HS"])  # score 1..6 at index score-1
LEVELS = np.array(["Low", "Moderate", "Substantial", "High"])
CATEGORIES = (
    "political-governance",
    "macroeconomic",
    "sector-strategies",
    "technical-design",
    "institutional-capacity",
    "fiduciary",
    "environment-social",
    "stakeholders",
    "other",
)


# -- generation -----------------------------------------------------------------------------------


def _iso(days: np.ndarray[Any, Any]) -> list[str]:
    return [str(d) for d in (np.datetime64("1970-01-01") + days.astype("timedelta64[D]"))]


def _money(cents: np.ndarray[Any, Any]) -> list[str]:
    return [f"{c // 100}.{c % 100:02d}" for c in cents.tolist()]


def _day(d: date) -> int:
    return (d - EPOCH).days


def database(projects: int, transactions: int) -> Path:
    """The generated SQLite file, built once and cached in ``CACHE``."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"portfolio-v{GENERATOR_VERSION}-{projects}-{transactions}.db"
    if path.exists():
        con = sqlite3.connect(path)
        try:
            done = con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'bench_done'").fetchone()[0]
        finally:
            con.close()
        if done:
            store = Store(f"sqlite:///{path}")
            store.migrate()  # a file generated under an older schema is brought to the current one
            store.dispose()
            return path
        path.unlink()
    started = time.perf_counter()
    store = Store(f"sqlite:///{path}")
    store.migrate()
    store.dispose()
    _generate(path, projects, transactions, np.random.default_rng(20240630))
    print(f"generated {path} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def _generate(path: Path, n: int, n_tx: int, rng: np.random.Generator) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    prov = ("generated", 0, "[]", 1)
    # programme, envelope, priority areas
    con.execute(
        "INSERT INTO programmes (id, country, title, period_start, period_end, fy_start_month, status, "
        "source, illustrative, illustrative_fields, version) VALUES (?, 'KZ', ?, '2008-07-01', '2030-06-30', 7, "
        "'active', ?, ?, ?, ?)",
        (PROGRAMME, "Generated institution-wide portfolio", *prov),
    )
    for fy in range(2009, 2031):
        cur = con.execute(
            "INSERT INTO envelope_years (programme_id, fy, total, currency, source, illustrative, illustrative_fields) "
            "VALUES (?, ?, '90000000000', 'USD', ?, ?, ?)",
            (PROGRAMME, fy, *prov[:3]),
        )
        for inst, amount in (("IBRD", "60000000000"), ("IFC", "20000000000"), ("MIGA", "10000000000")):
            con.execute(
                "INSERT INTO envelope_shares (envelope_year_id, institution, amount, currency, source, illustrative, "
                "illustrative_fields) VALUES (?, ?, ?, 'USD', ?, ?, ?)",
                (cur.lastrowid, inst, amount, *prov[:3]),
            )
    areas = []
    for i in range(5):
        cur = con.execute(
            "INSERT INTO priority_areas (programme_id, code, title, cross_cutting, position) VALUES (?, ?, ?, 0, ?)",
            (PROGRAMME, f"PA{i + 1}", f"Priority area {i + 1}", i),
        )
        areas.append(cur.lastrowid)

    # operations
    ids = np.array([f"G{i:06d}" for i in range(n)])
    inst = INSTITUTIONS[rng.choice(4, n, p=[0.62, 0.2, 0.12, 0.06])]
    instrument = np.where(
        inst == "IFC",
        "IFC-loan",
        np.where(inst == "MIGA", "MIGA-guarantee", rng.choice(["IPF", "PforR", "DPF"], n, p=[0.78, 0.12, 0.10])),
    )
    approval = _day(date(2008, 7, 1)) + (rng.beta(1.6, 1.0, n) * (_day(AS_OF) - _day(date(2008, 7, 1)))).astype(int)
    lag = (rng.gamma(2.0, 90.0, n)).astype(int) + 20
    effectiveness = approval + lag
    not_effective = (effectiveness > _day(AS_OF)) & (rng.random(n) < 0.5)
    duration = rng.integers(4 * 365, 8 * 365, n)
    original_closing = effectiveness + duration
    extended = rng.random(n) < 0.4
    extension_days = np.where(extended, rng.choice([183, 365, 730, 1095], n), 0)
    revised_closing = original_closing + extension_days
    commitment = (rng.lognormal(np.log(60e6), 1.0, n)).astype(np.int64) * 100  # cents
    status = np.where(revised_closing < _day(date(2026, 11, 25)), "closed", "active")
    pipeline = rng.random(n) < 0.03
    approval = np.where(pipeline, _day(AS_OF) + rng.integers(30, 900, n), approval)
    status = np.where(pipeline, "pipeline", status)
    status = np.where(rng.random(n) < 0.01, "dropped", status)
    quality = rng.normal(4.6, 0.6, n)
    agencies = np.array([f"Agency {k}" for k in range(400)])[rng.integers(0, 400, n)]
    eff_iso = _iso(effectiveness)
    rows = []
    for i in range(n):
        rows.append(
            (
                ids[i],
                f"Operation {i}",
                "KZ",
                inst[i],
                instrument[i],
                status[i],
                _iso(approval[i : i + 1])[0],
                None if not_effective[i] or status[i] == "pipeline" else eff_iso[i],
                _iso(original_closing[i : i + 1])[0],
                _iso(revised_closing[i : i + 1])[0] if extended[i] else None,
                f"{commitment[i] // 100}.00",
                "USD",
                f"{commitment[i] // 100}.00",
                agencies[i],
                PROGRAMME,
                *prov,
            )
        )
    con.executemany(
        "INSERT INTO projects (id, name, country, institution, instrument, status, approval_date, effectiveness_date, "
        "original_closing_date, revised_closing_date, commitment, commitment_currency, commitment_usd, "
        "implementing_agency, owner_programme_id, source, illustrative, illustrative_fields, version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    con.executemany(
        "INSERT INTO programme_projects (programme_id, project_id) VALUES (?, ?)", [(PROGRAMME, x) for x in ids]
    )
    area_of = rng.integers(0, 5, n)
    second = rng.random(n) < 0.3
    links = [(PROGRAMME, ids[i], areas[area_of[i]]) for i in range(n)]
    links += [(PROGRAMME, ids[i], areas[(area_of[i] + 1) % 5]) for i in range(n) if second[i]]
    con.executemany(
        "INSERT INTO project_priority_areas (programme_id, project_id, priority_area_id) VALUES (?, ?, ?)", links
    )

    # ledger: transactions spread over each operation's life, more for larger ones
    lending = (status != "pipeline") & (status != "dropped")
    weights = np.where(lending, np.sqrt(commitment.astype(float)), 0)
    counts = rng.multinomial(n_tx, weights / weights.sum())
    owner = np.repeat(np.arange(n), counts)
    start = np.where(not_effective, approval + 30, effectiveness)[owner]
    span = np.maximum(revised_closing[owner] + 180 - start, 30)
    days = start + (rng.random(n_tx) * span).astype(int)
    kind = rng.choice(
        np.array(["disbursement", "cancellation", "commitment", "loan-repayment"]), n_tx, p=[0.94, 0.03, 0.01, 0.02]
    )
    share = np.where(kind == "disbursement", 0.85 / counts[owner], 0.004)
    amount = np.maximum((commitment[owner] * share * rng.uniform(0.3, 1.7, n_tx)).astype(np.int64), 1)
    tx_iso = _iso(days)
    tx_money = _money(amount)
    con.executemany(
        "INSERT INTO transactions (project_id, type, date, amount, currency, amount_usd, fx_rate, fx_period, "
        "origin, source, illustrative, illustrative_fields, version) VALUES (?, ?, ?, ?, 'USD', ?, '1', '2024-06', ?, "
        "?, ?, ?, ?)",
        (
            (ids[o], k, d, m, m, PROGRAMME, *prov)
            for o, k, d, m in zip(owner.tolist(), kind.tolist(), tx_iso, tx_money, strict=True)
        ),
    )

    # ratings: an ISR every six months; DO and IP each time, the other ratings every third ISR
    rating_rows = []
    last = np.minimum(revised_closing, _day(date(2025, 6, 30)))
    for i in np.flatnonzero(lending):
        isr_days = np.arange(approval[i] + 180, last[i], 182)
        drift = np.cumsum(rng.normal(0, 0.15, len(isr_days)))
        for j, day in enumerate(isr_days):
            on = _iso(np.array([day]))[0]
            for k, kind_name in enumerate(KINDS):
                if k >= 2 and j % 3:
                    continue
                score = int(np.clip(np.rint(quality[i] + drift[j] + rng.normal(0, 0.5 if k < 2 else 0.7)), 1, 6))
                rating_rows.append((ids[i], kind_name, on, RATINGS[score - 1], PROGRAMME, *prov))
    con.executemany(
        "INSERT INTO project_ratings (project_id, kind, date, rating, origin, source, illustrative, "
        "illustrative_fields, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rating_rows,
    )

    # SORT: at approval, and again at mid-term for half the operations; some without an overall rating
    sort_rows = []
    for i in np.flatnonzero(lending):
        dates = [approval[i]] + ([approval[i] + (revised_closing[i] - approval[i]) // 2] if rng.random() < 0.5 else [])
        base = rng.integers(0, 4, len(CATEGORIES))
        for day in dates:
            on = _iso(np.array([day]))[0]
            levels = np.clip(base + rng.integers(-1, 2, len(CATEGORIES)), 0, 3)
            for c, level in zip(CATEGORIES, levels, strict=True):
                sort_rows.append((ids[i], c, on, LEVELS[level], PROGRAMME, *prov))
            if rng.random() < 0.8:
                sort_rows.append((ids[i], "overall", on, LEVELS[int(np.median(levels))], PROGRAMME, *prov))
    sort_rows += [(None, c, "2022-06-30", "Moderate", PROGRAMME, *prov) for c in (*CATEGORIES, "overall")]
    con.executemany(
        "INSERT INTO sort_ratings (project_id, category, date, rating, origin, source, illustrative, "
        "illustrative_fields, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        sort_rows,
    )
    con.execute("UPDATE sort_ratings SET programme_id = ? WHERE project_id IS NULL", (PROGRAMME,))

    # events, disbursement plans, country flags, financing
    events = []
    for i in np.flatnonzero(lending):
        if extended[i]:
            n_ext = 1 + int(rng.random() < 0.3)
            for k in range(n_ext):
                on = original_closing[i] - 90 - 200 * (n_ext - 1 - k)
                new = original_closing[i] + extension_days[i] * (k + 1) // n_ext
                events.append((ids[i], "extension", _iso(np.array([on]))[0], None, _iso(np.array([new]))[0]))
        u = rng.random()
        if u < 0.2:
            events.append(
                (ids[i], "restructuring", _iso(np.array([approval[i] + rng.integers(400, 2000)]))[0], None, None)
            )
        elif u < 0.25:
            on = approval[i] + rng.integers(300, 2500)
            end = _iso(np.array([on + rng.integers(60, 900)]))[0] if rng.random() < 0.5 else None
            events.append((ids[i], "counterpart-shortfall", _iso(np.array([on]))[0], end, None))
        elif u < 0.28:
            events.append(
                (ids[i], "covenant-breach", _iso(np.array([approval[i] + rng.integers(300, 2500)]))[0], None, None)
            )
        elif u < 0.30:
            on = approval[i] + rng.integers(300, 2500)
            events.append((ids[i], "suspension", _iso(np.array([on]))[0], _iso(np.array([on + 120]))[0], None))
    con.executemany(
        "INSERT INTO project_events (project_id, kind, date, end_date, new_closing_date, origin, source, "
        "illustrative, illustrative_fields, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*e, PROGRAMME, *prov) for e in events],
    )
    plans = []
    for i in np.flatnonzero(lending & (rng.random(n) < 0.25)):
        for y in range(1, 7):
            on = effectiveness[i] + 365 * y
            cents = int(commitment[i] * min(1.0, (y / 6) ** 1.5))
            plans.append(
                (ids[i], _iso(np.array([on]))[0], f"{cents // 100}.00", f"{cents // 100}.00", PROGRAMME, *prov)
            )
    con.executemany(
        "INSERT INTO planned_disbursements (project_id, date, amount, currency, amount_usd, origin, source, "
        "illustrative, illustrative_fields, version) VALUES (?, ?, ?, 'USD', ?, ?, ?, ?, ?, ?)",
        plans,
    )
    con.executemany(
        "INSERT INTO country_flags (programme_id, kind, date, end_date, value, note, source, illustrative, "
        "illustrative_fields, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (PROGRAMME, "country-environment", "2022-03-01", "2023-12-31", None, "commodity-price shock", *prov),
            (PROGRAMME, "country-record", "2020-07-01", None, "0.25", "IEG record FY11-FY20", *prov),
        ],
    )
    fin = []
    for i in np.flatnonzero(rng.random(n) < 0.15):
        for _ in range(rng.integers(1, 4)):
            kind_name = rng.choice(["private-direct", "private-indirect", "public"], p=[0.5, 0.3, 0.2])
            by = rng.choice(["IFC", "MIGA", "IBRD"]) if kind_name == "private-direct" and rng.random() < 0.8 else None
            cents = int(commitment[i] * rng.uniform(0.1, 1.5))
            fin.append((ids[i], f"Financier {rng.integers(0, 300)}", kind_name, f"{cents // 100}.00", by))
    con.executemany(
        "INSERT INTO project_financing (project_id, financier, kind, amount, currency, amount_usd, mobilised_by, "
        "source, illustrative, illustrative_fields) VALUES (?, ?, ?, ?, 'USD', ?, ?, ?, ?, ?)",
        [(p, f, k, a, a, by, *prov[:3]) for p, f, k, a, by in fin],
    )
    con.execute("CREATE TABLE bench_done (n INTEGER)")
    con.commit()
    con.execute("PRAGMA journal_mode=WAL")
    con.close()


# -- the figures every variant must agree on ---------------------------------------------------------


def _cents(value: Any) -> int:
    from decimal import Decimal

    return int(Decimal(value) * 100)


def _plain(value: Any) -> Any:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value.normalize()) if value != value.to_integral_value() else int(value)
    return value


def canonical(report: Any) -> dict[str, Any]:
    """The figures of a cpfkit portfolio report, in a form any implementation can reproduce."""
    ind = {k: _plain(v) for k, v in vars(report.indicators).items()}
    for key in ("net_commitment_usd", "disbursed_usd", "undisbursed_usd", "commitments_at_risk_usd"):
        ind[key] = _cents(getattr(report.indicators, key))
    fy = report.disbursement_ratio
    m = report.mobilisation
    return {
        "indicators": ind,
        "fy": [_cents(fy.disbursed_usd), _cents(fy.opening_undisbursed_usd), fy.operations, fy.new_approvals],
        "flags": sorted(f"{f.project}:{f.flag}" for f in report.flags),
        "proactivity": sorted(f"{c.project}:{c.acted}" for c in report.proactivity),
        "mobilisation": {
            inst: [_cents(v.own_account_usd), _cents(v.private_direct_usd), _cents(v.private_indirect_usd)]
            for inst, v in m.by_institution.items()
        },
        "mobilisation_ratio": _plain(m.ratio),
        "sort": {
            row.category: {
                lvl: [c.operations, _cents(c.net_commitment_usd)] for lvl, c in row.cells.items() if c.operations
            }
            for row in report.sort.heat_map
        },
        "envelope": {
            str(y.fy): {i: _cents(u.committed_usd) for i, u in y.by_institution.items() if u.committed_usd}
            for y in report.envelope.use.fiscal_years
            if y.committed_usd
        },
    }


def cpfkit_variant(path: str, listing: bool = False) -> dict[str, Any]:
    """``cpfkit portfolio`` as a script would call it (the service behind the CLI and the API)."""
    wall, cpu = time.perf_counter(), time.process_time()
    store = Store(f"sqlite:///{path}")
    try:
        report = services_portfolio.portfolio(store, PROGRAMME, AS_OF, listing=listing)
    finally:
        store.dispose()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    out = canonical(report)
    out["_sizes"] = {"flags": len(report.flags), "operations": len(report.operations)}
    out["_service"] = {"seconds": wall, "cpu_seconds": cpu}
    return out


# What every cpfkit command does once when it starts (read the rates table, set up the ORM) is done here, at
# import, so that the variants measure the review itself; the pandas variant needs neither.
load_fx()
configure_mappers()


# -- a straightforward pandas implementation --------------------------------------------------------

SCORES = {r: i + 1 for i, r in enumerate(RATINGS)}
RISK = {r: i + 1 for i, r in enumerate(LEVELS)}


def pandas_variant(path: str) -> dict[str, Any]:
    """The same figures with pandas: read every table with ``read_sql``, then group, join and filter."""
    from decimal import Decimal

    from cpfkit.metrics.portfolio.engine import ratio, round_to

    rules = ReviewRules()
    con = sqlite3.connect(path)
    members = "SELECT project_id FROM programme_projects WHERE programme_id = :p"

    def read(sql: str) -> pd.DataFrame:
        return pd.read_sql_query(sql, con, params={"p": PROGRAMME})

    def days(col: pd.Series) -> pd.Series:
        return pd.to_datetime(col, format="%Y-%m-%d")

    def cents(col: pd.Series) -> pd.Series:
        return (col.astype(float) * 100).round().astype("Int64")

    p = read(
        "SELECT p.id, p.institution, p.instrument, p.status, p.approval_date, p.effectiveness_date, "
        "p.original_closing_date, p.revised_closing_date, p.commitment_usd, pp.carried_from "
        "FROM projects p JOIN programme_projects pp ON pp.project_id = p.id "
        "WHERE pp.programme_id = :p AND p.deleted_at IS NULL"
    ).set_index("id")
    for c in ("approval_date", "effectiveness_date", "original_closing_date", "revised_closing_date"):
        p[c] = days(p[c])
    p["commitment"] = cents(p.commitment_usd).fillna(0).astype("int64")
    tx = read(
        f"SELECT project_id, type, date, amount_usd FROM transactions "
        f"WHERE deleted_at IS NULL AND project_id IN ({members})"
    )
    tx["date"] = days(tx.date)
    tx["cents"] = cents(tx.amount_usd)
    rt = read(
        f"SELECT project_id, kind, date, rating FROM project_ratings "
        f"WHERE deleted_at IS NULL AND project_id IN ({members})"
    )
    rt["date"] = days(rt.date)
    ev = read(
        f"SELECT project_id, kind, date, end_date, new_closing_date FROM project_events "
        f"WHERE deleted_at IS NULL AND project_id IN ({members})"
    )
    for c in ("date", "end_date", "new_closing_date"):
        ev[c] = days(ev[c])
    pl = read(
        f"SELECT project_id, date, amount_usd FROM planned_disbursements "
        f"WHERE deleted_at IS NULL AND project_id IN ({members})"
    )
    pl["date"] = days(pl.date)
    pl["usd"] = pl.amount_usd.astype(float)
    cf = read("SELECT kind, date, end_date, value FROM country_flags WHERE deleted_at IS NULL AND programme_id = :p")
    fin = read(
        f"SELECT project_id, financier, kind, amount_usd, mobilised_by FROM project_financing "
        f"WHERE project_id IN ({members})"
    )
    so = read(
        "SELECT programme_id, project_id, category, date, rating FROM sort_ratings WHERE deleted_at IS NULL "
        f"AND (programme_id = :p OR project_id IN ({members}))"
    )
    so["date"] = days(so.date)
    con.close()

    as_of = pd.Timestamp(AS_OF)
    fy = fiscal_year(AS_OF)
    fy_start, fy_last = (pd.Timestamp(d) for d in fy_bounds(fy))
    fy_end = min(fy_last, as_of)
    window = pd.Timestamp(add_months(AS_OF, -rules.proactivity_months))

    # ledger
    tx = tx[tx.date <= as_of]

    def total(mask: pd.Series) -> pd.Series:
        return tx[mask].groupby("project_id").cents.sum()

    d, c, x = tx.type == "disbursement", tx.type == "cancellation", tx.type == "commitment"
    f = p.join(
        pd.DataFrame(
            {
                "disbursed": total(d),
                "disbursed_before_fy": total(d & (tx.date < fy_start)),
                "disbursed_to_fy_end": total(d & (tx.date <= fy_end)),
                "cancelled": total(c),
                "cancelled_before_fy": total(c & (tx.date < fy_start)),
                "cancelled_at_window": total(c & (tx.date <= window)),
                "extra": total(x),
                "extra_before_fy": total(x & (tx.date < fy_start)),
                "extra_at_window": total(x & (tx.date <= window)),
                "repaid": total(tx.type == "loan-repayment"),
            }
        )
    )
    money_cols = [
        "disbursed", "disbursed_before_fy", "disbursed_to_fy_end", "cancelled", "cancelled_before_fy",
        "cancelled_at_window", "extra", "extra_before_fy", "extra_at_window", "repaid",
    ]  # fmt: skip
    f[money_cols] = f[money_cols].fillna(0).astype("int64")
    f["net"] = f.commitment + f.extra - f.cancelled
    f["net_fy"] = f.commitment + f.extra_before_fy - f.cancelled_before_fy
    f["net_w"] = f.commitment + f.extra_at_window - f.cancelled_at_window

    # ratings: latest of each kind (the worse one on the same day)
    rt["score"] = rt.rating.map(SCORES)
    rt = rt[rt.date <= as_of].sort_values(["project_id", "kind", "date", "score"], ascending=[True, True, True, False])
    latest = rt.groupby(["project_id", "kind"]).tail(1)
    score = latest.pivot(index="project_id", columns="kind", values="score")
    f = f.join(score.add_suffix("_score"))
    for k in KINDS:
        if f"{k}_score" not in f:
            f[f"{k}_score"] = np.nan
    then = rt[(rt.date <= window) & rt.kind.isin(["DO", "IP"])].groupby(["project_id", "kind"]).tail(1)
    f = f.join(then.groupby("project_id").score.min().rename("worst_then"))

    # events
    ext = ev[ev.kind == "extension"]
    ext_by = ext[ext.date <= as_of].sort_values("date")
    f = f.join(ext.groupby("project_id").size().rename("extension_events"))
    f = f.join(ext_by.groupby("project_id").size().rename("extensions_by_date"))
    f = f.join(ext_by.groupby("project_id").new_closing_date.last().rename("closing_by_events"))
    spell = (ev.date <= as_of) & (ev.end_date.isna() | (ev.end_date > as_of))
    in_window = (ev.date > window) & (ev.date <= as_of)
    f = f.join(ev[(ev.kind == "counterpart-shortfall") & spell].groupby("project_id").date.min().rename("counterpart"))
    f = f.join(ev[(ev.kind == "covenant-breach") & spell].groupby("project_id").date.min().rename("covenant"))
    f = f.join(
        ev[ev.kind.isin(["restructuring", "extension"]) & in_window]
        .groupby("project_id")
        .date.min()
        .rename("restructured")
    )
    f = f.join(ev[(ev.kind == "suspension") & in_window].groupby("project_id").date.min().rename("suspended"))

    # plans
    before = pl[pl.date <= as_of].sort_values("date").groupby("project_id").tail(1).set_index("project_id")
    after = pl[pl.date > as_of].sort_values("date").groupby("project_id").head(1).set_index("project_id")
    f = f.join(pl.groupby("project_id").size().rename("plan_points"))
    f = f.join(before[["date", "usd"]].rename(columns={"date": "pb_date", "usd": "pb"}))
    f = f.join(after[["date", "usd"]].rename(columns={"date": "pa_date", "usd": "pa"}))

    live = (cf.date.map(days) <= as_of) & (cf.end_date.isna() | (days(cf.end_date) > as_of))
    env = bool((live & (cf.kind == "country-environment")).any())
    record = bool(
        (
            live
            & (cf.kind == "country-record")
            & (cf.value.isna() | (cf.value.astype(float) > rules.country_record_share))
        ).any()
    )

    f[["extension_events", "extensions_by_date", "plan_points"]] = (
        f[["extension_events", "extensions_by_date", "plan_points"]].fillna(0).astype(int)
    )
    approval, eff, orig, rev = f.approval_date, f.effectiveness_date, f.original_closing_date, f.revised_closing_date
    closing = rev.fillna(orig)
    cif = np.select(
        [f.extension_events > 0, rev.isna() | orig.isna(), rev < orig, as_of <= orig],
        [f.closing_by_events.fillna(orig), closing, rev, orig],
        rev,
    )
    cif = pd.to_datetime(pd.Series(cif, index=f.index))
    in_universe = f.instrument.isin(rules.portfolio_instruments)
    ratio_instr = f.instrument.isin(rules.ratio_instruments)
    approved_ever = ~f.status.isin(["pipeline", "dropped"]) & approval.notna()
    approved = approved_ever & (approval <= as_of)
    f["undisbursed"] = (f.net - f.disbursed).clip(lower=0)
    effective = eff.notna() & (eff <= as_of)
    eff_lag = np.where(effective, (eff - approval).dt.days, (as_of - approval).dt.days) / 30.4375
    months_eff = np.where(effective, (as_of - eff).dt.days / 30.4375, np.nan)
    age = (as_of - approval).dt.days / 365.25
    ext_months = np.where(cif > orig, (cif - orig).dt.days / 30.4375, 0)
    ext_count = np.where(f.extension_events > 0, f.extensions_by_date, np.where(cif > orig, 1, 0))
    worst_now = np.minimum(f.DO_score.fillna(99), f.IP_score.fillna(99))
    start = eff.fillna(approval)
    net_usd = f.net / 100
    from_plan = np.select(
        [f.pa_date.isna(), f.pb_date.isna()],
        [
            f.pb,
            np.where(
                (start < f.pa_date) & (start <= as_of),
                f.pa * (as_of - start).dt.days / (f.pa_date - start).dt.days,
                0,
            ),
        ],
        f.pb + (f.pa - f.pb) * (as_of - f.pb_date).dt.days / (f.pa_date - f.pb_date).dt.days,
    )
    share = ((as_of - eff).dt.days / (orig - eff).dt.days).clip(0, 1)
    profile = np.where(eff.notna() & (orig > eff), net_usd.clip(lower=0) * (3 * share**2 - 2 * share**3), np.nan)
    planned = np.where(f.plan_points > 0, np.minimum(from_plan, net_usd.clip(lower=0)), profile)
    active = in_universe & approved & (closing.isna() | (as_of <= closing)) & (f.net > 0)
    active_w = (
        in_universe & approved_ever & (approval <= window) & (closing.isna() | (window <= closing)) & (f.net_w > 0)
    )
    t = rules.rating_flag_threshold
    flags = {
        "effectiveness-delay": active & (eff_lag > rules.effectiveness_delay_months),
        "disbursement-lag": active
        & ratio_instr
        & effective
        & (months_eff >= rules.disbursement_lag_min_months)
        & (planned > 0)
        & (f.disbursed / 100 < rules.disbursement_lag_share * planned),
        "financial-management": active & (f.FM_score <= t),
        "procurement": active & (f.procurement_score <= t),
        "safeguards": active & (f["E&S_score"] <= t),
        "counterpart-funds": active & f.counterpart.notna(),
        "monitoring-evaluation": active & (f["M&E_score"] <= t),
        "project-management": active & (f.PM_score <= t),
        "legal-covenants": active & f.covenant.notna(),
        "closing-date-extension": active
        & ((ext_months > rules.extension_months) | (ext_count >= rules.extension_count)),
        "country-record": active & record,
        "country-environment": active & env,
    }
    n_flags = sum(v.astype(int) for v in flags.values())
    problem = active & (worst_now <= rules.problem_threshold)
    problem_w = active_w & (f.worst_then <= rules.problem_threshold)
    in_fy = (
        in_universe & ratio_instr & approved_ever & (approval <= fy_end) & (closing.isna() | (closing >= fy_start))
        & ((f.net_fy > 0) | ((approval >= fy_start) & (f.net > 0)))
    )  # fmt: skip
    opening = approval < fy_start
    potential = ~problem & (n_flags >= rules.potential_problem_flags)
    at_risk = problem | (active & (n_flags >= rules.potential_problem_flags))
    partial = (f.cancelled - f.cancelled_at_window > 0) & (f.net > 0)
    acted = problem_w & ((active & ~problem) | f.restructured.notna() | f.suspended.notna() | partial | ~active)

    def avg(values: Any, mask: pd.Series) -> Any:
        chosen = pd.Series(values, index=f.index)[mask]
        return float(chosen.mean()) if len(chosen) else None

    n_active = int(active.sum())
    n_problem, n_at_risk = int(problem.sum()), int(at_risk.sum())
    net_active, net_at_risk = int(f.net[active].sum()), int(f.net[at_risk].sum())
    fy_num = int((f.disbursed_to_fy_end - f.disbursed_before_fy)[in_fy & (opening | rules.include_new_approvals)].sum())
    fy_den = int((f.net_fy - f.disbursed_before_fy).clip(lower=0)[in_fy & opening].sum())
    extended = active & (ext_months > 0)
    indicators = {
        "active_projects": n_active,
        "net_commitment_usd": net_active,
        "disbursed_usd": int(f.disbursed[active].sum()),
        "undisbursed_usd": int(f.undisbursed[active].sum()),
        "disbursement_ratio": _plain(ratio(fy_num, fy_den)),
        "problem_projects": n_problem,
        "potential_problem_projects": int(potential.sum()),
        "projects_at_risk": n_at_risk,
        "projects_at_risk_share": _plain(ratio(n_at_risk, n_active)),
        "commitments_at_risk_usd": net_at_risk,
        "commitments_at_risk_share": _plain(ratio(net_at_risk, net_active)),
        "realism_index": _plain(ratio(n_problem, n_at_risk)),
        "proactivity_index": _plain(ratio(int(acted.sum()), int(problem_w.sum()))),
        "proactivity_base": int(problem_w.sum()),
        "proactivity_acted": int(acted.sum()),
        "unrated_projects": int((active & f.DO_score.isna() & f.IP_score.isna()).sum()),
        "flagged_projects": int((active & (n_flags > 0)).sum()),
        "flags_raised": int(n_flags.sum()),
        "average_age_years": _plain(round_to(avg(age, active), 2)),
        "average_effectiveness_lag_months": _plain(round_to(avg(eff_lag, active & effective), 1)),
        "not_yet_effective": int((active & ~effective).sum()),
        "projects_extended": int(extended.sum()),
        "average_extension_months": _plain(round_to(avg(ext_months, extended), 1)),
        "closing_date_extensions": int(pd.Series(ext_count, index=f.index)[active].sum()),
    }
    flag_list = [f"{pid}:{name}" for name, mask in flags.items() for pid in f.index[mask.to_numpy(dtype=bool)]]
    flag_list += [f"{pid}:problem-project" for pid in f.index[problem.to_numpy(dtype=bool)]]

    # mobilisation
    own_ops = f[f.carried_from.isna() & (f.status != "dropped")].copy()
    own_ops["approved"] = approved_ever & (approval <= as_of)
    fin = fin.merge(own_ops[["institution", "approval_date", "approved"]], left_on="project_id", right_index=True)
    fin["cents"] = cents(fin.amount_usd).astype("int64")
    fin["key"] = fin.financier.str.strip().str.lower()
    fin = fin.sort_values(["approval_date", "project_id"], kind="stable")
    fin["repeat"] = fin.duplicated(["approved", "key", "kind", "cents"])
    fin["to"] = np.where(
        fin.kind == "private-direct", fin.mobilised_by.fillna(fin.institution),
        np.where(fin.kind == "private-indirect", fin.institution, None),
    )  # fmt: skip
    counted = fin[~fin.repeat & fin.approved]
    pdm = counted[counted.kind == "private-direct"].groupby("to").cents.sum()
    pim = counted[counted.kind == "private-indirect"].groupby("to").cents.sum()
    lending_ops = own_ops[
        own_ops.approved
        & (own_ops.instrument != "ASA")
        & (own_ops.institution != "TF")
        & own_ops.commitment_usd.notna()
    ]
    own = lending_ops.groupby("institution").commitment.sum()
    mobilisation = {
        inst: [int(own.get(inst, 0)), int(pdm.get(inst, 0)), int(pim.get(inst, 0))]
        for inst in sorted(
            set(own.index) | set(pdm.index) | set(pim.index), key=["IBRD", "IDA", "IFC", "MIGA", "TF"].index
        )
    }

    # SORT heat map
    so["subject"] = so.project_id.fillna(so.programme_id)
    so["score"] = so.rating.map(RISK)
    so = so[so.date <= as_of].sort_values(
        ["subject", "category", "date", "score"], ascending=[True, True, False, False]
    )
    top = so.groupby(["subject", "category"]).head(1)
    top = top[top.project_id.notna()]
    overall = top.groupby("project_id").apply(
        lambda g: g.score[g.category == "overall"].max() if (g.category == "overall").any() else g.score.max(),
        include_groups=False,
    )
    act = f.net[active]
    cells = pd.concat(
        [
            top[top.category != "overall"][["category", "project_id", "score"]],
            pd.DataFrame({"category": "overall", "project_id": overall.index, "score": overall.to_numpy()}),
        ]
    )
    cells = cells[cells.project_id.isin(act.index)]
    cells["net"] = cells.project_id.map(act)
    heat = cells.groupby(["category", "score"]).agg(operations=("net", "size"), net=("net", "sum"))
    sort: dict[str, dict[str, list[int]]] = {}
    for (category, level_score), row in heat.iterrows():
        sort.setdefault(category, {})[str(LEVELS[int(level_score) - 1])] = [int(row.operations), int(row.net)]

    # envelope: commitments by FY of approval and institution
    env_ops = f[(f.status != "dropped") & approval.notna()]
    committed = env_ops[(env_ops.status != "pipeline") & (env_ops.approval_date <= as_of)].copy()
    committed["fy"] = committed.approval_date.map(lambda t: fiscal_year(t.date()))
    envelope = {
        str(fy_): {inst: int(v) for inst, v in g.groupby("institution").commitment.sum().items() if v}
        for fy_, g in committed[(committed.fy >= 2009) & (committed.fy <= 2030)].groupby("fy")
    }
    total_pdm = int(pdm.sum()) if len(pdm) else 0
    total_own = int(own.sum()) if len(own) else 0
    return {
        "indicators": indicators,
        "fy": [
            fy_num,
            fy_den,
            int((in_fy & (opening | rules.include_new_approvals)).sum()),
            int((in_fy & ~opening).sum()),
        ],
        "flags": sorted(flag_list),
        "proactivity": sorted(f"{pid}:{bool(acted[pid])}" for pid in f.index[problem_w.to_numpy(dtype=bool)]),
        "mobilisation": mobilisation,
        "mobilisation_ratio": _plain(ratio(Decimal(total_pdm), Decimal(total_own))),
        "sort": sort,
        "envelope": envelope,
    }


# -- running --------------------------------------------------------------------------------------


def _differences(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    out = []
    for key in sorted(set(a) | set(b)):
        if key.startswith("_"):
            continue
        if a.get(key) != b.get(key):
            if isinstance(a.get(key), dict) and isinstance(b.get(key), dict):
                out += [f"{key}.{d}" for d in _differences(a[key], b[key])]
            elif isinstance(a.get(key), list) and isinstance(b.get(key), list) and key == "flags":
                only_a, only_b = set(a[key]) - set(b[key]), set(b[key]) - set(a[key])
                out.append(
                    f"flags: {len(only_a)} only in the first ({sorted(only_a)[:5]}), "
                    f"{len(only_b)} only in the second ({sorted(only_b)[:5]})"
                )
            else:
                out.append(f"{key}: {a.get(key)!r} != {b.get(key)!r}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="2,000 operations and 200,000 transactions")
    args = parser.parse_args()
    projects, transactions = (2_000, 200_000) if args.small else (20_000, 2_000_000)
    path = database(projects, transactions)
    con = sqlite3.connect(path)  # the size as SQLite counts it: nothing but SQLite opens the database file
    try:
        sizes = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (
            "projects", "transactions", "project_ratings", "sort_ratings", "project_events",
            "planned_disbursements", "project_financing",
        )}  # fmt: skip
        pages, page_size = con.execute("PRAGMA page_count").fetchone()[0], con.execute("PRAGMA page_size").fetchone()[0]
    finally:
        con.close()
    print(f"database: {path} ({pages * page_size / 1e6:.0f} MB) " + json.dumps(sizes))
    copy = mirror_path(Store(f"sqlite:///{path}"))
    assert copy is not None
    shutil.rmtree(copy, ignore_errors=True)
    rebuilt = measure("benchmarks.portfolio:cpfkit_variant", str(path))
    current = measure("benchmarks.portfolio:cpfkit_variant", str(path))
    listed = measure("benchmarks.portfolio:cpfkit_variant", str(path), True)
    baseline = measure("benchmarks.portfolio:pandas_variant", str(path))
    rows = [
        ("pandas (read_sql, then pandas)", baseline),
        ("cpfkit, copy rebuilt first", rebuilt),
        ("cpfkit, copy current", current),
        ("cpfkit, copy current, with per-operation listings", listed),
    ]
    print(
        report(
            f"Portfolio review as of {AS_OF}, {projects:,} operations, {transactions:,} transactions", rows, rows[0][0]
        )
    )
    load = os.getloadavg()[0]
    print(f"\nCPU seconds (the machine's load average was {load:.1f} on {os.cpu_count()} cores):")
    for name, m in rows:
        print(f"  {name}: {m.cpu_seconds:.3f} s CPU, {baseline.cpu_seconds / m.cpu_seconds:.1f}x pandas")
    print("The service call alone (cpfkit.services.portfolio.portfolio, without comparing figures):")
    for name, m in rows[1:]:
        inner = m.result["_service"]
        print(f"  {name}: {inner['seconds']:.3f} s, {inner['cpu_seconds']:.3f} s CPU")
    print(
        f"\nflags raised: {current.result['_sizes']['flags']:,}; "
        f"operations listed: {listed.result['_sizes']['operations']:,}"
    )
    print("indicators: " + json.dumps(current.result["indicators"]))
    problems = (
        _differences(current.result, baseline.result)
        + _differences(current.result, rebuilt.result)
        + _differences(current.result, listed.result)
    )
    if problems:
        print("FIGURES DIFFER:\n  " + "\n  ".join(problems))
        raise SystemExit(1)
    print(
        "figures identical in every variant (indicators, FY ratio, every flag, proactivity, mobilisation, "
        "SORT heat map, envelope)"
    )
    verdict = current.seconds < 1 and baseline.seconds / current.seconds >= 5
    print(f"targets (under 1 s, at least 5x pandas): {'met' if verdict else 'NOT met'}")


if __name__ == "__main__":
    main()
