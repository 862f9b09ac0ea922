"""Build small programmes in code for the portfolio tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from cpfkit.metrics.portfolio import ReviewRules, prepare_data, review
from cpfkit.metrics.portfolio.results import Review
from cpfkit.model import (
    CountryFlag,
    Financing,
    FxRates,
    KeyDates,
    Money,
    PlannedDisbursement,
    Programme,
    ProgrammeData,
    Project,
    ProjectEvent,
    ProjectLink,
    ProjectRating,
    SortRating,
    Transaction,
)

NO_FX = FxRates({})


class Portfolio:
    """A programme assembled operation by operation."""

    def __init__(self, programme_id: str = "xx-test", start: date = date(2020, 7, 1), end: date = date(2030, 6, 30)):
        self.programme = Programme(
            id=programme_id,
            country="KZ",
            title="Test",
            period_start=start,
            period_end=end,
            status="active",
            source="test",
        )
        self.projects: list[Project] = []
        self.transactions: list[Transaction] = []
        self.ratings: list[ProjectRating] = []
        self.events: list[ProjectEvent] = []
        self.flags: list[CountryFlag] = []
        self.plans: list[PlannedDisbursement] = []
        self.sort: list[SortRating] = []

    def project(
        self,
        pid: str,
        commitment: Any,
        approval: date,
        *,
        instrument: str = "IPF",
        institution: str = "IBRD",
        status: str = "active",
        effectiveness: date | None = None,
        closing: date | None = None,
        revised: date | None = None,
        agency: str | None = None,
        financing: tuple[Financing, ...] = (),
    ) -> Portfolio:
        self.projects.append(
            Project(
                id=pid,
                name=f"Operation {pid}",
                country="KZ",
                institution=institution,
                instrument=instrument,
                status=status,
                dates=KeyDates(
                    approval=approval, effectiveness=effectiveness, original_closing=closing, revised_closing=revised
                ),
                commitment=Money.model_validate(commitment),
                implementing_agency=agency or f"Agency of {pid}",
                financing=financing,
                source="test",
            )
        )
        return self

    def tx(self, pid: str, kind: str, on: date, amount: Any) -> Portfolio:
        self.transactions.append(
            Transaction(project=pid, type=kind, date=on, amount=Money.model_validate(amount), source="test")
        )
        return self

    def rate(self, pid: str, on: date, **ratings: str) -> Portfolio:
        names = {"do": "DO", "ip": "IP", "fm": "FM", "proc": "procurement", "me": "M&E", "pm": "PM", "es": "E&S"}
        for key, value in ratings.items():
            self.ratings.append(ProjectRating(project=pid, kind=names[key], date=on, rating=value, source="test"))
        return self

    def event(self, pid: str, kind: str, on: date, **extra: Any) -> Portfolio:
        self.events.append(ProjectEvent(project=pid, kind=kind, date=on, source="test", **extra))
        return self

    def plan(self, pid: str, on: date, cumulative: Any) -> Portfolio:
        self.plans.append(
            PlannedDisbursement(project=pid, date=on, cumulative=Money.model_validate(cumulative), source="test")
        )
        return self

    def data(self) -> ProgrammeData:
        return ProgrammeData(
            programme=self.programme,
            projects=tuple(self.projects),
            links=tuple(ProjectLink(project=p.id) for p in self.projects),
            transactions=tuple(self.transactions),
            ratings=tuple(self.ratings),
            events=tuple(self.events),
            country_flags=tuple(self.flags),
            planned_disbursements=tuple(self.plans),
            sort_ratings=tuple(self.sort),
        )

    def review(self, as_of: date, rules: ReviewRules | None = None, fx: FxRates = NO_FX) -> Review:
        data = prepare_data(self.data(), fx)
        try:
            return review(data, self.programme, as_of, rules)
        finally:
            data.close()


def m(value: str | int) -> Decimal:
    """US$ millions as an exact amount in dollars."""
    return Decimal(value) * 1_000_000
