"""Imports among the store and the engines go one way (docs/development.md, 'The house').

Every import counts: at the top of a module, inside a function, or for the
type checker only.  No module of ``store``, ``metrics`` or ``risk`` imports
one that imports it back, directly or through others, and ``metrics`` never
imports ``risk`` (the simulation and the SORT view build on the metrics).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
LAYERED = ("cpfkit.store", "cpfkit.metrics", "cpfkit.risk")


def _modules() -> dict[str, Path]:
    out = {}
    for path in (SRC / "cpfkit").rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], base]).strip(".")
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _layered(name: str) -> bool:
    leaf = name.rpartition(".")[2]
    return name.startswith(LAYERED) and ".migrations" not in name and not leaf.startswith(("iati_", "tables_iati"))


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: {t for t in _imports(name, path, modules) if _layered(t)}
        for name, path in modules.items()
        if _layered(name)
    }


def _cycle_from(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    """A chain of imports from ``start`` back to itself, if there is one."""
    stack = [(start, [start])]
    seen = set()
    while stack:
        node, chain = stack.pop()
        for nxt in sorted(graph[node]):
            if nxt == start:
                return [*chain, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*chain, nxt]))
    return None


def test_no_module_of_the_store_or_the_engines_imports_itself_back() -> None:
    graph = _graph()
    assert len(graph) > 100  # the modules were found
    cycles = [cycle for name in sorted(graph) if (cycle := _cycle_from(name, graph))]
    assert cycles == []


def test_the_metrics_never_import_the_risk_engines() -> None:
    graph = _graph()
    upward = sorted((a, b) for a, targets in graph.items() if a.startswith("cpfkit.metrics") for b in targets)
    assert [(a, b) for a, b in upward if b.startswith("cpfkit.risk")] == []
    assert any(b.startswith("cpfkit.metrics") for a, b in upward)  # the metrics' own imports were read
