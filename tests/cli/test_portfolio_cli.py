"""``cpfkit portfolio`` and ``cpfkit risk …`` for people and for scripts."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.store import Store

runner = CliRunner()
INDICATORS = (
    "disbursement_ratio",
    "problem_projects",
    "potential_problem_projects",
    "projects_at_risk",
    "commitments_at_risk_usd",
    "realism_index",
    "proactivity_index",
)


def run(store: Store, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store.url, *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_completed_programme_mid_term(embedded_store: Store) -> None:
    code, out, err = run(embedded_store, "portfolio", "kz-2020-2025", "--as-of", "2023-06-30", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert {"as_of", "envelope", "indicators", "flags", "mobilisation", "sort"} <= set(report)
    assert report["as_of"] == "2023-06-30"
    ind = report["indicators"]
    assert set(INDICATORS) <= set(ind)
    # mid-2023: one problem project and one potential problem project among the IBRD/IDA lending operations; the
    # trust-funded grant KZ-ILL-TF-WUA (a second potential problem) is reported beside the indicators
    assert ind["problem_projects"] == 1 and ind["potential_problem_projects"] == 1 and ind["projects_at_risk"] == 2
    beside = {(o["institution"], o["instrument"]): o["projects"] for o in report["outside_indicators"]}
    assert "KZ-ILL-TF-WUA" in beside[("TF", "IPF")]
    for flag in report["flags"]:
        assert {"project", "flag", "evidence", "accountable"} <= set(flag) and flag["evidence"] and flag["accountable"]
    problem = [f["project"] for f in report["flags"] if f["flag"] == "problem-project"]
    potential = sorted(o["project"] for o in report["operations"] if o["potential_problem"])
    assert problem == ["P153496"] and potential == ["P128050"]
    assert {"private_direct_usd", "private_indirect_usd", "ratio"} <= set(report["mobilisation"])
    overall = next(row for row in report["sort"]["heat_map"] if row["category"] == "overall")
    assert set(overall["cells"]) == {"Low", "Moderate", "Substantial", "High"}
    assert report["sort"]["programme"]["overall"] == "Substantial"
    for key in (*INDICATORS, "envelope", "mobilisation", "sort"):
        assert report["explanations"][key], key
    assert "no limit in the programme data" in report["envelope"]["ibrd_exposure"]["check"]


def test_the_new_programme_runs_on_any_date(embedded_store: Store) -> None:
    code, out, err = run(embedded_store, "portfolio", "kz-2026-2031", "--as-of", "2023-06-30", "--json")
    assert code == 0, err
    early = json.loads(out)
    assert early["indicators"]["active_projects"] == 0 and early["indicators"]["disbursement_ratio"] is None
    code, out, err = run(embedded_store, "portfolio", "kz-2026-2031", "--as-of", "2026-11-25", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["indicators"]["problem_projects"] == 1
    mobilised = report["mobilisation"]
    # IBRD's pro-rata share of the rail loans (846M of 1,410M) + the MIGA-covered bypass loan (100M)
    assert mobilised["private_direct_usd"] == "946000000" and mobilised["attribution"] == "pro-rata"
    assert mobilised["by_institution"]["MIGA"]["private_direct_usd"] == "100000000"
    exposure = report["envelope"]["ibrd_exposure"]
    assert exposure["limit_usd"] == "6000000000" and exposure["within_limit"] is True
    assert report["risks"]["by_factor"]["regional-spillover"] == 2
    code, out, err = run(embedded_store, "portfolio", "kz-2026-2031", "--as-of", "2026-11-25")
    assert code == 0, err
    assert "Flags, with the evidence" in out and "SORT heat map" in out and "How each figure is computed" in out


def test_rules_from_the_command_line(embedded_store: Store) -> None:
    args = ("portfolio", "kz-2020-2025", "--as-of", "2023-06-30", "--json")
    code, out, _ = run(embedded_store, *args, "--potential-flags", "5", "--fy", "2022")
    report = json.loads(out)
    assert code == 0 and report["indicators"]["potential_problem_projects"] == 0
    assert report["disbursement_ratio"]["label"] == "FY22" and report["rules"]["potential_problem_flags"] == 5
    code, _, err = run(embedded_store, *args, "--fy", "2030")
    assert code == 1 and "FY30 starts on 2029-07-01" in err
    code, _, err = run(embedded_store, "portfolio", "xx-none")
    assert code == 1 and "no programme with id 'xx-none'" in err


def test_the_risk_register(demo_store: Store) -> None:
    code, out, err = run(
        demo_store,
        "risk",
        "add",
        "xx-demo",
        "--title",
        "Rail parts delayed",
        "--rating",
        "Substantial",
        "--category",
        "sector-strategies",
        "--factor",
        "supply-chain",
        "--factor",
        "regional-spillover",
        "--mitigation",
        "Order early",
        "--owner",
        "Ministry",
        "--opened",
        "2026-08-01",
        "--json",
    )
    assert code == 0, err
    added = json.loads(out)
    assert (
        added["code"] == "R1" and added["factors"] == ["supply-chain", "regional-spillover"] and added["illustrative"]
    )
    code, out, _ = run(demo_store, "risk", "register", "xx-demo")
    assert code == 0 and "Rail" in out and "Order" in out and "Substantial" in out
    code, out, _ = run(demo_store, "risk", "close", "xx-demo", "R1", "--note", "parts arrived", "--on", "2026-10-01")
    assert code == 0 and "closed R1 on 2026-10-01" in out
    code, out, _ = run(demo_store, "risk", "register", "xx-demo", "--json")
    assert json.loads(out) == []
    code, out, _ = run(demo_store, "risk", "register", "xx-demo", "--all", "--json")
    assert [r["closing_note"] for r in json.loads(out)] == ["parts arrived"]
    code, _, err = run(demo_store, "risk", "close", "xx-demo", "R1")
    assert code == 1 and "already closed" in err
    full = ["--title", "x", "--rating", "High", "--category", "fiduciary", "--owner", "PIU"]
    code, _, err = run(demo_store, "risk", "add", "xx-demo", *full, "--code", "bad code")
    assert code == 1 and "field code" in err
    for option in ("--category", "--owner"):  # required: no default stands in for a choice
        without = [a for i, a in enumerate(full) if option not in (a, full[i - 1] if i else "")]
        code, _, err = run(demo_store, "risk", "add", "xx-demo", *without)
        assert code == 2 and option in err, option
    code, out, _ = run(demo_store, "risk", "register", "xx-demo", "--all", "--json")
    assert len(json.loads(out)) == 1  # nothing added
