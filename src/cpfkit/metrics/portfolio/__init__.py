"""The portfolio review: indicators, risk flags with their evidence, and the proactivity of management.

* :mod:`~cpfkit.metrics.portfolio.rules` — thresholds (``ReviewRules``) and the flags;
* :mod:`~cpfkit.metrics.portfolio.tables` — the engine's input built from model objects (the store builds
  the same from the database, :mod:`cpfkit.store.analytics`);
* :mod:`~cpfkit.metrics.portfolio.facts` — the facts of every operation, as vector arithmetic;
* :mod:`~cpfkit.metrics.portfolio.engine` — the review: indicators, flags, proactivity, explanations;
* :mod:`~cpfkit.metrics.portfolio.evidence` — why each flag was raised;
* :mod:`~cpfkit.metrics.portfolio.envelope` — envelope use, shares by priority area, IBRD exposure;
* :mod:`~cpfkit.metrics.portfolio.results` — what the review returns.

Mobilisation is :mod:`cpfkit.metrics.mobilisation`; SORT ratings are :mod:`cpfkit.risk.sort`.
The small aggregations that run in DuckDB are in ``sql/``.
"""

from cpfkit.metrics.portfolio.engine import review
from cpfkit.metrics.portfolio.results import (
    FiscalYearRatio,
    FlagRecord,
    Indicators,
    OperationLine,
    OutsideExposure,
    ProactivityCase,
    Review,
)
from cpfkit.metrics.portfolio.rules import Flag, ReviewRules
from cpfkit.metrics.portfolio.tables import prepare_data, tables_from_data

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
