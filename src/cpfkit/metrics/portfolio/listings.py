"""The review's lists: every operation's line, the operations the indicators leave out, the problem projects."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from cpfkit.metrics.portfolio.facts_table import FLAG_ORDER, RATING_TEXT, Facts
from cpfkit.metrics.portfolio.numbers import money
from cpfkit.metrics.portfolio.results import OperationLine, OutsideExposure

__all__ = ["operation_lines", "outside_exposure", "proactivity_rows"]


_DAY0 = np.datetime64("1900-01-01", "D")


def _dates(days: Any) -> list[date | None]:
    values = (_DAY0 + np.maximum(days, 0).astype("timedelta64[D]")).astype(object)
    return [v if n >= 0 else None for v, n in zip(values.tolist(), days.tolist(), strict=True)]


def _amounts(units: Any, scale: int) -> list[Decimal]:
    return [Decimal(v).scaleb(-scale) for v in units.tolist()]


def _texts(scores: Any) -> list[str | None]:
    return [RATING_TEXT[v - 1] if v > 0 else None for v in scores.tolist()]


def proactivity_rows(f: Facts, index: Any) -> list[dict[str, Any]]:
    """The problem projects at the window's start, with what was done about each, as plain values."""
    rows = f.rows(
        index,
        (
            "id",
            "name",
            "implementing_agency",
            "upgraded",
            "partially_cancelled",
            "closed_or_cancelled",
            "extension_counted",
            "acted",
        ),
    )
    extra: dict[str, list[Any]] = {
        "do_rating": _texts(f.do_score[index]),
        "ip_rating": _texts(f.ip_score[index]),
        "restructured_on": _dates(f.restructured_on[index]),
        "extended_on": _dates(f.extended_on[index]),
        "suspended_on": _dates(f.suspended_on[index]),
        "closing": _dates(f.closing[index]),
        "cancelled_in_window": _amounts(f.cancelled_in_window[index], f.scale),
        "net_commitment": _amounts(f.net[index], f.scale),
    }
    for i, r in enumerate(rows):
        for name, values in extra.items():
            r[name] = values[i]
    return rows


def outside_exposure(f: Facts) -> tuple[OutsideExposure, ...]:
    """The active operations the indicators leave out, by institution and instrument (in that order)."""
    index = np.flatnonzero(f.outside)
    groups: dict[tuple[str, str], list[int]] = {}
    for i in index.tolist():
        groups.setdefault((f.institution[i], f.instrument[i]), []).append(i)
    out = []
    for (institution, instrument), members in sorted(groups.items()):
        at = np.asarray(members, dtype=np.int64)
        out.append(
            OutsideExposure(
                institution=institution,
                instrument=instrument,
                operations=len(members),
                net_commitment_usd=money(f.net[at].sum(), f.scale),
                disbursed_usd=money(f.disbursed[at].sum(), f.scale),
                undisbursed_usd=money(f.undisbursed[at].sum(), f.scale),
                projects=tuple(sorted(f.id[at].tolist())),
            )
        )
    return tuple(out)


def operation_lines(f: Facts) -> tuple[OperationLine, ...]:
    """Every approved operation's line: running and active first, at risk first, largest first."""
    shown = np.flatnonzero(f.approved)
    order = np.lexsort((f.id[shown], -f.net[shown], ~f.at_risk[shown], ~f.active[shown], ~f.running[shown]))
    index = shown[order]
    flag_lists: list[list[str]] = [[] for _ in range(len(index))]
    for code, column in FLAG_ORDER:
        for i in np.flatnonzero(f.columns[column][index]).tolist():
            flag_lists[i].append(code)
    columns = (
        f.id[index].tolist(),
        f.name[index].tolist(),
        f.institution[index].tolist(),
        f.instrument[index].tolist(),
        f.implementing_agency[index].tolist(),
        f.running[index].tolist(),
        f.active[index].tolist(),
        _amounts(f.net[index], f.scale),
        _amounts(f.disbursed[index], f.scale),
        _amounts(f.undisbursed[index], f.scale),
        _texts(f.do_score[index]),
        _texts(f.ip_score[index]),
        f.problem[index].tolist(),
        f.potential[index].tolist(),
        f.at_risk[index].tolist(),
        flag_lists,
        f.carried_from[index].tolist(),
        f.illustrative[index].tolist(),
    )
    return tuple(OperationLine(*values) for values in zip(*columns, strict=True))
