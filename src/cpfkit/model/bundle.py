"""Everything one programme holds, as one validated value."""

from __future__ import annotations

from cpfkit.model.appraisal import AppraisalInputs
from cpfkit.model.base import Record
from cpfkit.model.finance import Transaction
from cpfkit.model.plan import Contribution
from cpfkit.model.portfolio import CountryFlag, PlannedDisbursement, ProjectEvent, RiskEntry
from cpfkit.model.programme import Programme
from cpfkit.model.project import Project, ProjectLink
from cpfkit.model.ratings import ProjectRating, SortRating
from cpfkit.model.results import Measurement

__all__ = ["ProgrammeData"]


class ProgrammeData(Record):
    """A programme with its operations, ledger, measurements, ratings, events and risk register.

    ``projects`` holds the operations this programme defines; ``links`` says
    which operations the programme counts (its own and those carried over
    from another programme) and which objectives each serves.  ``contributions``
    and ``appraisals`` are the planning data: each operation's expected change
    of the indicators, and its economic-analysis inputs.
    """

    programme: Programme
    projects: tuple[Project, ...] = ()
    links: tuple[ProjectLink, ...] = ()
    transactions: tuple[Transaction, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    ratings: tuple[ProjectRating, ...] = ()
    sort_ratings: tuple[SortRating, ...] = ()
    events: tuple[ProjectEvent, ...] = ()
    country_flags: tuple[CountryFlag, ...] = ()
    planned_disbursements: tuple[PlannedDisbursement, ...] = ()
    risks: tuple[RiskEntry, ...] = ()
    contributions: tuple[Contribution, ...] = ()
    appraisals: tuple[AppraisalInputs, ...] = ()
