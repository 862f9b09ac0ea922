"""A team on the demo programme: an administrator, its editor, a viewer and an editor of nothing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.store.audit import Actor
from cpfkit.workplace import accounts
from cpfkit.workplace.roles import Role
from tests.apps import app_on

PASSWORD = "correct-horse-1"
SETUP = Actor("test setup", via="cli")


@dataclass
class Team:
    store: Store
    app: FastAPI
    tokens: dict[str, str]

    def client(self, who: str | None = None, **kwargs: object) -> TestClient:
        """A client acting as one member of the team (by API token), or anonymous."""
        client = TestClient(self.app, **kwargs)  # type: ignore[arg-type]
        if who is not None:
            client.headers["Authorization"] = f"Bearer {self.tokens[who]}"
        return client


def make_team(store: Store, settings: Settings | None = None) -> Team:
    members = {
        "boss": (Role.ADMIN, []),
        "ed": (Role.EDITOR, ["xx-demo"]),
        "val": (Role.VIEWER, []),
        "other": (Role.EDITOR, []),
    }
    tokens = {}
    for name, (role, programmes) in members.items():
        accounts.add_user(
            store, accounts.UserCreate(name=name, role=role, password=PASSWORD, programmes=programmes), SETUP
        )
        tokens[name] = accounts.create_token(store, name, "tests", SETUP)[0]
    app = app_on(store, settings or Settings(cookie_secure="false", demo_users=False))
    return Team(store, app, tokens)


@pytest.fixture
def team(demo_store: Store) -> Team:
    return make_team(demo_store)
