"""The portfolio review: indicators, risk flags with their evidence, and the proactivity of management.

* :mod:`~cpfkit.metrics.portfolio.rules` — thresholds (``ReviewRules``) and the flags;
* :mod:`~cpfkit.metrics.portfolio.tables` — the tables the engine reads, and how to build them from model objects;
* :mod:`~cpfkit.metrics.portfolio.engine` — the review, computed in DuckDB (SQL in ``sql/``);
* :mod:`~cpfkit.metrics.portfolio.evidence` — why each flag was raised;
* :mod:`~cpfkit.metrics.portfolio.results` — what the review returns.
"""

from cpfkit.metrics.portfolio.engine import review
from cpfkit.metrics.portfolio.results import (
    FiscalYearRatio,
    FlagRecord,
    Indicators,
    OperationLine,
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
    "ProactivityCase",
    "Review",
    "ReviewRules",
    "prepare_data",
    "review",
    "tables_from_data",
]
