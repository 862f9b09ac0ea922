"""What an appraisal counts, and whose costs and benefits: the operation or a whole investment, one country or more."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from cpfkit.model.base import Record

__all__ = ["AppraisalScope"]


class AppraisalScope(Record):
    """What an appraisal counts, and whose costs and benefits.

    ``appraised`` is ``operation`` when the flows are those of the financed
    operation itself, ``whole investment`` when they are those of a larger
    asset of which the operation finances a part (a regional plant, a road
    financed by several lenders).  ``stance`` is ``national`` when one
    country's costs and benefits are counted, ``regional`` when those of
    several; ``countries`` names them (ISO 3166 alpha-2).  ``description``
    says it in a sentence for the reader.
    """

    appraised: Literal["operation", "whole investment"]
    stance: Literal["national", "regional"]
    countries: tuple[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")], ...] = Field(min_length=1)
    description: str = Field(min_length=1)

    @model_validator(mode="after")
    def _stance_matches_countries(self) -> AppraisalScope:
        if len(set(self.countries)) != len(self.countries):
            raise ValueError("a country is listed twice")
        if self.stance == "national" and len(self.countries) != 1:
            raise ValueError(f"a national stance counts one country, not {len(self.countries)}")
        if self.stance == "regional" and len(self.countries) < 2:
            raise ValueError("a regional stance counts the costs and benefits of two countries or more")
        return self
