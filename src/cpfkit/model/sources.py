"""The public documents a programme's verified figures were read in, with the sentences quoted from them."""

from __future__ import annotations

import datetime

from pydantic import Field, field_validator

from cpfkit.model.base import Record

__all__ = ["QuotedSource"]


class QuotedSource(Record):
    """A source document and the sentences quoted from it, each stating a figure of the programme.

    ``url`` is the address (or document reference) that measurements name as
    their ``source``; ``quotes`` are sentences copied word for word from it.
    """

    url: str = Field(min_length=1, max_length=1000)
    title: str = Field(min_length=1, max_length=500)
    publisher: str | None = Field(default=None, max_length=200)
    date: datetime.date | None = None
    quotes: tuple[str, ...] = Field(min_length=1)

    @field_validator("quotes")
    @classmethod
    def _not_blank(cls, quotes: tuple[str, ...]) -> tuple[str, ...]:
        if any(not q.strip() for q in quotes):
            raise ValueError("a quote must not be empty")
        return tuple(" ".join(q.split()) for q in quotes)
