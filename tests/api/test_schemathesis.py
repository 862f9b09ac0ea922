"""Schemathesis against the OpenAPI document, in process: every answer is what the document says it is.

Requests are made as an administrator (so the writes are exercised, not just refused), on the demo
programme.  Each answer is checked for

* no server error (no 5xx),
* a status the operation documents, a media type it documents for that status (errors are
  ``application/problem+json``), the headers it documents (``Retry-After`` on 429 and 503),
* a body that validates against the documented schema (response-schema conformance).

Two phases: every operation alone (:data:`EXAMPLES` generated examples each, after the boundary and
negative cases schemathesis derives from the document), and the stateful phase, where Hypothesis
chains operations along the document's links (create a record, read it, change it with its ``ETag``
as ``If-Match``, delete it, restore it).  The stateful test asserts that it followed links to
successful answers, so it cannot pass by never getting past a 404.

The operations are checked in groups (:data:`GROUPS`), one test each on a database of its own, so
that the test runners share them out; a test checks that the groups cover every operation of the
document once.

A longer run: ``CPFKIT_FUZZ_EXAMPLES=200 pytest tests/api/test_schemathesis.py``.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cpfkit.api.app import create_app
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.store.audit import Actor
from cpfkit.workplace import accounts
from cpfkit.workplace.roles import Role
from tests.apps import app_on
from tests.conftest import copy_template, with_the_demo

_TOKEN: dict[str, str] = {}
_FUZZ = int(os.environ.get("CPFKIT_FUZZ_EXAMPLES", "0"))
EXAMPLES = _FUZZ or 8
"""Generated examples per operation (the suite's default keeps the file near a minute of CPU)."""
STATEFUL_SCENARIOS = _FUZZ or 15
RECORDS = (
    r"^/api/(priority-areas|objectives|indicators|measurements|projects|transactions|ratings|sort-ratings|risks)(/|$)"
)
"""The record resources, whose routes the document links (list, create, read, change, delete, restore)."""
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _demo_with_an_admin(folder: Path, request: pytest.FixtureRequest) -> tuple[Store, str]:
    """A new database with the demo programme and an administrator; the administrator's API token."""
    url = f"sqlite:///{folder / 'cpfkit.db'}"
    copy_template(request, url, "demo", with_the_demo)
    store = Store(url)
    actor = Actor("test setup", via="cli")
    accounts.add_user(store, accounts.UserCreate(name="root", role=Role.ADMIN, password="steppe-falcon-42"), actor)
    return store, accounts.create_token(store, "root", "fuzz", actor)[0]


GROUPS = {
    "programme_reads": r"^/api/programmes/\{programme_id\}(/(projects|envelope|completion|results))?$",
    "programme_computations": (
        r"^/api/programmes/\{programme_id\}/(reports|simulation|scenarios|portfolio|risks|periods)"
    ),
    "programme_plan": r"^/api/programmes/\{programme_id\}/plan",
    "operation_reads": r"^/api/projects/\{project_id\}(/appraisal)?$",
    "programmes": r"^/api/programmes(/\{record_id\}(/restore)?)?$",
    "priority_areas": r"^/api/priority-areas(/|$)",
    "objectives": r"^/api/objectives(/|$)",
    "indicators": r"^/api/indicators(/|$)",
    "measurements": r"^/api/measurements(/|$)",
    "projects": r"^/api/projects(/\{record_id\}(/restore)?)?$",
    "transactions": r"^/api/transactions(/|$)",
    "ratings": r"^/api/ratings(/|$)",
    "sort_ratings": r"^/api/sort-ratings(/|$)",
    "risks": r"^/api/risks(/|$)",
    "team": r"^/api/(auth|users|audit|health)(/|$)",
}
"""The operations in groups, by path: each group is a test of its own, on a database of its own.

A test checks that every operation of the document is in exactly one group.
"""


def _app_settings() -> Settings:
    # Small ceilings: a generated request may ask for the most runs it is allowed, many times over.
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        cookie_secure="false",
        demo_users=False,
        simulation_runs_anonymous=500,
        simulation_runs_signed_in=2_000,
        plan_seconds_anonymous=5,  # the signed-in ceiling is never below the anonymous one (60 s by default)
        plan_seconds_signed_in=5,
    )


@pytest.fixture(params=list(GROUPS))
def api_schema(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """The operations of one group, answered in process by an application on a database of the test's own."""
    store, _TOKEN["root"] = _demo_with_an_admin(tmp_path, request)
    app = app_on(store, _app_settings())
    document = TestClient(app).get("/api/openapi.json").json()
    document["paths"] = {
        path: item for path, item in document["paths"].items() if re.search(GROUPS[request.param], path)
    }
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = app  # as schemathesis.openapi.from_asgi leaves it: requests go to the application in process
    yield loaded
    store.dispose()


schema = schemathesis.pytest.from_fixture("api_schema")

# Schemathesis gives up on an answer after 10 s; on a loaded two-core machine a slow answer is not a
# wrong one (speed is measured in benchmarks/), so the conformance checks wait as long as it takes.
_PATIENCE_SECONDS = 300


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    phases=list(Phase) if _FUZZ else [Phase.explicit, Phase.generate],
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=not _FUZZ,
)
def test_every_answer_is_what_the_document_says(case: Any) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {_TOKEN['root']}"}, checks=CHECKS, timeout=_PATIENCE_SECONDS
    )


def test_the_groups_hold_every_operation_once(sqlite_store: Store) -> None:
    document = TestClient(create_app(sqlite_store, _app_settings())).get("/api/openapi.json").json()
    operations = [
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "put", "post", "patch", "delete", "head", "options")
    ]
    assert len(operations) > 80
    for method, path in operations:
        owners = [name for name, regex in GROUPS.items() if re.search(regex, path)]
        assert len(owners) == 1, f"{method} {path} is in {owners or 'no group'}"


def test_chained_operations_follow_the_links_and_conform(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    store, token = _demo_with_an_admin(tmp_path, request)  # its own records: the tests above delete some
    api_schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(store, _app_settings()))
    followed: Counter[tuple[str, int]] = Counter()

    # Only the linked resources: with every operation as a possible first step, chains rarely get going.
    class Workflow(api_schema.include(path_regex=RECORDS).as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": {"Authorization": f"Bearer {token}"}, "timeout": _PATIENCE_SECONDS}

        def step(self, input: Any) -> Any:
            output = super().step(input)
            if input.transition is not None and input.is_applied:
                # The transition's id reads "GET /api/things -> [200] ReadTheRecord -> GET /api/things/{record_id}".
                link = input.transition.id.split(" -> ")[1].split("] ", 1)[1]
                followed[(link, output.response.status_code // 100)] += 1
            return output

        def validate_response(self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS)

    Workflow.run(
        settings=settings(
            max_examples=STATEFUL_SCENARIOS,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=not _FUZZ,
        )
    )
    store.dispose()
    ours = {"ReadTheRecord", "ChangeTheRecord", "DeleteTheRecord", "RestoreTheRecord"}
    succeeded = {link for (link, kind), n in followed.items() if kind == 2 and n and link in ours}
    # The document's own links were followed with the values they name and led to a record (not only to
    # 404s from made-up ids): the stateful phase reached past the first request.
    assert succeeded, followed
