"""Stress scenarios: the schema and its errors, how shocks apply, and the scenarios shipped with kz-2026-2031."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cpfkit.errors import DataError
from cpfkit.formats.sources import read_yaml
from cpfkit.reference import load_fx
from cpfkit.risk.montecarlo import simulate
from cpfkit.risk.plan import MONTH_DAYS, SimulationInputs
from cpfkit.risk.scenarios import apply_scenario, parse_scenario
from cpfkit.services import programmes as services
from tests.risk.plans import operation, programme

SHIPPED = services.EMBEDDED_PROGRAMMES / "kz-2026-2031" / "scenarios"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "stress.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def load(path: Path):  # type: ignore[no-untyped-def]
    return parse_scenario(read_yaml(path), file=str(path), default_name=path.stem)


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            "title: T\nshocks:\n  - name: s\n    cost_factor: 1.1\n",
            "shocks[0]",
            "needs a source, or illustrative: true",
        ),
        (
            "title: T\nshocks:\n  - name: s\n    illustrative: true\n    cost_factr: 1.1\n",
            "shocks[0].cost_factr",
            "Extra inputs are not permitted",
        ),
        (
            "title: T\nshocks:\n  - name: s\n    illustrative: true\n    duration_factor: -1\n",
            "shocks[0].duration_factor",
            "greater than 0",
        ),
        (
            "title: T\nshocks:\n  - name: s\n    illustrative: true\n    applies_to: {instruments: [loan]}\n",
            "shocks[0].applies_to.instruments[0]",
            "Input should be",
        ),
        ("title: T\n", None, "at least one shock"),
        ("shocks: []\n", "title", "Field required"),
        ("title: T\nstarts: tomorrow\nparameters: {country_correlation: 0.5}\n", "starts", "date"),
    ],
)
def test_schema_errors_name_the_file_and_the_field(tmp_path: Path, body: str, field: str | None, message: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(DataError) as caught:
        load(path)
    error = caught.value
    assert error.file == str(path) and error.field == field and message in error.message
    assert str(path) in error.one_line()


def test_errors_point_at_the_line_of_the_shock(tmp_path: Path) -> None:
    path = write(tmp_path, "title: T\nshocks:\n  - name: a\n    illustrative: true\n  - name: b\n    scope_factor: 0\n")
    with pytest.raises(DataError) as caught:
        load(path)
    assert caught.value.record == "line 5" and caught.value.field == "shocks[1].scope_factor"


def test_bad_yaml_is_reported_with_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "title: [unclosed\n")
    with pytest.raises(DataError, match="not valid YAML"):
        load(path)


def plan_with_pipeline() -> SimulationInputs:
    return programme(
        (
            operation("A", reference_class="rail"),
            operation("B", pipeline=True, effective=False, approval="2027-01-01", effectiveness="2027-07-01"),
        )
    )


def test_shocks_add_delays_multiply_factors_and_combine_drops(tmp_path: Path) -> None:
    scenario = load(
        write(
            tmp_path,
            """
title: Two shocks
starts: 2026-09-01
shocks:
  - name: first
    illustrative: true
    approval_delay_months: 2
    effectiveness_delay_months: 1
    duration_factor: 1.2
    drop_probability: 0.5
  - name: second
    source: somewhere
    applies_to: {status: [pipeline]}
    approval_delay_months: 3
    duration_factor: 1.5
    scope_factor: 0.8
    drop_probability: 0.5
