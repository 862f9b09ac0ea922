"""The house of docs/development.md holds: imports go down its layers, and no two packages or modules import
each other, directly or round a longer loop.

The contracts are ``[tool.importlinter]`` in pyproject.toml (``make lint`` checks them too).  An import inside
a function body counts as much as one at the top of a module.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import grimp
import pytest
from importlinter import api  # noqa: F401 - configures import-linter's settings on import
from importlinter.application import use_cases
from importlinter.application.app_config import settings

PYPROJECT = Path(__file__).parents[1] / "pyproject.toml"


class _GraphWith:
    """Builds cpfkit's real import graph, plus the imports a test adds to it."""

    def __init__(self, *imports: tuple[str, str]) -> None:
        self.imports = imports

    def build(self, root_package_names: list[str], **options: Any) -> grimp.ImportGraph:
        graph = grimp.build_graph(
            *root_package_names,
            include_external_packages=bool(options.get("include_external_packages")),
            exclude_type_checking_imports=bool(options.get("exclude_type_checking_imports")),
            cache_dir=None,
        )
        for importer, imported in self.imports:
            graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="import")
        return graph


def _broken(*imports: tuple[str, str]) -> set[str]:
    """The ids of the contracts broken by cpfkit's imports plus ``imports``."""
    use_cases._register_built_in_contract_types()  # what `lint-imports` does before its report (pinned version)
    saved = settings.GRAPH_BUILDER
    settings.configure(GRAPH_BUILDER=_GraphWith(*imports))
    try:
        report = use_cases.create_report(use_cases.read_user_options(str(PYPROJECT)), cache_dir=None)
    finally:
        settings.configure(GRAPH_BUILDER=saved)
    return {contract.contract_options["id"] for contract, check in report.get_contracts_and_checks() if not check.kept}


def test_the_code_keeps_the_house_and_has_no_import_cycle() -> None:
    assert _broken() == set()


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("cpfkit.model.base", "cpfkit.services.programmes"),
        ("cpfkit.formats.sources", "cpfkit.metrics.ledger"),
        ("cpfkit.store.repository", "cpfkit.formats.sources"),
        ("cpfkit.reports.render", "cpfkit.workplace.roles"),
        ("cpfkit.services.portfolio", "cpfkit.api.deps"),
        ("cpfkit.language.message", "cpfkit.metrics.ledger"),
        ("cpfkit.language.catalogs", "cpfkit.reference.fx"),
    ],
)
def test_an_import_up_the_house_or_across_one_floor_breaks_it(importer: str, imported: str) -> None:
    assert "house" in _broken((importer, imported))


def test_an_import_cycle_inside_a_package_breaks_the_acyclic_rule() -> None:
    graph = grimp.build_graph("cpfkit", cache_dir=None)
    modules = sorted(m for m in graph.find_children("cpfkit.services") if m != "cpfkit.services.interchange")
    importer, imported = next(
        (a, b) for a in modules for b in modules if graph.direct_import_exists(importer=a, imported=b)
    )
    assert _broken((imported, importer)) == {"acyclic"}  # the reverse of an import between two services


def test_every_package_has_its_floor() -> None:
    """A new top-level package or module must be placed in the house before it can be imported."""
    contract = next(c for c in api.read_configuration(str(PYPROJECT))["contracts_options"] if c.get("id") == "house")
    floors = {name.strip().removeprefix("cpfkit.") for line in contract["layers"] for name in line.split("|")}
    src = Path(__file__).parents[1] / "src" / "cpfkit"
    packages = {p.parent.name for p in src.glob("*/__init__.py")} | {
        p.stem for p in src.glob("*.py") if p.stem not in ("__init__", "__main__")
    }
    assert packages == floors
