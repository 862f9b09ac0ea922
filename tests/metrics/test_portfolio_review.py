"""The portfolio review indicators against hand-worked examples and edge cases.

The examples are those of docs/definitions.md, 'Sources, portfolio review'."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cpfkit.formats.programme_folder.folder import read_programme_folder
from cpfkit.metrics.mobilisation import mobilisation
from cpfkit.metrics.portfolio import ReviewRules, prepare_data, review
from cpfkit.model import Financing, Money, to_usd
from cpfkit.reference import load_fx
from cpfkit.risk.sort import sort_view
from tests.metrics.portfolio_builder import Portfolio, m

FLAGS = Path(__file__).parent.parent / "data" / "programmes" / "xx-flags"


def worked_example() -> Portfolio:
    """docs/definitions.md, 'Portfolio review': five operations as of 2027-06-30 (end FY27), in US$ millions."""
    p = Portfolio()
    # P1 roads: 650, undisbursed 520 on 1 Jul 2026, 70 disbursed in FY27, disbursement lag against its plan
    p.project("P1", m(650), date(2024, 11, 15), effectiveness=date(2025, 1, 15), closing=date(2031, 6, 30))
    p.tx("P1", "disbursement", date(2026, 3, 31), m(130)).tx("P1", "disbursement", date(2027, 3, 31), m(70))
    p.plan("P1", date(2027, 6, 30), m(400)).rate("P1", date(2027, 5, 1), do="S", ip="MS")
    # P2 irrigation: 300, undisbursed 250, 20 in FY27, MU/MU, FM and M&E flags
    p.project("P2", m(300), date(2024, 6, 1), effectiveness=date(2024, 9, 1), closing=date(2030, 6, 30))
    p.tx("P2", "disbursement", date(2025, 6, 30), m(50)).tx("P2", "disbursement", date(2026, 12, 31), m(20))
    p.plan("P2", date(2027, 6, 30), m(70)).rate("P2", date(2027, 5, 1), do="MU", ip="MU", fm="MU", me="MU")
    # P3 innovation: 88, nothing disbursed; effectiveness delay, procurement and M&E flags
    p.project("P3", m(88), date(2026, 3, 1), closing=date(2031, 6, 30))
    p.rate("P3", date(2027, 5, 1), do="MS", ip="MS", proc="MU", me="MU")
    # P4 energy: 400, undisbursed 380, 60 in FY27, no flag
    p.project("P4", m(400), date(2026, 1, 15), effectiveness=date(2026, 3, 1), closing=date(2031, 3, 1))
    p.tx("P4", "disbursement", date(2026, 6, 30), m(20)).tx("P4", "disbursement", date(2027, 4, 30), m(60))
    p.rate("P4", date(2027, 5, 1), do="S", ip="S")
    # P5 growth DPF: 600 disbursed in FY27, excluded from the ratio
    p.project("P5", m(600), date(2026, 9, 29), instrument="DPF", effectiveness=date(2026, 10, 23))
    p.tx("P5", "disbursement", date(2026, 11, 6), m(600)).rate("P5", date(2027, 5, 1), do="S", ip="S")
    return p


def test_worked_portfolio_example() -> None:
    r = worked_example().review(date(2027, 6, 30))
    ind = r.indicators
    # disbursement ratio, IPF only: (70 + 20 + 0 + 60) / (520 + 250 + 88 + 380) = 150 / 1238 = 12.1%
    assert r.fiscal_year.disbursed_usd == m(150)
    assert r.fiscal_year.opening_undisbursed_usd == m(1238)
    assert ind.disbursement_ratio == Decimal("0.1212")
    assert r.fiscal_year.label == "FY27" and r.fiscal_year.complete
    assert ind.active_projects == 5 and ind.net_commitment_usd == m(2038)
    assert ind.problem_projects == 1 and ind.potential_problem_projects == 1
    problem = {f.project for f in r.flags if f.flag == "problem-project"}
    potential = {o.project for o in r.operations if o.potential_problem}
    assert problem == {"P2"} and potential == {"P3"}
    # projects at risk 2 of 5 = 40%; commitments at risk 300 + 88 = 388 of 2,038 = 19.0%; realism 1 / 2
    assert ind.projects_at_risk == 2 and ind.projects_at_risk_share == Decimal("0.4")
    assert ind.commitments_at_risk_usd == m(388)
    assert ind.commitments_at_risk_share == Decimal("0.1904")
    assert ind.realism_index == Decimal("0.5")
    flags = {(f.project, f.flag) for f in r.flags if f.flag != "problem-project"}
    assert flags == {
        ("P1", "disbursement-lag"),
        ("P2", "financial-management"),
        ("P2", "monitoring-evaluation"),
        ("P3", "effectiveness-delay"),
        ("P3", "procurement"),
        ("P3", "monitoring-evaluation"),
    }
    lag = next(f for f in r.flags if f.flag == "disbursement-lag")
    assert lag.facts["disbursed_usd"] == m(200) and lag.facts["planned_usd"] == 400_000_000
    assert lag.facts["share"] == 0.5 and lag.accountable == "Agency of P1"
    assert "US$200.0 million" in lag.evidence and "50%" in lag.evidence


def test_new_approvals_can_be_left_out_of_the_ratio() -> None:
    p = worked_example()
    p.project("P6", m(100), date(2026, 8, 1), effectiveness=date(2026, 9, 1), closing=date(2031, 6, 30))
    p.tx("P6", "disbursement", date(2027, 1, 31), m(10))
    included = p.review(date(2027, 6, 30)).fiscal_year
    excluded = p.review(date(2027, 6, 30), ReviewRules(include_new_approvals=False)).fiscal_year
    assert included.disbursed_usd == m(160) and included.new_approvals == 1
    assert excluded.disbursed_usd == m(150) and excluded.opening_undisbursed_usd == m(1238)


def test_the_problem_threshold_is_a_parameter() -> None:
    # with the older "U or HU" rule, MU/MU is not a problem: P2 then has two flags only, below the threshold of 3
    r = worked_example().review(date(2027, 6, 30), ReviewRules(problem_threshold=2))
    assert r.indicators.problem_projects == 0 and r.indicators.potential_problem_projects == 1
    assert r.indicators.realism_index == Decimal(0)


def test_proactivity_index_worked_example() -> None:
    """docs/definitions.md, 'Portfolio review': five problem projects a year ago; four acted on → 80%."""
    p = Portfolio()
    for pid in ("Q1", "Q2", "Q3", "Q4", "Q5"):
        closing = date(2027, 3, 31) if pid == "Q3" else date(2030, 6, 30)
        p.project(pid, m(100), date(2020, 1, 15), effectiveness=date(2020, 3, 1), closing=closing)
        p.tx(pid, "disbursement", date(2021, 1, 31), m(80)).rate(pid, date(2026, 5, 1), do="MU", ip="MU")
    p.rate("Q1", date(2027, 5, 1), do="S", ip="MS")  # upgraded
    p.event("Q2", "restructuring", date(2026, 11, 15))  # restructured
    p.tx("Q4", "cancellation", date(2027, 2, 28), m(10))  # partially cancelled
    r = p.review(date(2027, 6, 30))
    assert r.indicators.proactivity_base == 5 and r.indicators.proactivity_acted == 4
    assert r.indicators.proactivity_index == Decimal("0.8")
    actions = {c.project: c.actions for c in r.proactivity}
    assert actions["Q1"] == ("ratings upgraded: DO S / IP MS",)
    assert actions["Q2"] == ("restructured on Nov 15, 2026",)
    assert actions["Q3"] == ("closed on Mar 31, 2027",)
    assert actions["Q4"] == ("partially cancelled: US$10.0 million",)
    assert actions["Q5"] == ()
    assert [c.acted for c in r.proactivity] == [True, True, True, True, False]


def test_age_effectiveness_lag_and_extensions_from_kazakh_examples() -> None:
    """Justice 7.1 months, East-West Roads 13.4, IDIP-2 19.1 and a 42-month extension.

    The dates are in docs/definitions.md, 'Sources, portfolio review'.
    """
    p = Portfolio(start=date(2013, 7, 1))
    p.project("P143274", m(36), date(2014, 3, 19), effectiveness=date(2014, 10, 22), closing=date(2023, 12, 31))
    p.project("P128050", m(1068), date(2012, 5, 1), effectiveness=date(2013, 6, 14), closing=date(2023, 12, 31))
    p.project(
        "P086592",
        m("102.9"),
        date(2013, 6, 27),
        effectiveness=date(2015, 1, 29),
        closing=date(2021, 12, 31),
        revised=date(2025, 6, 30),
    )
    for pid in ("P143274", "P128050", "P086592"):
        p.tx(pid, "disbursement", date(2019, 6, 30), m(30))
    r = p.review(date(2022, 6, 30))
    lags = {f.project: f.facts["lag_months"] for f in r.flags if f.flag == "effectiveness-delay"}
    assert lags == {"P143274": 7.1, "P128050": 13.4, "P086592": 19.1}
    # (217 + 409 + 581) days / 3 / 30.4375
    assert r.indicators.average_effectiveness_lag_months == Decimal("13.2")
    ages = [(date(2022, 6, 30) - d).days / 365.25 for d in (date(2014, 3, 19), date(2012, 5, 1), date(2013, 6, 27))]
    assert r.indicators.average_age_years == Decimal(f"{sum(ages) / 3:.2f}")
    [extension] = [f for f in r.flags if f.flag == "closing-date-extension"]
    assert extension.project == "P086592" and extension.facts["months"] == 42.0
    # before the original closing date, an extension with no recorded date does not count yet
    early = p.review(date(2021, 6, 30))
    assert not [f for f in early.flags if f.flag == "closing-date-extension"]


def test_each_flag_fires_exactly_once() -> None:
    fx = load_fx()
    folder = read_programme_folder(FLAGS, fx=fx)
    expected = {
        "F-EFF": "effectiveness-delay",
        "F-LAG": "disbursement-lag",
        "F-FM": "financial-management",
        "F-PROC": "procurement",
        "F-ES": "safeguards",
        "F-CP": "counterpart-funds",
        "F-ME": "monitoring-evaluation",
        "F-PM": "project-management",
        "F-COV": "legal-covenants",
        "F-EXT": "closing-date-extension",
    }
    data = prepare_data(folder, fx)
    first = review(data, folder.programme, date(2026, 6, 30))
    later = review(data, folder.programme, date(2027, 6, 30))
    data.close()
    raised = [(f.project, f.flag) for f in first.flags] + [(f.project, f.flag) for f in later.flags]
    assert sorted(raised) == sorted(
        [*expected.items(), ("F-CTRY", "country-record"), ("F-CTRY", "country-environment")]
    )
    assert len({flag for _, flag in raised}) == 12 == len(raised)
    for record in (*first.flags, *later.flags):
        assert record.accountable == f"Agency {record.project.removeprefix('F-')}"
        assert record.evidence and record.facts
    by_flag = {f.flag: f for f in (*first.flags, *later.flags)}
    assert by_flag["procurement"].evidence == "procurement rated U in the ISR of May 15, 2026"
    assert by_flag["effectiveness-delay"].facts["lag_months"] == 8.0
    assert by_flag["closing-date-extension"].facts == {
        "original_closing": "2025-06-30",
        "closing": "2026-12-31",
        "months": 18.0,
        "extensions": 1,
    }
    assert by_flag["counterpart-funds"].evidence == "counterpart funding below plan since Feb 1, 2026: budget cut"
    assert "35% of closed operations rated MU or worse" in by_flag["country-record"].evidence
    assert first.indicators.flags_raised == 10 and first.indicators.potential_problem_projects == 0


def test_potential_problem_threshold_is_a_parameter() -> None:
    fx = load_fx()
    folder = read_programme_folder(FLAGS, fx=fx)
    data = prepare_data(folder, fx)
    r = review(data, folder.programme, date(2026, 6, 30), ReviewRules(potential_problem_flags=1))
    data.close()
    assert r.indicators.potential_problem_projects == 10 and r.indicators.realism_index == Decimal(0)


def test_no_active_operation() -> None:
    p = Portfolio().project("X1", m(100), date(2028, 1, 1), status="pipeline")
    r = p.review(date(2026, 6, 30))
    ind = r.indicators
    assert ind.active_projects == 0 and ind.net_commitment_usd == 0 and ind.undisbursed_usd == 0
    assert ind.disbursement_ratio is None and ind.realism_index is None and ind.proactivity_index is None
    assert ind.projects_at_risk_share is None and ind.commitments_at_risk_share is None
    assert ind.average_age_years is None and r.flags == () and r.operations == ()


def test_zero_undisbursed_balance() -> None:
    p = Portfolio().project("Z1", m(50), date(2021, 1, 10), effectiveness=date(2021, 3, 1), closing=date(2027, 6, 30))
    p.tx("Z1", "disbursement", date(2024, 6, 30), m(50))
    r = p.review(date(2026, 6, 30))
    assert r.indicators.active_projects == 1 and r.indicators.undisbursed_usd == 0
    assert r.fiscal_year.opening_undisbursed_usd == 0 and r.indicators.disbursement_ratio is None
    assert not [f for f in r.flags if f.flag == "disbursement-lag"]


def test_operation_with_no_ratings_yet() -> None:
    p = Portfolio().project("N1", m(80), date(2025, 1, 10), closing=date(2030, 6, 30))
    r = p.review(date(2026, 6, 30))
    assert r.indicators.unrated_projects == 1 and r.indicators.problem_projects == 0
    [line] = r.operations
    assert line.do is None and line.ip is None and line.flags == ["effectiveness-delay"]


def test_cancelled_operations() -> None:
    p = Portfolio()
    p.project("C1", m(100), date(2022, 1, 10), effectiveness=date(2022, 3, 1), closing=date(2030, 6, 30))
    p.tx("C1", "cancellation", date(2025, 5, 31), m(100))  # fully cancelled
    p.project("C2", m(100), date(2022, 1, 10), effectiveness=date(2022, 3, 1), closing=date(2030, 6, 30))
    p.tx("C2", "disbursement", date(2024, 5, 31), m(60)).tx("C2", "cancellation", date(2025, 5, 31), m(30))
    r = p.review(date(2026, 6, 30))
    assert r.indicators.active_projects == 1
    assert r.indicators.net_commitment_usd == m(70) and r.indicators.undisbursed_usd == m(10)
    assert {o.project: o.active for o in r.operations} == {"C1": False, "C2": True}


def test_amounts_in_another_currency_convert_at_the_rate_of_their_date() -> None:
    fx = load_fx()
    p = Portfolio(start=date(2022, 7, 1))
    p.project("K1", "20000000000 KZT", date(2023, 3, 15), effectiveness=date(2023, 5, 1), closing=date(2029, 6, 30))
    p.tx("K1", "disbursement", date(2024, 2, 20), "3000000000 KZT")
    p.tx("K1", "cancellation", date(2024, 9, 10), "1000000000 KZT")
    r = p.review(date(2025, 3, 31), fx=fx)
    commitment = to_usd(Money.model_validate("20000000000 KZT"), fx, date(2023, 3, 15))[0].amount
    disbursed = to_usd(Money.model_validate("3000000000 KZT"), fx, date(2024, 2, 20))[0].amount
    cancelled = to_usd(Money.model_validate("1000000000 KZT"), fx, date(2024, 9, 10))[0].amount
    assert r.indicators.net_commitment_usd == commitment - cancelled
    assert r.indicators.undisbursed_usd == commitment - cancelled - disbursed
    assert r.indicators.disbursed_usd == disbursed


def test_mobilisation_worked_example() -> None:
    """PDM 60 + 40 + 120 = 220, PIM 50, total 270, IFC core ratio 100/100.

    The example of docs/definitions.md, 'Sources, portfolio review'.
    """

    def line(financier: str, kind: str, amount: int, by: str | None = None) -> Financing:
        return Financing(financier=financier, kind=kind, amount=Money(amount=m(amount)), mobilised_by=by, source="t")

    p = Portfolio()
    p.project(
        "PA",
        m(80),
        date(2025, 3, 1),
        instrument="IFC-loan",
        institution="IFC",
        financing=(
            line("Bank B", "private-direct", 60, "IFC"),
            line("Bank P", "private-direct", 40, "IFC"),
            line("Sponsor", "private-indirect", 50),
            line("Government", "public", 30),
        ),
    )
    p.project("PB", m(20), date(2025, 3, 1), instrument="IFC-equity", institution="IFC")
    p.project(
        "PC",
        m(100),
        date(2025, 9, 1),
        instrument="MIGA-guarantee",
        institution="MIGA",
        financing=(line("Investor", "private-direct", 120, "MIGA"),),
    )
    data = prepare_data(p.data(), load_fx())
    result = mobilisation(data.con, p.programme.id, date(2026, 6, 30))
    data.close()
    assert result.private_direct_usd == m(220) and result.private_indirect_usd == m(50)
    assert result.total_private_usd == m(270) and result.public_cofinancing_usd == m(30)
    ifc = result.by_institution["IFC"]
    assert ifc.own_account_usd == m(100) and ifc.private_direct_usd == m(100) and ifc.ratio == Decimal(1)
    assert result.by_institution["MIGA"].private_direct_usd == m(120)
    assert result.ratio == Decimal("1.1")  # 220 / (100 + 100)


def test_mobilisation_counts_a_repeated_line_once() -> None:
    shared = Financing(
        financier="Lender X", kind="private-direct", amount=Money(amount=m(50)), mobilised_by="IFC", source="t"
    )
    p = Portfolio()
    p.project("PA", m(80), date(2025, 3, 1), instrument="IFC-loan", institution="IFC", financing=(shared,))
    p.project("PB", m(70), date(2025, 4, 1), instrument="MIGA-guarantee", institution="MIGA", financing=(shared,))
    data = prepare_data(p.data(), load_fx())
    result = mobilisation(data.con, p.programme.id, date(2026, 6, 30))
    data.close()
    assert result.private_direct_usd == m(50)
    assert [(x.project, x.counted) for x in result.lines] == [("PA", True), ("PB", False)]
    assert [x.project for x in result.repeats] == ["PB"]


def test_sort_trend_suggested_overall_and_heat_map() -> None:
    from cpfkit.model import SortRating

    p = Portfolio()
    p.project("S1", m(300), date(2024, 1, 10), effectiveness=date(2024, 3, 1), closing=date(2030, 6, 30))
    p.project("S2", m(100), date(2024, 1, 10), effectiveness=date(2024, 3, 1), closing=date(2030, 6, 30))
    for pid in ("S1", "S2"):
        p.tx(pid, "disbursement", date(2025, 1, 31), m(90))

    def rate(subject: str, category: str, on: date, level: str) -> None:
        p.sort.append(SortRating(subject=subject, category=category, date=on, rating=level, source="t"))

    rate("S1", "macroeconomic", date(2024, 1, 10), "Moderate")
    rate("S1", "macroeconomic", date(2025, 6, 1), "Substantial")
    rate("S1", "overall", date(2025, 6, 1), "Substantial")
    rate("S2", "political-governance", date(2025, 6, 1), "Moderate")
    rate("S2", "environment-social", date(2025, 6, 1), "High")
    rate("xx-test", "macroeconomic", date(2025, 6, 1), "High")
    data = prepare_data(p.data(), load_fx())
    r = review(data, p.programme, date(2026, 6, 30))
    assert r.weights is not None
    view = sort_view(data, p.programme.id, date(2026, 6, 30), r.weights)
    data.close()
    subjects = {s.subject: s for s in view.operations}
    assert subjects["S1"].trends["macroeconomic"] == "up" and subjects["S1"].overall == "Substantial"
    assert not subjects["S1"].overall_suggested
    # S2 has no overall rating: the highest category is suggested, and marked so
    assert subjects["S2"].overall == "High" and subjects["S2"].overall_suggested
    assert view.programme is not None and view.programme.overall == "High" and view.programme.overall_suggested
    overall = next(row for row in view.heat_map if row.category == "overall")
    assert overall.cells["Substantial"].net_commitment_usd == m(300)
    assert overall.cells["High"].net_commitment_usd == m(100) and overall.cells["High"].suggested == 1
    assert overall.cells["Substantial"].share == Decimal("0.75")
    macro = next(row for row in view.heat_map if row.category == "macroeconomic")
    assert macro.unrated_operations == 1 and macro.unrated_usd == m(100)
    assert view.substantial_or_high_usd == m(400) and view.substantial_or_high_share == Decimal(1)


@pytest.mark.parametrize(
    ("fy", "disbursed", "opening", "new_approvals"),
    [
        # FY26: opening balances P1 650 and P2 300 − 50; disbursed P1 130 and P4 20 (approved in the year)
        (2026, 150, 900, 2),
        # FY27, the as-of date's own year: (70 + 20 + 0 + 60) / (520 + 250 + 88 + 380), as in the default review
        (2027, 150, 1238, 0),
    ],
)
def test_the_fiscal_year_of_the_ratio_can_be_chosen(fy: int, disbursed: int, opening: int, new_approvals: int) -> None:
    r = worked_example().review(date(2027, 6, 30), ReviewRules(fiscal_year=fy))
    assert r.fiscal_year.fy == fy
    assert r.fiscal_year.disbursed_usd == m(disbursed) and r.fiscal_year.opening_undisbursed_usd == m(opening)
    assert r.fiscal_year.new_approvals == new_approvals


def test_a_fiscal_year_after_the_as_of_date_is_refused() -> None:
    with pytest.raises(ValueError, match="after the as-of date"):
        worked_example().review(date(2027, 6, 30), ReviewRules(fiscal_year=2029))


def test_envelope_shares_by_priority_area_and_ibrd_exposure() -> None:
    from cpfkit.metrics.portfolio.envelope import portfolio_envelope
    from cpfkit.model import EnvelopeYear, PriorityArea, Programme, ProjectLink

    p = Portfolio(start=date(2025, 7, 1), end=date(2028, 6, 30))
    p.programme = Programme(
        id="xx-test",
        country="KZ",
        title="Test",
        period_start=date(2025, 7, 1),
        period_end=date(2028, 6, 30),
        status="active",
        source="t",
        envelope=(EnvelopeYear(fy=2026, total=Money(amount=m(1000)), source="t"),),
        priority_areas=(PriorityArea(code="A", title="Roads"), PriorityArea(code="B", title="Water")),
        ibrd_exposure_limit=Money(amount=m(500)),
    )
    p.project("E1", m(300), date(2025, 9, 1), effectiveness=date(2025, 10, 1), closing=date(2030, 6, 30))
    p.project("E2", m("100.01"), date(2025, 10, 1), effectiveness=date(2025, 11, 1), closing=date(2030, 6, 30))
    p.project("E3", m(50), date(2025, 11, 1), effectiveness=date(2025, 12, 1), closing=date(2030, 6, 30))
    p.project(
        "E4", m(400), date(2026, 2, 1), instrument="guarantee", effectiveness=date(2026, 3, 1), closing=date(2035, 1, 1)
    )
    p.project("E5", m(80), date(2027, 3, 1), status="pipeline")
    p.tx("E1", "disbursement", date(2026, 3, 31), m(120)).tx("E1", "loan-repayment", date(2026, 5, 31), m(20))
    data = p.data().model_copy(
        update={
            "links": (
                ProjectLink(project="E1", priority_areas=("A",)),
                ProjectLink(project="E2", priority_areas=("A", "B")),
                ProjectLink(project="E3"),
                ProjectLink(project="E4", priority_areas=("B",)),
                ProjectLink(project="E5", priority_areas=("B",)),
            )
        }
    )
    prepared = prepare_data(data, load_fx())
    r = review(prepared, p.programme, date(2026, 6, 30))
    envelope = portfolio_envelope(
        prepared.con, p.programme, date(2026, 6, 30), load_fx(), r.facts, r.ibrd_outstanding_usd, r.ibrd_guarantees_usd
    )
    prepared.close()
    shares = {a.area: a for a in envelope.by_priority_area}
    # E2's 100.01 split in two, each half rounded half-even to the cent: 50.005 → 50.00
    assert shares["A"].committed_usd == m(300) + Decimal("50005000.00")
    assert shares["B"].committed_usd == m(400) + Decimal("50005000.00") and shares["B"].pipeline_usd == m(80)
    assert envelope.unassigned_usd == m(50)
    total = shares["A"].committed_usd + shares["B"].committed_usd + m(50)
    assert shares["A"].share == (shares["A"].committed_usd / total).quantize(Decimal("0.0001"))
    assert envelope.use.fiscal_years[0].committed_usd == m("850.01")
    exposure = envelope.ibrd_exposure
    # disbursed 120 less repaid 20, plus the guarantee in force 400, against a limit of 500
    assert exposure.outstanding_usd == m(100) and exposure.guarantees_usd == m(400)
    assert exposure.exposure_usd == m(500) and exposure.within_limit is True and exposure.headroom_usd == 0
    assert "within the limit" in exposure.check


def test_ibrd_exposure_above_the_limit_and_without_a_limit() -> None:
    from cpfkit.metrics.portfolio.envelope import _exposure

    programme = Portfolio().programme
    limited = programme.model_copy(update={"ibrd_exposure_limit": Money(amount=m(400))})
    above = _exposure(limited, date(2026, 6, 30), load_fx(), m(300), m(200))
    assert above.within_limit is False and above.headroom_usd == -m(100) and "ABOVE the limit" in above.check
    skipped = _exposure(programme, date(2026, 6, 30), load_fx(), m(300), m(200))
    assert skipped.limit_usd is None and skipped.within_limit is None and "check skipped" in skipped.check
