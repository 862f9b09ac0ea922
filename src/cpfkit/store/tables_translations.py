"""The table of the data's texts in other languages than English: one row per translated field."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpfkit.store.tables_base import Base
from cpfkit.store.tables_programme import ProgrammeRow

__all__ = ["TranslationRow"]


class TranslationRow(Base):
    """The text of one field of one record in one language (``cpfkit.model.translations``).

    ``source`` names where an official text is published; NULL marks cpfkit's own translation.
    The English text stays in the record's own table: it is the data of record.
    """

    __tablename__ = "translations"

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    field: Mapped[str] = mapped_column(String(200), primary_key=True)
    item: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)

    programme: Mapped[ProgrammeRow] = relationship()  # so a flush writes the programme first
