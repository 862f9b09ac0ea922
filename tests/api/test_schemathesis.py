"""Schemathesis against the OpenAPI document, in process: no operation answers with a server error.

Requests are made as an administrator (so the writes are exercised, not just refused), on the demo
programme, with a few generated examples per operation to keep the suite quick.  A longer run (every
phase: examples, coverage, fuzzing) is ``pytest tests/api/test_schemathesis.py`` with
``CPFKIT_FUZZ_EXAMPLES=50``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error

from cpfkit import services
from cpfkit.api.app import create_app
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.store.audit import Actor
from cpfkit.workplace import accounts
from cpfkit.workplace.roles import Role
from tests.conftest import DEMO

_TOKEN: dict[str, str] = {}


@pytest.fixture(scope="module")
def _store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(f"sqlite:///{Path(tmp_path_factory.mktemp('fuzz')) / 'cpfkit.db'}")
    store.migrate()
    services.load_folders(store, [DEMO])
    actor = Actor("test setup", via="cli")
    accounts.add_user(store, accounts.UserCreate(name="root", role=Role.ADMIN, password="steppe-falcon-42"), actor)
    _TOKEN["root"] = accounts.create_token(store, "root", "fuzz", actor)[0]
    yield store
    store.dispose()


@pytest.fixture
def api_schema(_store: Store) -> Any:
    app = create_app(_store, Settings(cookie_secure="false", demo_users=False))
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


_EXAMPLES = int(os.environ.get("CPFKIT_FUZZ_EXAMPLES", "0"))


@schema.parametrize()
@settings(
    max_examples=_EXAMPLES or 3,
    phases=list(Phase) if _EXAMPLES else [Phase.generate],
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=not _EXAMPLES,
)
def test_no_operation_answers_with_a_server_error(case: Any) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {_TOKEN['root']}"}, checks=[not_a_server_error])
