"""The embedded programmes' mobilisation and portfolio figures, as ``cpfkit portfolio --json`` and the pages give them.

Private capital mobilised with other MDBs is attributed pro rata (docs/portfolio.md, "Private capital mobilised");
no private capital is invented from a loan; proactivity counts restructurings, not extensions; the indicators
cover IBRD/IDA lending with the rest shown beside them (docs/definitions.md, "Portfolio review").
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.metrics.mobilisation import attributed_share, mobilisation
from cpfkit.metrics.portfolio import ReviewRules, prepare_data
from cpfkit.metrics.portfolio.evidence import usd
from cpfkit.model import Financing, Money
from cpfkit.reference import load_fx
from cpfkit.store import Store
from tests.metrics.portfolio_builder import Portfolio, m

runner = CliRunner()
NEW = ("portfolio", "kz-2026-2031", "--as-of", "2026-11-25", "--json")
MID_TERM = ("portfolio", "kz-2020-2025", "--as-of", "2023-06-30", "--json")


def portfolio_json(store: Store, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["--db", store.url, *args])
    assert result.exit_code == 0, result.stderr
    return dict(json.loads(result.stdout))


def line(financier: str, kind: str, amount: int, by: str | None = None, co: tuple[str, ...] = ()) -> Financing:
    return Financing(
        financier=financier,
        kind=kind,
        amount=Money(amount=m(amount)),
        mobilised_by=by,
        co_mobilisers=co,
        source="t",
    )


# -- 1. no private indirect mobilisation made of the IBRD loan itself ------------------------------------------


def test_no_private_capital_is_sourced_from_the_digital_project_s_own_loan(embedded_store: Store) -> None:
    """KZ-ILL-DARE-01's KZT 42 billion was the IBRD loan (JPY 13 billion): it is no private-indirect line."""
    mobilised = portfolio_json(embedded_store, *NEW)["mobilisation"]
    assert [x for x in mobilised["lines"] if x["project"] == "KZ-ILL-DARE-01"] == []
    assert mobilised["private_indirect_usd"] == "0"  # was 84.4 million, marked not illustrative
    assert mobilised["by_institution"]["IBRD"]["private_indirect_usd"] == "0"


# -- 2. private direct mobilisation shared with a co-guarantor --------------------------------------------------


def test_the_rail_guarantee_is_credited_with_its_pro_rata_share(embedded_store: Store) -> None:
    """US$1,410M of loans under IBRD's US$846M guarantee and AIIB's US$564M co-guarantee: IBRD 846, AIIB 564."""
    report = portfolio_json(embedded_store, *NEW)
    mobilised = report["mobilisation"]
    assert mobilised["attribution"] == "pro-rata" and report["rules"]["attribution"] == "pro-rata"
    (rail,) = [x for x in mobilised["lines"] if x["project"] == "KZ-ILL-RAIL-01" and x["kind"] == "private-direct"]
    assert rail["amount_usd"] == "1410000000" and rail["attributed_usd"] == "846000000" and rail["share"] == "0.6"
    assert rail["co_mobilisers"] == ["Asian Infrastructure Investment Bank (AIIB)"]
    assert rail["co_mobilisers_usd"] == "564000000"
    assert mobilised["by_institution"]["IBRD"]["private_direct_usd"] == "846000000"
    # 846 (IBRD) + 100 (the bypass loan under MIGA's guarantee) over own account 1,655: 57.2%, not 91.2%
    assert mobilised["private_direct_usd"] == "946000000" and mobilised["own_account_usd"] == "1655000000"
    assert mobilised["ratio"] == "0.5716" and mobilised["attributed_to_co_mobilisers_usd"] == "564000000"
    assert "attributed pro rata: IBRD US$846.0 million (60.0%)" in mobilised["explanation"]


def test_full_attribution_is_a_choice_of_the_review(embedded_store: Store) -> None:
    mobilised = portfolio_json(embedded_store, *NEW, "--attribution", "full")["mobilisation"]
    assert mobilised["attribution"] == "full" and mobilised["private_direct_usd"] == "1510000000"
    assert mobilised["ratio"] == "0.9124" and mobilised["attributed_to_co_mobilisers_usd"] == "0"


def test_the_rail_guarantee_is_described_as_a_guarantee(embedded_store: Store) -> None:
    result = runner.invoke(app, ["--db", embedded_store.url, "project", "KZ-ILL-RAIL-01", "--json"])
    assert result.exit_code == 0, result.stderr
    project = json.loads(result.stdout)
    text = json.dumps(project)
    assert '"instrument": "guarantee"' in text and "recorded as IPF" not in text


