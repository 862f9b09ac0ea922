"""The scenario file: every field optional, every mistake named by file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpfkit.errors import DataError, UnknownCode
from cpfkit.formats.plan_constraints import parse_constraints, read_constraints
from cpfkit.model import RiskLevel

DOCS_EXAMPLE = Path(__file__).parent.parent.parent / "docs" / "examples" / "kz-2026-2031-scenario.yaml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_empty_file_is_the_default_scenario(tmp_path: Path) -> None:
    c = read_constraints(write(tmp_path, ""))
    assert c.institution_split and c.high_risk.levels == (RiskLevel.HIGH,)
    assert c.objective.economic_test and not c.objective.cap_at_target


def test_a_full_scenario(tmp_path: Path) -> None:
    c = read_constraints(
        write(
            tmp_path,
            """
description: tight envelope
envelope_per_fy_usd: 800_000_000
priority_areas:
  PA1: {min_share: 0.15, max_share: 0.4}
high_risk: {max_share: 0.25, levels: [Substantial, High]}
must_include: [A]
must_exclude: [B]
precedence:
  - {before: A, after: C}
windows:
  C: {earliest_fy: 2029}
ibrd_exposure: {limit_usd: 5e9}
objective: {npv_weight: 0.5, cap_at_target: true}
solver: {time_limit_seconds: 10, mip_gap: 0.0001}
""",
        )
    )
    assert c.envelope_per_fy_usd == 800_000_000
    assert c.priority_areas["PA1"].max_share is not None and float(c.priority_areas["PA1"].max_share) == 0.4
    assert c.precedence[0].min_gap_years == 1
    assert c.windows["C"].earliest_fy == 2029 and c.windows["C"].latest_fy is None


@pytest.mark.parametrize(
    ("text", "field", "line", "words"),
    [
        ("priority_areas:\n  PA1:\n    min_share: 1.5\n", "priority_areas.PA1.min_share", 3, "less than or equal to 1"),
        ("priority_areas:\n  PA1: {min_share: 0.5, max_share: 0.2}\n", "priority_areas.PA1", 2, "above max_share"),
        ("envelope_per_fy: 1000\n", "envelope_per_fy", 1, "Extra inputs"),
        ("must_include: [A]\nmust_exclude: [A]\n", "record", 1, "both in must_include and must_exclude"),
        ("precedence:\n  - {before: A, after: A}\n", "precedence.0", 2, "after itself"),
        ("windows:\n  A: {earliest_fy: 2030, latest_fy: 2028}\n", "windows.A", 2, "before earliest_fy"),
        ("solver: {mip_gap: 0.5}\n", "solver.mip_gap", 1, "less than or equal to 0.1"),
    ],
)
def test_errors_name_file_line_and_field(tmp_path: Path, text: str, field: str, line: int, words: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DataError) as caught:
        read_constraints(path)
    err = caught.value
    assert err.file == str(path) and err.field == field and err.record == f"line {line}"
    assert words in err.message
    assert str(path) in err.one_line() and field in err.one_line()


def test_unknown_risk_level_is_an_unknown_code(tmp_path: Path) -> None:
    with pytest.raises(UnknownCode) as caught:
        read_constraints(write(tmp_path, "high_risk:\n  levels: [Severe]\n"))
    assert caught.value.field == "high_risk.levels.0"


def test_not_yaml_and_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not valid YAML"):
        read_constraints(write(tmp_path, "a: [1,\n"))
    with pytest.raises(DataError, match="mapping"):
        read_constraints(write(tmp_path, "- 1\n- 2\n"))
    with pytest.raises(DataError, match="no such file"):
        read_constraints(tmp_path / "missing.yaml")
    with pytest.raises(DataError, match="mapping"):
        parse_constraints([1, 2], origin="request body")


def test_the_documented_example_is_valid() -> None:
    c = read_constraints(DOCS_EXAMPLE)
    assert c.description and c.priority_areas and c.high_risk.max_share is not None