indicators: []
parameters: {country_correlation: 0.4}
""",
        )
    )
    applied = apply_scenario(plan_with_pipeline(), scenario, file="stress.yaml")
    a, b = applied.inputs.operations
    assert applied.hits == {"first": ("A", "B"), "second": ("B",)}
    assert a.approval_delay_days == 0 and a.effectiveness_delay_days == 0  # A was approved and effective before
    assert a.duration_factor == pytest.approx(1.2) and a.drop_probability == 0
    assert b.approval_delay_days == pytest.approx(5 * MONTH_DAYS)
    assert b.effectiveness_delay_days == pytest.approx(1 * MONTH_DAYS)
    assert b.duration_factor == pytest.approx(1.8) and b.scope_factor == pytest.approx(0.8)
    assert b.drop_probability == pytest.approx(0.75)
    assert applied.inputs.settings.country_correlation == 0.4


def test_a_shock_starting_later_spares_what_is_done_by_then(tmp_path: Path) -> None:
    scenario = load(
        write(
            tmp_path,
            "title: Late\nstarts: 2027-03-01\nshocks:\n"
            "  - name: s\n    illustrative: true\n    approval_delay_months: 6\n",
        )
    )
    applied = apply_scenario(plan_with_pipeline(), scenario, file="x")
    assert applied.inputs.operations[1].approval_delay_days == 0  # B is approved on 2027-01-01, before the shock


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            "title: T\nshocks:\n  - {name: s, illustrative: true, applies_to: {projects: [ZZ]}}\n",
            "shocks[0].applies_to.projects[0]",
        ),
        (
            "title: T\nshocks:\n  - {name: s, illustrative: true, applies_to: {reference_classes: [ships]}}\n",
            "shocks[0].applies_to.reference_classes[0]",
        ),
        ("title: T\nshocks:\n  - {name: s, illustrative: true, applies_to: {countries: [UZ]}}\n", "shocks[0]"),
        ("title: T\nindicators:\n  - {indicator: I9, factor: 0.5, illustrative: true}\n", "indicators[0].indicator"),
    ],
)
def test_a_scenario_that_does_not_fit_the_programme_is_refused(tmp_path: Path, body: str, field: str) -> None:
    scenario = load(write(tmp_path, body))
    with pytest.raises(DataError) as caught:
        apply_scenario(plan_with_pipeline(), scenario, file="stress.yaml")
    assert caught.value.field == field and caught.value.file == "stress.yaml"


def test_every_shipped_scenario_loads_applies_and_costs_something(kz_inputs: SimulationInputs) -> None:
    names = sorted(p.stem for p in SHIPPED.glob("*.yaml"))
    assert names == ["commodity-price", "regional-water-energy", "supply-chain", "tenge-devaluation"]
    baseline = simulate(kz_inputs, 4000, np.random.default_rng(3))
    for path in sorted(SHIPPED.glob("*.yaml")):
        applied = apply_scenario(kz_inputs, services.load_scenario(path), file=path.name)
        assert all(applied.hits.values()), path.name
        stressed = simulate(applied.inputs, 4000, np.random.default_rng(3))
        # same seed, every operation slower or dearer or smaller: never more money or results than the baseline
        assert stressed.disbursed_in_period.p50 <= baseline.disbursed_in_period.p50, path.name
        pairs = [
            (a.code, a.p_target_met, b.p_target_met)
            for a, b in zip(baseline.indicators, stressed.indicators, strict=True)
            if a.p_target_met is not None and b.p_target_met is not None
        ]
        assert len(pairs) >= sum(1 for a in baseline.indicators if a.simulated) > 0, path.name
        for code, before, after in pairs:
            assert after <= before, (path.name, code)


def test_the_regional_scenario_hits_kambarata_and_the_syr_darya(kz_inputs: SimulationInputs) -> None:
    applied = apply_scenario(kz_inputs, services.load_scenario(SHIPPED / "regional-water-energy.yaml"), file="r")
    assert applied.hits["Kambarata-1 agreement among riparian states delayed"] == ("KZ-ILL-KAMBARATA-01",)
    assert set(applied.hits["low water in the Syr Darya basin"]) == {"KZ-ILL-IRRIG-03", "KZ-ILL-NAS-02"}
    result = simulate(applied.inputs, 4000, np.random.default_rng(1))
    kambarata = next(o for o in result.operations if o.id == "KZ-ILL-KAMBARATA-01")
    assert kambarata.p_dropped == pytest.approx(0.25, abs=0.03)


def test_the_tenge_shock_size_is_the_move_in_the_rates_table() -> None:
    raw = read_yaml(SHIPPED / "tenge-devaluation.yaml")
    fx = load_fx()
    for size, (start, end) in zip(raw["size"], (((2015, 7), (2016, 1)), ((2014, 1), (2014, 3))), strict=True):
        before = fx.rates["KZT"][start]
        after = fx.rates["KZT"][end]
        assert float(size["value"]) == pytest.approx(float(1 - after / before), abs=5e-4)


def test_resolving_scenarios(tmp_path: Path) -> None:
    assert services.resolve_scenario("kz-2026-2031", "supply-chain") == SHIPPED / "supply-chain.yaml"
    assert services.resolve_scenario("kz-2026-2031", "supply-chain.yaml") == SHIPPED / "supply-chain.yaml"
    mine = write(tmp_path, "title: mine\nparameters: {sector_correlation: 0.1}\n")
    assert services.resolve_scenario("kz-2026-2031", str(mine)) == mine
    with pytest.raises(DataError, match="shipped: commodity-price"):
        services.resolve_scenario("kz-2026-2031", "no-such")
    with pytest.raises(DataError):
        services.resolve_scenario("kz-2026-2031", str(mine), allow_files=False)
    assert services.resolve_scenario("kz-2026-2031", "supply-chain", allow_files=False).name == "supply-chain.yaml"