def test_pro_rata_attribution_worked_example() -> None:
    """Two operations: a guarantee shared with another MDB (split 3:1) and an IFC B-loan (all IFC's)."""
    p = Portfolio()
    p.project(
        "PG",
        m(300),
        date(2025, 3, 1),
        instrument="guarantee",
        financing=(
            line("Lenders", "private-direct", 400, "IBRD", co=("Other MDB",)),
            line("Other MDB", "public", 100),
        ),
    )
    p.project(
        "PI",
        m(100),
        date(2025, 4, 1),
        instrument="IFC-loan",
        institution="IFC",
        financing=(line("Bank B", "private-direct", 50, "IFC"),),
    )
    data = prepare_data(p.data(), load_fx())
    try:
        shared = mobilisation(data.con, p.programme.id, date(2026, 6, 30))
        full = mobilisation(data.con, p.programme.id, date(2026, 6, 30), "full")
    finally:
        data.close()
    # 400 x 300 / (300 + 100) = 300 to IBRD, 100 to the other MDB; + 50 IFC = 350 over own account 400
    assert shared.by_institution["IBRD"].private_direct_usd == m(300)
    assert shared.attributed_to_co_mobilisers_usd == m(100)
    assert shared.private_direct_usd == m(350) and shared.ratio == Decimal("0.875")
    assert full.private_direct_usd == m(450) and full.ratio == Decimal("1.125")
    assert attributed_share(Decimal(846), Decimal(564), "pro-rata") == Decimal("0.6")
    assert attributed_share(Decimal(846), Decimal(564), "full") is None


BAD_CO_MOBILISERS = {
    "only a private-direct": ("private-indirect", None, ("AIIB", "public")),
    "'AIIB' is not the financier of a public": ("private-direct", "IBRD", None),
    "mobilised by the operation's institution": ("private-direct", "MIGA", ("AIIB", "public")),
}


@pytest.mark.parametrize("message", sorted(BAD_CO_MOBILISERS))
def test_co_mobilisers_must_be_public_lines_of_the_same_operation(message: str) -> None:
    kind, by, other = BAD_CO_MOBILISERS[message]

    def build() -> None:
        lines = [line("Lenders", kind, 50, by, co=("AIIB",))]
        if other:
            lines.append(line(other[0], other[1], 10))
        Portfolio().project("PX", m(100), date(2025, 3, 1), financing=tuple(lines))

    with pytest.raises(ValidationError, match="co_mobilisers|co-mobiliser") as caught:
        build()
    assert message in str(caught.value)


# -- 9. proactivity counts restructurings, not extensions ------------------------------------------------------


def test_an_extension_alone_is_not_a_proactive_action(embedded_store: Store) -> None:
    """P153496 (MU a year before) only had its closing date extended: 0%, not 100%, unless configured."""
    report = portfolio_json(embedded_store, *MID_TERM)
    ind = report["indicators"]
    assert ind["proactivity_base"] == 1 and ind["proactivity_acted"] == 0 and ind["proactivity_index"] == "0"
    (case,) = report["proactivity"]
    assert case["project"] == "P153496" and case["actions"] == [] and not case["acted"]
    assert case["not_counted"] == [
        "closing date extended on Dec 9, 2022: not counted, an extension alone is not a restructuring "
        "(proactive_extensions)"
    ]
    counted = portfolio_json(embedded_store, *MID_TERM, "--proactive-extensions")
    assert counted["indicators"]["proactivity_index"] == "1"
    assert counted["proactivity"][0]["actions"] == ["closing date extended on Dec 9, 2022"]
    assert counted["rules"]["proactive_extensions"] is True and report["rules"]["proactive_extensions"] is False


def test_proactivity_counts_a_restructuring_and_an_extension_only_when_configured() -> None:
    p = Portfolio()
    for pid in ("R1", "R2"):
        p.project(pid, m(100), date(2020, 1, 15), effectiveness=date(2020, 3, 1), closing=date(2030, 6, 30))
        p.tx(pid, "disbursement", date(2021, 1, 31), m(20)).rate(pid, date(2026, 5, 1), do="MU", ip="MU")
    p.event("R1", "restructuring", date(2026, 11, 15))
    p.event("R2", "extension", date(2026, 12, 15), new_closing=date(2031, 6, 30))
    default = p.review(date(2027, 6, 30))
    assert default.indicators.proactivity_index == Decimal("0.5")
    assert "an extension alone not" in default.explanations["proactivity_index"]
    configured = p.review(date(2027, 6, 30), ReviewRules(proactive_extensions=True))
    assert configured.indicators.proactivity_index == Decimal(1)


# -- 10. the indicators cover IBRD/IDA lending; the rest is shown beside them ----------------------------------


