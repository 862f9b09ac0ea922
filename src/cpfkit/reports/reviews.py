"""The standard reports as data: the results matrix, the Performance and Learning Review (PLR), the CLR.

CLR: the Completion and Learning Review.
Each builder computes every figure from the programme's stored records at the
as-of date (through the engines in :mod:`cpfkit.metrics`) and returns one
frozen value; :mod:`cpfkit.reports.render` turns it into HTML, PDF, XLSX or
JSON, so every format shows the same figures.  Each report is its own module:
:mod:`cpfkit.reports.results_matrix`, :mod:`cpfkit.reports.performance_review`
and :mod:`cpfkit.reports.completion_review`.
"""

from __future__ import annotations

from cpfkit.reports.completion_review import ClrResult, CompletionReview, completion_review
from cpfkit.reports.performance_review import FlaggedIndicator, PerformanceReview, performance_review
from cpfkit.reports.results_matrix import ResultsMatrix, results_matrix

__all__ = [
    "REPORT_KINDS",
    "ClrResult",
    "CompletionReview",
    "FlaggedIndicator",
    "PerformanceReview",
    "ResultsMatrix",
    "completion_review",
    "performance_review",
    "results_matrix",
]

REPORT_KINDS = ("results-matrix", "plr", "clr")
"""The reports cpfkit builds, by the name the CLI and the API use."""
