"""Text search (``q=``) takes every character literally: ``%`` and ``_`` are not wildcards, on either database."""

from __future__ import annotations

from cpfkit.store.records import resource
from cpfkit.store.records.programmes import ProgrammeFilters
from cpfkit.workplace import editing
from tests.api.conftest import Team

_NAMES = {
    "P10": "Roads 10% faster",
    "P11": "Roads 100 ahead",
    "P12": "Water_2 pumps",
    "P13": "Water 22 pumps",
    "P14": "Grid a/b split",
}


def _add(team: Team) -> None:
    client = team.client("ed")
    for pid, name in _NAMES.items():
        body = {
            "id": pid,
            "programme": "xx-demo",
            "name": name,
            "country": "KZ",
            "institution": "IBRD",
            "instrument": "IPF",
            "status": "pipeline",
            "source": "test",
        }
        assert client.post("/api/projects", json=body).status_code == 201


def _found(team: Team, q: str) -> set[str]:
    response = team.client("val").get("/api/projects", params={"q": q, "limit": 1000})
    assert response.status_code == 200, response.text
    return {p["id"] for p in response.json()} & set(_NAMES)


def test_percent_and_underscore_match_themselves(team: Team) -> None:
    _add(team)
    assert _found(team, "10%") == {"P10"}  # a wildcard would also find "100 ahead"
    assert _found(team, "%") == {"P10"}
    assert _found(team, "r_2") == {"P12"}  # a wildcard would also find "Water 22"
    assert _found(team, "_") == {"P12"}
    assert _found(team, "a/b") == {"P14"}  # the escape character itself
    assert _found(team, "/") == {"P14"}
    assert _found(team, "ROADS") == {"P10", "P11"}  # still without regard to case
    assert _found(team, "roads 10") == {"P10", "P11"}


def test_the_programme_list_matches_literally_too(team: Team) -> None:
    res = resource("programmes")
    found, total = editing.list_records(team.store, res, ProgrammeFilters(q="_"))
    assert (found, total) == ([], 0)  # "xx-demo" has no underscore; a wildcard would match every programme
    found, total = editing.list_records(team.store, res, ProgrammeFilters(q="XX-"))
    assert [p.id for p in found] == ["xx-demo"]  # type: ignore[attr-defined]
    assert team.client("val").get("/api/programmes", params={"q": "%"}).json() == []
