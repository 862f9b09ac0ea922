"""The demo programme's team, signed in to the pages with session cookies (as a browser is)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from cpfkit.store import Store
from tests.api.conftest import PASSWORD, Team, make_team


@pytest.fixture
def team(demo_store: Store) -> Team:
    return make_team(demo_store)


def signed_in(team: Team, name: str) -> TestClient:
    """A browser-like client signed in as ``name`` (session cookie; forms carry its CSRF token)."""
    client = team.client()
    response = client.post("/api/auth/login", json={"name": name, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return client


def form_value(html: str, name: str) -> str:
    """The value of the first input called ``name`` in a page."""
    found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    assert found, f"no input {name}"
    return found.group(1)


def chart(html: str, name: str) -> dict:  # type: ignore[type-arg]
    """The Plotly specification of a chart of the page (and check its placeholder is there)."""
    import json

    assert '<div class="chart' in html and f'data-chart="{name}"' in html
    found = re.search(rf'<script type="application/json" id="{name}">(.*?)</script>', html, re.S)
    assert found, f"no figure {name}"
    spec: dict = json.loads(found.group(1).replace("<\\/", "</"))  # type: ignore[type-arg]
    return spec
