"""Editable records: for each resource its schemas (``XCreate``, ``XUpdate``, ``XPublic``), checks and queries.

:mod:`cpfkit.store.records.base` holds what every resource shares (listing,
version-checked writes, soft delete and restore, the audit entry of each
change); each other module describes one family of resources.  The API builds
one router per entry of :data:`RESOURCES`.
"""

from typing import Any

from cpfkit.store.records.base import Resource
from cpfkit.store.records.indicators import Indicators
from cpfkit.store.records.ledger import Transactions
from cpfkit.store.records.objectives import Objectives
from cpfkit.store.records.priority_areas import PriorityAreas
from cpfkit.store.records.programmes import Programmes
from cpfkit.store.records.projects import Projects
from cpfkit.store.records.ratings import Ratings
from cpfkit.store.records.results import Measurements
from cpfkit.store.records.risks import Risks
from cpfkit.store.records.sort_ratings import SortRatings

__all__ = ["RESOURCES", "Resource", "resource"]

RESOURCES: tuple[Resource[Any], ...] = (
    Programmes(),
    PriorityAreas(),
    Objectives(),
    Indicators(),
    Measurements(),
    Projects(),
    Transactions(),
    Ratings(),
    SortRatings(),
    Risks(),
)
"""Every editable resource, in the order the API documents them."""


def resource(name: str) -> Resource[Any]:
    """The resource of a name (``project``) or a path (``projects``)."""
    for res in RESOURCES:
        if name in (res.name, res.path):
            return res
    raise KeyError(name)
