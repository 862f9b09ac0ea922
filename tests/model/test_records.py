from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from cpfkit.model import EnvelopeYear, Indicator, KeyDates, Programme, Project


def project(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "P128050",
        "name": "East-West Roads",
        "country": "KZ",
        "institution": "IBRD",
        "instrument": "IPF",
        "status": "closed",
        "dates": {"approval": date(2012, 5, 1), "effectiveness": date(2013, 6, 14)},
        "commitment": Decimal("1068000000"),
        "source": "RES27637",
    }
    base.update(changes)
    return base


def test_a_valid_project() -> None:
    p = Project.model_validate(project())
    assert p.commitment is not None and p.commitment.amount == Decimal("1068000000")
    assert p.dates.closing is None


def test_a_record_needs_a_source_or_an_illustrative_mark() -> None:
    with pytest.raises(ValidationError, match="needs a source"):
        Project.model_validate(project(source=None))
    assert Project.model_validate(project(source=None, illustrative=True)).illustrative


def test_records_refuse_unknown_fields_and_codes() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        Project.model_validate(project(amount=5))
    with pytest.raises(ValidationError, match="institution"):
        Project.model_validate(project(institution="EBRD"))


def test_key_dates_must_be_in_order() -> None:
    with pytest.raises(ValidationError, match="effectiveness .* is before approval"):
        KeyDates(approval=date(2013, 6, 14), effectiveness=date(2012, 5, 1))


def test_sector_shares_add_up_to_100_per_vocabulary() -> None:
    shares = [{"code": "21020", "percentage": 60}, {"code": "31140", "percentage": 30}]
    with pytest.raises(ValidationError, match="add up to 90"):
        Project.model_validate(project(sectors=shares))


def test_an_approved_project_needs_an_approval_date() -> None:
    with pytest.raises(ValidationError, match="needs an approval date"):
        Project.model_validate(project(dates={}))


def test_envelope_split_must_add_up_to_the_total() -> None:
    with pytest.raises(ValidationError, match="adds up to 900"):
        EnvelopeYear.model_validate(
            {
                "fy": 2027,
                "total": 1000,
                "source": "press",
                "by_institution": [
                    {"institution": "IBRD", "amount": 600, "illustrative": True},
                    {"institution": "IFC", "amount": 300, "illustrative": True},
                ],
            }
        )


def test_programme_envelope_years_lie_in_the_period() -> None:
    with pytest.raises(ValidationError, match="FY2033 is outside"):
        Programme.model_validate(
            {
                "id": "kz-2026-2031",
                "country": "KZ",
                "title": "t",
                "period_start": date(2025, 7, 1),
                "period_end": date(2031, 6, 30),
                "status": "active",
                "source": "s",
                "envelope": [{"fy": 2033, "total": 1, "source": "s"}],
            }
        )


def test_indicator_target_cannot_precede_its_baseline() -> None:
    with pytest.raises(ValidationError, match="target date is before baseline"):
        Indicator.model_validate(
            {
                "code": "I1",
                "name": "n",
                "unit": "u",
                "source": "s",
                "baseline": {"value": 1, "date": date(2025, 1, 1)},
                "target": {"value": 2, "date": date(2024, 1, 1)},
            }
        )
