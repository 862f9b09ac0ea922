"""Docs are checked, not trusted: the CLI reference is current and every setting is documented."""

from __future__ import annotations

from pathlib import Path

import typer
from scripts.gen_cli_docs import generate

from cpfkit.cli import app
from cpfkit.settings import Settings

ROOT = Path(__file__).parent.parent


def _commands(group: object, prefix: str = "cpfkit") -> list[str]:
    names = []
    for name, command in getattr(group, "commands", {}).items():
        names.append(f"{prefix} {name}")
        names.extend(_commands(command, f"{prefix} {name}"))
    return names


def test_cli_reference_is_generated_from_the_current_cli() -> None:
    assert (ROOT / "docs" / "cli.md").read_text() == generate(), "run `make docs`"


def test_every_command_is_documented() -> None:
    text = (ROOT / "docs" / "cli.md").read_text()
    names = _commands(typer.main.get_command(app))
    assert "cpfkit report clr" in names
    for name in names:
        assert f"## `{name}`" in text, name


def test_every_setting_is_documented() -> None:
    text = (ROOT / "docs" / "settings.md").read_text()
    for name in Settings.model_fields:
        assert f"CPFKIT_{name.upper()}" in text, name


def test_readme_opens_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text().split("\n\n", 2)[1]
    assert "make run" in head and "make test" in head
