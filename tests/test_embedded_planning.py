"""The embedded kz-2026-2031 pipeline carries appraisal inputs and contributions, and plans within its envelope."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.model import ProjectStatus
from cpfkit.services import planning as services_plan
from cpfkit.services import programmes as services
from cpfkit.store import Store

runner = CliRunner()
KZ = "kz-2026-2031"


def test_transport_rail_and_hydropower_operations_are_appraised(embedded_store: Store) -> None:
    result = runner.invoke(app, ["--db", embedded_store.url, "appraise", "--programme", KZ, "--json"])
    assert result.exit_code == 0
    rows = {r["project"]: r for r in json.loads(result.stdout)}
    assert {"KZ-ILL-BEINEU-01", "P500565", "KZ-ILL-RAIL-01", "KZ-ILL-KAMBARATA-01"} <= set(rows)
    data = services.programme_data(embedded_store, KZ)
    kinds = {a.project: {b.kind for b in a.benefits} for a in data.appraisals}
    assert "transport" in kinds["KZ-ILL-BEINEU-01"] and "transport" in kinds["P500565"]
    assert "transport" in kinds["KZ-ILL-RAIL-01"] and "hydropower" in kinds["KZ-ILL-KAMBARATA-01"]
    for a in data.appraisals:
        assert a.source, a.project  # the sourced figures name their source
        assert a.illustrative or {"benefits", "capital"} & set(a.illustrative_fields), a.project
    for r in rows.values():
        assert r["discount_rate"] == "0.06" and r["eirr_status"] == "one"
        assert Decimal(r["switching_values"]["costs"]) > 0 and len(r["sensitivities"]) == 6


def test_every_pipeline_operation_contributes_to_the_results_framework(embedded_store: Store) -> None:
    data = services.programme_data(embedded_store, KZ)
    pipeline = {p.id for p in data.projects if p.status is ProjectStatus.PIPELINE}
    contributing = {c.project for c in data.contributions}
    assert pipeline <= contributing
    for c in data.contributions:
        assert c.source or c.illustrative, (c.project, c.indicator)


def test_the_default_plan_fits_the_envelope(embedded_store: Store) -> None:
    report = services_plan.plan(embedded_store, KZ, as_of=date(2026, 11, 25), exact_marginals=False)
    assert report.status == "optimal"
    assert report.objective is not None and report.objective >= report.greedy_objective
    for year in report.fiscal_years:
        assert year.envelope_usd is not None
        assert year.planned_usd == 0 or year.committed_usd <= year.envelope_usd
    assert report.risk_adjustment.startswith("none")
