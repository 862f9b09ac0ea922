from datetime import date
from decimal import Decimal

from cpfkit.metrics.envelope import envelope_use
from cpfkit.model import FxRates, Programme, ProgrammeData, Project


def programme(**extra: object) -> Programme:
    data: dict[str, object] = {
        "id": "kz-test",
        "country": "KZ",
        "title": "t",
        "period_start": date(2025, 7, 1),
        "period_end": date(2028, 6, 30),
        "status": "active",
        "source": "s",
    }
    data.update(extra)
    return Programme.model_validate(data)


def project(pid: str, inst: str, amount: int, approval: date, status: str = "active") -> Project:
    return Project.model_validate(
        {
            "id": pid,
            "name": pid,
            "country": "KZ",
            "institution": inst,
            "instrument": "IPF",
            "status": status,
            "dates": {"approval": approval},
            "commitment": amount,
            "source": "s",
        }
    )


def test_worked_example_of_the_domain_reference() -> None:
    # docs/definitions.md, 'Sources, envelope': FY27 envelope 1,000; approvals 650 (roads) + 88 (innovation)
    # -> headroom 262 (26.2% unused)
    data = ProgrammeData(
        programme=programme(envelope=[{"fy": 2027, "total": 1000, "source": "s"}]),
        projects=(project("P1", "IBRD", 650, date(2026, 9, 1)), project("P3", "IBRD", 88, date(2027, 3, 1))),
    )
    fy27 = next(y for y in envelope_use(data, FxRates({}), date(2027, 6, 30)).fiscal_years if y.fy == 2027)
    assert fy27.committed_usd == Decimal(738)
    assert fy27.headroom_usd == Decimal(262)
    assert 1 - fy27.utilisation == Decimal("0.262")  # type: ignore[operator]


def test_split_envelope_covers_its_institutions_only() -> None:
    envelope = [
        {
            "fy": 2026,
            "total": 1000,
            "source": "s",
            "by_institution": [
                {"institution": "IBRD", "amount": 700, "source": "s"},
                {"institution": "IFC", "amount": 300, "source": "s"},
            ],
        }
    ]
    data = ProgrammeData(
        programme=programme(envelope=envelope),
        projects=(
            project("A1", "IBRD", 500, date(2025, 9, 1)),
            project("B1", "TF", 40, date(2025, 10, 1)),
            project("C1", "IFC", 100, date(2026, 5, 1), status="pipeline"),
            project("D1", "IBRD", 999, date(2025, 11, 1), status="dropped"),
        ),
    )
    fy26 = envelope_use(data, FxRates({}), date(2026, 6, 30)).fiscal_years[0]
    assert fy26.committed_usd == Decimal(540)
    assert fy26.headroom_usd == Decimal(500)  # the trust fund is outside the envelope
    assert fy26.by_institution["IBRD"].headroom_usd == Decimal(200)
    assert fy26.by_institution["TF"].covered is False
    assert fy26.pipeline_usd == Decimal(100)
    assert fy26.headroom_after_pipeline_usd == Decimal(400)
    assert "D1" not in fy26.approvals


def test_approvals_after_the_as_of_date_are_pipeline_and_earlier_ones_outside() -> None:
    data = ProgrammeData(
        programme=programme(),
        projects=(project("OLD", "IBRD", 5, date(2020, 1, 1)), project("NEW", "IBRD", 7, date(2027, 1, 1))),
    )
    report = envelope_use(data, FxRates({}), date(2026, 1, 1))
    assert report.outside_period == ("OLD",)
    assert report.committed_usd == 0 and report.pipeline_usd == 7
    assert report.envelope_usd is None and report.headroom_usd is None
