"""Expensive computations: ceilings for anonymous and signed-in callers, and a few at once per process.

The slots are held by the test itself (``app.state.compute.hold()``), so "the server is busy" is a
state the test sets, not a race between threads.
"""

from __future__ import annotations

from contextlib import ExitStack
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

from cpfkit.api.compute import RETRY_AFTER_SECONDS, Busy, ComputeSlots, runs_ceiling
from cpfkit.model.plan import PlanConstraints
from cpfkit.services import planning as services_plan
from cpfkit.services import programmes as services
from cpfkit.settings import Settings
from cpfkit.store import Store
from tests.api.conftest import Team, make_team
from tests.conftest import DEMO
from tests.helpers import snapshot

SIM = "/api/programmes/xx-demo/simulation"
PLAN = "/api/programmes/xx-demo/plan"


@pytest.fixture
def team(sqlite_store: Store, frozen_clock: datetime) -> Team:
    services.load_folders(sqlite_store, [DEMO])
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        cookie_secure="false",
        demo_users=False,
        simulation_runs_anonymous=100,
        simulation_runs_signed_in=400,
        plan_seconds_anonymous=5,
        plan_seconds_signed_in=30,
        compute_slots=2,
    )
    return make_team(sqlite_store, settings)


def _data(team: Team) -> dict[str, object]:
    """Every table but the tokens' (whose last use a request records)."""
    return {k: v for k, v in snapshot(team.store).items() if k != "api_tokens"}


def busy(team: Team) -> ExitStack:
    """Every compute slot of the team's server, taken."""
    stack = ExitStack()
    slots: ComputeSlots = team.app.state.compute
    for _ in range(slots.size):
        stack.enter_context(slots.hold())
    return stack


def test_the_default_anonymous_ceiling_allows_the_default_run() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert runs_ceiling(settings, signed_in=False) == services.DEFAULT_RUNS == 20_000
    assert runs_ceiling(settings, signed_in=True) == 200_000


def test_runs_above_the_anonymous_ceiling_need_an_account(team: Team) -> None:
    anonymous, viewer = team.client(), team.client("val")
    assert anonymous.get(SIM, params={"runs": 100, "seed": 1}).status_code == 200
    refused = anonymous.get(SIM, params={"runs": 101, "seed": 1})
    assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["field"] == "runs"
    assert "at most 100 Monte Carlo runs without an account, not 101; sign in for up to 400" in refused.json()["detail"]
    assert viewer.get(SIM, params={"runs": 101, "seed": 1}).json()["runs"] == 101
    over = viewer.get(SIM, params={"runs": 401, "seed": 1})
    assert over.status_code == 422 and "at most 400 Monte Carlo runs per request, not 401" in over.json()["detail"]
    assert "sign in" not in over.json()["detail"]


def test_the_simulation_report_page_keeps_the_same_ceiling(team: Team) -> None:
    page = "/programmes/xx-demo/reports/simulation.html"
    assert team.client().get(page, params={"runs": 101}).status_code == 422
    assert team.client("val").get(page, params={"runs": 101}).status_code == 200


def test_a_longer_solver_time_limit_needs_an_account(team: Team) -> None:
    asked = {"solver": {"time_limit_seconds": 6}}
    refused = team.client().post(PLAN, json=asked, params={"marginals": "false"})
    assert refused.status_code == 422
    assert refused.json()["field"] == "solver.time_limit_seconds"
    assert "at most 5 seconds without an account, not 6; sign in for up to 30" in refused.json()["detail"]
    assert team.client("val").post(PLAN, json=asked, params={"marginals": "false"}).status_code == 200
    too_long = team.client("val").post(PLAN, json={"solver": {"time_limit_seconds": 31}})
    assert too_long.status_code == 422 and too_long.json()["field"] == "solver.time_limit_seconds"


def test_a_plan_without_a_time_limit_gets_the_callers_ceiling(team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    given: list[Decimal] = []
    real = services_plan.plan

    def spy(store: Store, programme_id: str, constraints: PlanConstraints, **kwargs: Any) -> Any:
        given.append(constraints.solver.time_limit_seconds)
        return real(store, programme_id, constraints, **kwargs)

    monkeypatch.setattr(services_plan, "plan", spy)
    assert team.client().post(PLAN, json={"envelope_per_fy_usd": None}).status_code == 200
    assert team.client("val").post(PLAN).status_code == 200
    assert team.client("val").post(PLAN, json={"solver": {"time_limit_seconds": 12}}).status_code == 200
    assert given == [5, 30, 12]  # the model's default (60) is above both ceilings of this server


def test_slots_refuse_the_one_too_many_and_free_on_release() -> None:
    slots = ComputeSlots(2)
    with slots.hold(), slots.hold():
        with pytest.raises(Busy) as caught, slots.hold():
            pass
        assert caught.value.retry_after == RETRY_AFTER_SECONDS
    assert slots.run(lambda: 42) == 42  # both released
    with pytest.raises(ZeroDivisionError), slots.hold():
        _ = 1 / 0
    with slots.hold(), slots.hold():  # a failing computation gave its slot back too
        pass


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("get", SIM, {"params": {"runs": 50}}),
        ("post", PLAN, {"json": {}}),
        ("get", "/api/programmes/xx-demo/reports/plr", {"params": {"format": "pdf"}}),
    ],
)
def test_the_api_answers_429_with_retry_after_while_every_slot_is_taken(
    team: Team, method: str, path: str, kwargs: dict[str, object]
) -> None:
    client = team.client("val")
    before = _data(team)
    with busy(team):
        refused = getattr(client, method)(path, **kwargs)
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    assert "already running 2 long computations" in refused.json()["detail"]
    assert getattr(client, method)(path, **kwargs).status_code == 200  # free again
    assert _data(team) == before


@pytest.mark.parametrize(
    "path",
    [
        "/programmes/xx-demo/risk",
        "/programmes/xx-demo/plan",
        "/programmes/xx-demo/reports/plr.pdf",
        "/programmes/xx-demo/reports/plan.html",
        "/programmes/xx-demo/reports/simulation.html?runs=50",
    ],
)
def test_pages_answer_a_busy_page_and_then_the_figures(team: Team, path: str) -> None:
    client = team.client()
    with busy(team):
        refused = client.get(path)
    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("text/html")
    assert refused.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    assert "The server is busy with other long computations" in refused.text
    assert f'href="{path.replace("&", "&amp;")}"' in refused.text  # the way back to the page asked for
    assert client.get(path).status_code == 200


def test_the_busy_page_speaks_the_readers_language(team: Team) -> None:
    with busy(team):
        refused = team.client().get("/programmes/xx-demo/risk", params={"lang": "ru"})
    assert refused.status_code == 429
    assert "The server is busy" not in refused.text
    assert "Сервер занят" in refused.text


def test_figures_already_computed_need_no_slot(team: Team) -> None:
    client = team.client()
    assert client.get("/programmes/xx-demo/risk").status_code == 200  # computes the fan chart once
    with busy(team):
        assert client.get("/programmes/xx-demo/risk").status_code == 200  # kept until the data changes
