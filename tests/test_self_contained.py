"""The repository stands on its own: it cites its own docs or public sources, never a file outside it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = re.compile(r"domain\.md|domain reference|kazakhstan-facts|\.\./shared|(?<![\w.-])shared/data", re.IGNORECASE)
CITED_DOC = re.compile(r"docs/([\w./-]+\.md)(?:, '([^']+)')?")
HEADING = re.compile(r"^#+ (.+)$", re.MULTILINE)
TEXT = {".py", ".md", ".yaml", ".yml", ".toml", ".sql", ".html", ".txt", ".csv", ".po", ".json", ".cfg"}


def _files() -> list[Path]:
    roots = [ROOT / "src", ROOT / "docs", ROOT / "tests"]
    found = [p for r in roots for p in r.rglob("*") if p.is_file() and p.suffix in TEXT]
    return [*found, ROOT / "README.md"]


def test_nothing_cites_a_file_outside_the_repository() -> None:
    me = Path(__file__).resolve()
    dangling = [
        f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
        for p in _files()
        if p.resolve() != me
        for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert dangling == []


def test_every_cited_doc_and_section_exists() -> None:
    missing = []
    for p in _files():
        for m in CITED_DOC.finditer(p.read_text(encoding="utf-8", errors="replace")):
            doc = ROOT / "docs" / m.group(1)
            if not doc.is_file():
                missing.append(f"{p.relative_to(ROOT)}: docs/{m.group(1)}")
            elif m.group(2) and m.group(2) not in {h.strip() for h in HEADING.findall(doc.read_text())}:
                missing.append(f"{p.relative_to(ROOT)}: docs/{m.group(1)}, '{m.group(2)}'")
    assert missing == []
