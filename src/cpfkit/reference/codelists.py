"""IATI codelists (official XML) and cpfkit's own catalogues (CSV)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

__all__ = ["Codelist", "load_catalogue", "load_codelist", "sector_names"]

_HERE = Path(__file__).parent / "codelists"


@dataclass(frozen=True)
class Codelist:
    """A codelist: codes with their names, and which codes are withdrawn."""

    name: str
    names: dict[str, str]
    withdrawn: frozenset[str]
    source: str

    def __contains__(self, code: object) -> bool:
        return code in self.names

    def name_of(self, code: str) -> str:
        """The English name of a code (the code itself if it has none)."""
        return self.names.get(code) or code

    @property
    def codes(self) -> frozenset[str]:
        """Every code, active or withdrawn."""
        return frozenset(self.names)


@cache
def load_codelist(name: str) -> Codelist:
    """Load an official IATI 2.03 codelist by name, e.g. ``"Sector"`` or ``"Currency"``.

    Raises:
        FileNotFoundError: there is no codelist of that name.
    """
    path = _HERE / "iati" / f"{name}.xml"
    root = etree.parse(str(path)).getroot()
    names: dict[str, str] = {}
    withdrawn: set[str] = set()
    for item in root.iter("codelist-item"):
        code = (item.findtext("code") or "").strip()
        if not code:
            continue
        names[code] = " ".join((item.findtext("name/narrative") or "").split())
        if item.get("status") == "withdrawn":
            withdrawn.add(code)
    return Codelist(name, names, frozenset(withdrawn), f"IATI codelist {name} ({path.name})")


@cache
def load_catalogue(name: str) -> tuple[dict[str, str], ...]:
    """Load one of cpfkit's own catalogues (``reference/codelists/cpfkit/<name>.csv``) as rows."""
    with (_HERE / "cpfkit" / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return tuple(dict(row) for row in csv.DictReader(fh))


@cache
def sector_names(language: str) -> dict[tuple[str, str], str]:
    """The names of sectors in a language (``ru``, ``kk``), by vocabulary and code: ``sector_names.csv``.

    cpfkit's translation of the IATI Sector names (OECD DAC purpose codes, vocabulary ``1``) that its
    programmes use; a code or a language the file does not hold has no name here.
    """
    column = f"name_{language}"
    return {(r["vocabulary"], r["code"]): r[column] for r in load_catalogue("sector_names") if r.get(column)}
