"""The core tables, in one place: every row class of the programmes, their frameworks, operations and ledgers.

Each concept has its module (``tables_base``: the declarative base and the
columns records share; ``tables_programme``, ``tables_framework``,
``tables_project``, ``tables_links``, ``tables_ledger``); this module gathers
them for the code that reads several.  The store is the only part of cpfkit
that knows them.
"""

from cpfkit.store.tables_base import NAMING, Base, Provenance, Versioned
from cpfkit.store.tables_framework import IndicatorRow, MeasurementRow, ObjectiveRow, OverlapRow, PriorityAreaRow
from cpfkit.store.tables_ledger import ProjectRatingRow, SortRatingRow, TransactionRow
from cpfkit.store.tables_links import ProgrammeProjectRow, ProjectAreaLinkRow, ProjectObjectiveLinkRow
from cpfkit.store.tables_programme import EnvelopeShareRow, EnvelopeYearRow, ProgrammeRow
from cpfkit.store.tables_project import FinancingRow, LocationRow, ProjectRow, SectorRow

__all__ = [
    "NAMING",
    "Base",
    "EnvelopeShareRow",
    "EnvelopeYearRow",
    "FinancingRow",
    "IndicatorRow",
    "LocationRow",
    "MeasurementRow",
    "ObjectiveRow",
    "OverlapRow",
    "PriorityAreaRow",
    "ProgrammeProjectRow",
    "ProgrammeRow",
    "ProjectAreaLinkRow",
    "ProjectObjectiveLinkRow",
    "ProjectRatingRow",
    "ProjectRow",
    "Provenance",
    "SectorRow",
    "SortRatingRow",
    "TransactionRow",
    "Versioned",
]
