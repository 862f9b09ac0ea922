"""Tables of the interchange formats: what an IATI activity or a World Bank project record holds beyond the core.

An imported IATI activity is a row of ``projects`` (its core: name, country,
institution, status, dates, sectors, locations) with its ledger in
``transactions`` (origin ``iati``; the IATI-only details of each transaction —
type code, value date, provider and receiver, classifications — are in the
row's ``extra`` JSON under ``"iati"``, as an array laid out by
:data:`cpfkit.store.iati.rows.TRANSACTION_EXTRA`).  The tables here keep the rest, keyed
by the project and each element's position in the file, so that an export
writes the activity back as it came: ``iati_activities`` (one row per
activity: reporting organisation, titles and descriptions in every language,
activity status and dates, default classifications, the content hash that
makes a re-import of an unchanged activity a no-op), participating
organisations, recipient countries and regions, sectors, locations, budgets,
and results with their indicators and periods.  Narratives are JSON lists of
``[language, text]`` pairs.

``wb_projects`` keeps what a World Bank Projects API record says beyond the
core project: the IBRD, IDA and grant commitments apart, the total project
cost, the lending instrument, country code and dates as written, themes and
the record's address.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpfkit.store.tables import Base, ProjectRow
from cpfkit.store.types import ExactDecimal

__all__ = [
    "IatiActivityRow",
    "IatiBudgetRow",
    "IatiIndicatorRow",
    "IatiLocationRow",
    "IatiOrgRow",
    "IatiPeriodRow",
    "IatiRecipientRow",
    "IatiResultRow",
    "IatiSectorRow",
    "WbProjectRow",
]

_PROJECT_FK = "projects.id"


class IatiActivityRow(Base):
    """The IATI side of an imported activity (one per project)."""

    __tablename__ = "iati_activities"

    project_id: Mapped[str] = mapped_column(ForeignKey(_PROJECT_FK, ondelete="CASCADE"), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    source_file: Mapped[str] = mapped_column(Text)
    file_version: Mapped[str] = mapped_column(String(8))
    lang: Mapped[str | None] = mapped_column(String(16))
    default_currency: Mapped[str | None] = mapped_column(String(3))
    hierarchy: Mapped[str | None] = mapped_column(String(8))
    last_updated: Mapped[str | None] = mapped_column(String(40))
    humanitarian: Mapped[str | None] = mapped_column(String(8))
    reporting_org_ref: Mapped[str | None] = mapped_column(Text, index=True)
    reporting_org_type: Mapped[str | None] = mapped_column(String(8))
    reporting_org_secondary: Mapped[str | None] = mapped_column(String(8))
    reporting_org_names: Mapped[list[Any]] = mapped_column(JSON)
    titles: Mapped[list[Any]] = mapped_column(JSON)
    descriptions: Mapped[list[Any]] = mapped_column(JSON)
    status: Mapped[str | None] = mapped_column(String(4))
    dates: Mapped[list[Any]] = mapped_column(JSON)
    scope: Mapped[str | None] = mapped_column(String(4))
    collaboration_type: Mapped[str | None] = mapped_column(String(8))
    default_flow_type: Mapped[str | None] = mapped_column(String(8))
    default_finance_type: Mapped[str | None] = mapped_column(String(8))
    default_aid_types: Mapped[list[Any]] = mapped_column(JSON)
    default_tied_status: Mapped[str | None] = mapped_column(String(8))
    related: Mapped[list[Any]] = mapped_column(JSON)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    project: Mapped[ProjectRow] = relationship()


class IatiOrgRow(Base):
    """A participating organisation of an activity."""

    __tablename__ = "iati_participating_orgs"

    project_id: Mapped[str] = mapped_column(ForeignKey(_PROJECT_FK, ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String(4))
    ref: Mapped[str | None] = mapped_column(Text, index=True)
    type: Mapped[str | None] = mapped_column(String(8))
    activity_id: Mapped[str | None] = mapped_column(Text)
    crs_channel_code: Mapped[str | None] = mapped_column(String(16))
    names: Mapped[list[Any]] = mapped_column(JSON)

    project: Mapped[ProjectRow] = relationship()


class IatiRecipientRow(Base):
    """A recipient country (``kind`` = country) or region (``kind`` = region) with its percentage."""

    __tablename__ = "iati_recipients"

    project_id: Mapped[str] = mapped_column(ForeignKey(_PROJECT_FK, ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), index=True)
    vocabulary: Mapped[str | None] = mapped_column(String(8))
    vocabulary_uri: Mapped[str | None] = mapped_column(Text)
    percentage: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    names: Mapped[list[Any]] = mapped_column(JSON)

    project: Mapped[ProjectRow] = relationship()


class IatiSectorRow(Base):
    """A sector of an activity as published: any vocabulary, percentage as given (or none)."""

    __tablename__ = "iati_sectors"

    project_id: Mapped[str] = mapped_column(ForeignKey(_PROJECT_FK, ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64))
    vocabulary: Mapped[str | None] = mapped_column(String(8))
    vocabulary_uri: Mapped[str | None] = mapped_column(Text)
    percentage: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    names: Mapped[list[Any]] = mapped_column(JSON)

    project: Mapped[ProjectRow] = relationship()


class IatiLocationRow(Base):
    """A location of an activity, with its gazetteer codes and point."""

    __tablename__ = "iati_locations"

    project_id: Mapped[str] = mapped_column(ForeignKey(_PROJECT_FK, ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str | None] = mapped_column(Text)
    reach: Mapped[str | None] = mapped_column(String(4))
    ids: Mapped[list[Any]] = mapped_column(JSON)
    names: Mapped[list[Any]] = mapped_column(JSON)
    descriptions: Mapped[list[Any]] = mapped_column(JSON)
    activity_descriptions: Mapped[list[Any]] = mapped_column(JSON)
    administrative: Mapped[list[Any]] = mapped_column(JSON)
    lat: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    lon: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    exactness: Mapped[str | None] = mapped_column(String(4))
    location_class: Mapped[str | None] = mapped_column(String(4))
    feature_designation: Mapped[str | None] = mapped_column(String(16))

    project: Mapped[ProjectRow] = relationship()


class IatiBudgetRow(Base):
    """A budget of an activity for one period."""

    __tablename__ = "iati_budgets"

    project_id: Mapped[str] = mapped_column(ForeignKey(_PROJECT_FK, ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str | None] = mapped_column(String(4))
    status: Mapped[str | None] = mapped_column(String(4))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    value: Mapped[Decimal] = mapped_column(ExactDecimal)
    currency: Mapped[str] = mapped_column(String(3))
    value_date: Mapped[date | None] = mapped_column(Date)

    project: Mapped[ProjectRow] = relationship()


class IatiResultRow(Base):
    """A result (output, outcome, impact) of an activity."""

    __tablename__ = "iati_results"

    project_id: Mapped[str] = mapped_column(ForeignKey(_PROJECT_FK, ondelete="CASCADE"), primary_key=True)
    result_pos: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(4))
    aggregation_status: Mapped[str | None] = mapped_column(String(8))
    titles: Mapped[list[Any]] = mapped_column(JSON)
    descriptions: Mapped[list[Any]] = mapped_column(JSON)

    project: Mapped[ProjectRow] = relationship()


class IatiIndicatorRow(Base):
    """An indicator of a result, with its baselines; ``baseline_value`` is the first baseline as a number."""

    __tablename__ = "iati_indicators"

    project_id: Mapped[str] = mapped_column(ForeignKey(_PROJECT_FK, ondelete="CASCADE"), primary_key=True)
    result_pos: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_pos: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure: Mapped[str] = mapped_column(String(4))
    ascending: Mapped[str | None] = mapped_column(String(8))
    aggregation_status: Mapped[str | None] = mapped_column(String(8))
    titles: Mapped[list[Any]] = mapped_column(JSON)
    descriptions: Mapped[list[Any]] = mapped_column(JSON)
    references: Mapped[list[Any]] = mapped_column(JSON)
    baselines: Mapped[list[Any]] = mapped_column(JSON)
    baseline_value: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    baseline_date: Mapped[date | None] = mapped_column(Date)

    project: Mapped[ProjectRow] = relationship()


class IatiPeriodRow(Base):
    """A reporting period of an indicator.

    ``target_value`` and ``actual_value`` are the period's total as numbers (the
    value without disaggregation, or the only one); ``targets`` and ``actuals``
    keep every value with its comment, dimensions and locations.
    """

    __tablename__ = "iati_periods"

    project_id: Mapped[str] = mapped_column(ForeignKey(_PROJECT_FK, ondelete="CASCADE"), primary_key=True)
    result_pos: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_pos: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_pos: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    target_value: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    actual_value: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    targets: Mapped[list[Any]] = mapped_column(JSON)
    actuals: Mapped[list[Any]] = mapped_column(JSON)

    project: Mapped[ProjectRow] = relationship()


class WbProjectRow(Base):
    """A World Bank Projects API record's figures beyond the core project (amounts in US dollars)."""

    __tablename__ = "wb_projects"

    project_id: Mapped[str] = mapped_column(ForeignKey(_PROJECT_FK, ondelete="CASCADE"), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    source_file: Mapped[str] = mapped_column(Text)
    ibrd_commitment: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    ida_commitment: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    grant_amount: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    total_commitment: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    project_cost: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    lending_instrument: Mapped[str | None] = mapped_column(Text)
    product_line: Mapped[str | None] = mapped_column(Text)
    financing_type: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(Text)
    approval_fy: Mapped[int | None] = mapped_column(Integer)
    region: Mapped[str | None] = mapped_column(Text)
    country_name: Mapped[str | None] = mapped_column(Text)
    country_code: Mapped[str | None] = mapped_column(Text)  # as published (a World Bank code such as 3A or GZ)
    approval_date: Mapped[date | None] = mapped_column(Date)  # as published, even when out of order
    closing_date: Mapped[date | None] = mapped_column(Date)
    sectors: Mapped[list[Any]] = mapped_column(JSON)
    themes: Mapped[list[Any]] = mapped_column(JSON)
    url: Mapped[str | None] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    project: Mapped[ProjectRow] = relationship()
