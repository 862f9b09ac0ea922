"""Tables of the data version: the counter of committed changes to programme data.

The data version is one counter that every committed change to programme data
bumps, in the same transaction as the change.  Readers that keep computed
figures (the overview cache of the API, the portfolio copy) compare it before
answering, so a reader never serves figures older than a write it could see.
The database keeps it current itself, with triggers, whichever program writes
(:mod:`cpfkit.store.data_version`).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cpfkit.store.tables_base import Base

__all__ = ["DataVersionPendingRow", "DataVersionRow"]


class DataVersionRow(Base):
    """The one-row counter of committed changes to programme data, moved on by the database's own triggers.

    ``epoch`` changes when the database is given a new identity (a backup restored over it); see
    :mod:`cpfkit.store.data_version`.
    """

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    epoch: Mapped[str | None] = mapped_column(String(32))


class DataVersionPendingRow(Base):
    """A transaction that changed data and has not committed yet (PostgreSQL; always empty on SQLite).

    Written by the statement triggers, read by nobody: the deferred trigger on it moves the counter
    on at commit and deletes it in the same transaction.
    """

    __tablename__ = "data_version_pending"

    txid: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
