"""The DuckDB queries that read each operation's facts from the copy: the operations, events, plans, country flags."""

from __future__ import annotations

__all__ = ["COMMITMENTS", "COUNTRY", "EVENTS", "PLANS", "PROJECTS"]


PROJECTS = """
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


COMMITMENTS = """
SELECT CAST(coalesce(p.commitment_usd, 0) AS VARCHAR)
FROM projects p JOIN programme_projects pp ON pp.pno = p.pno
WHERE pp.programme_id = $programme
ORDER BY p.pno
"""


EVENTS = """
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


PLANS = """
SELECT pl.pno, count(*) AS points,
    date_diff('day', DATE '1900-01-01', max(pl.date) FILTER (WHERE pl.date <= $as_of)) AS before_day,
    CAST(arg_max(pl.amount_usd, pl.date) FILTER (WHERE pl.date <= $as_of) AS DOUBLE) AS before_usd,
    date_diff('day', DATE '1900-01-01', min(pl.date) FILTER (WHERE pl.date > $as_of)) AS after_day,
    CAST(arg_min(pl.amount_usd, pl.date) FILTER (WHERE pl.date > $as_of) AS DOUBLE) AS after_usd
FROM planned pl JOIN programme_projects pp ON pp.pno = pl.pno AND pp.programme_id = $programme
GROUP BY pl.pno
"""


COUNTRY = """
SELECT coalesce(bool_or(kind = 'country-environment'), false),
    coalesce(bool_or(kind = 'country-record' AND (value IS NULL OR value > $share)), false)
FROM country_flags
WHERE programme_id = $programme AND date <= $as_of AND (end_date IS NULL OR end_date > $as_of)
"""