def test_guarantees_ifc_and_miga_are_beside_the_indicators(embedded_store: Store) -> None:
    report = portfolio_json(embedded_store, *NEW)
    covered = {o["project"] for o in report["operations"] if o["covered"]}
    assert "KZ-ILL-RAIL-01" not in covered and "KZ-ILL-IFC-ALMATY-BYPASS" not in covered
    beside = {(o["institution"], o["instrument"]): o for o in report["outside_indicators"]}
    guarantee = beside[("IBRD", "guarantee")]
    assert guarantee["projects"] == ["KZ-ILL-RAIL-01"] and guarantee["undisbursed_usd"] == "846000000"
    assert beside[("IFC", "IFC-loan")]["projects"] == ["KZ-ILL-IFC-ALMATY-BYPASS"]
    ind = report["indicators"]
    net = sum(Decimal(o["net_commitment_usd"]) for o in report["operations"] if o["covered"])
    assert Decimal(ind["net_commitment_usd"]) == net and ind["active_projects"] == len(covered)
    assert "KZ-ILL-RAIL-01" in report["explanations"]["outside_indicators"]
    assert report["rules"]["portfolio_institutions"] == ["IBRD", "IDA"]
    # chosen otherwise, the guarantee is inside (and undisbursed) again
    wide = portfolio_json(
        embedded_store, *NEW, "--institution", "IBRD", "--instrument", "IPF", "--instrument", "guarantee"
    )
    assert Decimal(wide["indicators"]["undisbursed_usd"]) - Decimal(ind["undisbursed_usd"]) >= m(846)
    assert not any(o["instrument"] == "guarantee" for o in wide["outside_indicators"])


def test_coverage_in_a_built_portfolio() -> None:
    p = Portfolio()
    p.project("L1", m(100), date(2024, 1, 15), effectiveness=date(2024, 3, 1), closing=date(2030, 6, 30))
    p.tx("L1", "disbursement", date(2024, 6, 30), m(40)).rate("L1", date(2026, 5, 1), do="S", ip="S")
    p.project("G1", m(500), date(2024, 1, 15), instrument="guarantee", closing=date(2035, 6, 30))
    p.rate("G1", date(2026, 5, 1), do="MU", ip="MU")
    p.project("F1", m(50), date(2024, 1, 15), instrument="IFC-loan", institution="IFC", closing=date(2030, 6, 30))
    p.project("A1", m(1), date(2024, 1, 15), instrument="ASA", closing=date(2030, 6, 30))
    r = p.review(date(2026, 6, 30))
    assert r.indicators.active_projects == 1 and r.indicators.problem_projects == 0
    assert r.indicators.commitments_at_risk_usd == 0 and r.indicators.net_commitment_usd == m(100)
    assert [(o.institution, o.instrument, o.projects) for o in r.outside] == [
        ("IBRD", "guarantee", ("G1",)),
        ("IFC", "IFC-loan", ("F1",)),
    ]
    wide = p.review(date(2026, 6, 30), ReviewRules(portfolio_instruments=("IPF", "guarantee")))
    assert wide.indicators.problem_projects == 1 and wide.indicators.commitments_at_risk_usd == m(500)
    with pytest.raises(ValueError, match="advisory work"):
        ReviewRules(portfolio_instruments=("ASA",))
    with pytest.raises(ValueError, match="unknown institution"):
        ReviewRules(portfolio_institutions=("XYZ",))


def test_a_wrong_coverage_choice_is_a_clear_error(embedded_store: Store) -> None:
    result = runner.invoke(app, ["--db", embedded_store.url, *NEW, "--instrument", "ASA"])
    assert result.exit_code == 2 and "advisory work (ASA) is not a lending operation" in result.stderr


# -- 16. evidence amounts in one unit ----------------------------------------------------------------------------


def test_every_amount_of_the_evidence_is_in_us_millions_with_one_decimal() -> None:
    assert [usd(Decimal(700_000)), usd(2_300_000.0), usd(Decimal("544230000"))] == [
        "US$0.7 million",
        "US$2.3 million",
        "US$544.2 million",
    ]
    p = Portfolio()
    p.project("S1", Decimal(3_000_000), date(2024, 1, 15), effectiveness=date(2024, 3, 1), closing=date(2028, 6, 30))
    p.tx("S1", "disbursement", date(2025, 6, 30), Decimal(700_000)).plan("S1", date(2026, 6, 30), Decimal(2_300_000))
    r = p.review(date(2026, 6, 30))
    (lag,) = [f for f in r.flags if f.flag == "disbursement-lag"]
    assert "disbursed US$0.7 million by Jun 30, 2026 against US$2.3 million planned" in lag.evidence
    amounts = re.findall(r"US\$[\d.,]+(?: million|M)?", lag.evidence + " ".join(r.explanations.values()))
    assert amounts and all(a.endswith(" million") and re.search(r"\.\d million$", a) for a in amounts), amounts


# -- pages --------------------------------------------------------------------------------------------------------


def test_the_pages_show_coverage_and_attribution(api: TestClient) -> None:
    html = api.get("/programmes/kz-2026-2031/portfolio?as_of=2026-11-25").text
    assert 'id="outside-indicators"' in html and 'data-outside="IBRD-guarantee"' in html
    assert 'data-attribution="pro-rata"' in html and 'data-figure="co-mobilisers">US$564M' in html
    assert 'data-figure="pdm">US$946M' in html
    page = api.get("/projects/KZ-ILL-RAIL-01").text
    assert 'data-figure="private">US$846.0M' in page and 'data-figure="co-mobilised"' in page
