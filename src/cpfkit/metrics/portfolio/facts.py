"""One value per operation and fact, as NumPy arrays: money, dates, ratings, events, every flag.

The review's rules (``docs/definitions.md``, "Portfolio review") are written
once, as vector arithmetic over all the operations of a programme at once
(:mod:`~cpfkit.metrics.portfolio.facts_rules`).  Inputs: the operations (the
copy's ``projects`` table), their ledger totals and latest ratings on the
review's dates (binary searches in the copy's series,
:mod:`cpfkit.store.series`), and their events and plans (small DuckDB
aggregations), read by :mod:`~cpfkit.metrics.portfolio.facts_reads`; the
facts are held by :class:`~cpfkit.metrics.portfolio.facts_table.Facts`.  Money is kept in exact integer units of
``10**-scale`` US dollars: int64 arrays while every sum the review takes
stays far inside int64's range, else object arrays of Python integers
(:data:`cpfkit.store.series.SAFE_UNITS`); days count from 1900-01-01,
``-1`` meaning none.
"""

from __future__ import annotations

import numpy as np

from cpfkit.metrics.portfolio.facts_queries import COUNTRY, PROJECTS
from cpfkit.metrics.portfolio.facts_reads import read_commitments, read_events, read_ledger, read_plans, read_ratings
from cpfkit.metrics.portfolio.facts_rules import derive
from cpfkit.metrics.portfolio.facts_table import FLAG_ORDER, RATING_TEXT, Dates, Facts
from cpfkit.metrics.portfolio.rules import ReviewRules
from cpfkit.store.analytics import PortfolioData

__all__ = ["FLAG_ORDER", "RATING_TEXT", "Dates", "Facts", "compute_facts"]


def compute_facts(data: PortfolioData, programme: str, dates: Dates, rules: ReviewRules) -> Facts:
    """The facts of every operation a programme counts, as of ``dates.as_of``."""
    con = data.con
    units = 10**data.money_scale
    projects = con.execute(PROJECTS, {"programme": programme, "units": units}).fetchnumpy()
    commitment, scale = read_commitments(con, programme, projects, data)
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
    read_ledger(facts, data, pnos, dates, 10 ** (scale - data.money_scale))
    read_ratings(facts, data, pnos, dates)
    read_events(facts, con, programme, pnos, dates)
    read_plans(facts, con, programme, pnos, dates)
    environment, record = con.execute(
        COUNTRY, {"programme": programme, "as_of": dates.as_of, "share": rules.country_record_share}
    ).fetchone() or (False, False)
    derive(facts, dates, rules, bool(environment), bool(record))
    return facts
