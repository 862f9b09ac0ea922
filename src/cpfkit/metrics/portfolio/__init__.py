"""The portfolio review: indicators, risk flags with their evidence, and the proactivity of management.

* :mod:`~cpfkit.metrics.portfolio.rules` — thresholds (``ReviewRules``); ``flags`` — the flags;
* :mod:`~cpfkit.metrics.portfolio.tables` — the engine's input built from model objects (the store builds
  the same from the database, :mod:`cpfkit.store.analytics`);
* :mod:`~cpfkit.metrics.portfolio.facts` — the facts of every operation, as vector arithmetic
  (``facts_table`` holds them, ``facts_queries`` and ``facts_reads`` read them, ``facts_rules`` derives them);
* :mod:`~cpfkit.metrics.portfolio.engine` — the review: ``indicators``, flags, proactivity, explanations,
  the operations' ``listings``;
* :mod:`~cpfkit.metrics.portfolio.evidence` — why each flag was raised (``evidence_delivery``,
  ``evidence_conditions``, written by ``evidence_text``);
* :mod:`~cpfkit.metrics.portfolio.envelope` — envelope use, shares by priority area, IBRD exposure;
* :mod:`~cpfkit.metrics.portfolio.results` — what the review returns; ``weights`` — the operations'
  weights in the SORT heat map;
* ``numbers`` and ``queries`` — exact rounding and ratios, the DuckDB queries of ``sql/``.

Mobilisation is :mod:`cpfkit.metrics.mobilisation`; SORT ratings are :mod:`cpfkit.risk.sort`.
The small aggregations that run in DuckDB are in ``sql/``.

Importing this package, or any module of it, loads no NumPy: the names below load their modules when first
used, so the records a review returns (``results``, ``envelope_results``) can be named without the engine;
the web application names them as response models when it starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpfkit import lazy

if TYPE_CHECKING:
    from cpfkit.metrics.portfolio.engine import review
    from cpfkit.metrics.portfolio.flags import Flag
    from cpfkit.metrics.portfolio.results import (
        FiscalYearRatio,
        FlagRecord,
        Indicators,
        OperationLine,
        OutsideExposure,
        ProactivityCase,
        Review,
    )
    from cpfkit.metrics.portfolio.rules import ReviewRules
    from cpfkit.metrics.portfolio.tables import prepare_data, tables_from_data

_HOMES = {
    "FiscalYearRatio": "results",
    "Flag": "flags",
    "FlagRecord": "results",
    "Indicators": "results",
    "OperationLine": "results",
    "OutsideExposure": "results",
    "ProactivityCase": "results",
    "Review": "results",
    "ReviewRules": "rules",
    "prepare_data": "tables",
    "review": "engine",
    "tables_from_data": "tables",
}
"""The module of each name the package exports."""

__all__ = [
    "FiscalYearRatio",
    "Flag",
    "FlagRecord",
    "Indicators",
    "OperationLine",
    "OutsideExposure",
    "ProactivityCase",
    "Review",
    "ReviewRules",
    "prepare_data",
    "review",
    "tables_from_data",
]


__getattr__ = lazy.exports(__name__, _HOMES)
