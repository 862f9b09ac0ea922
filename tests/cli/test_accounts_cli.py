"""Accounts at the command line: users, passwords never on the command line, API tokens, the demo accounts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cpfkit.api.app import create_app
from cpfkit.cli import app
from cpfkit.cli.data import sign_in_hints
from cpfkit.errors import NotAuthenticated
from cpfkit.services import programmes as services
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.workplace import accounts

runner = CliRunner()


def run(store: Store, *args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store.url, *args], env=env, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_user_add_list_and_set(demo_store: Store, tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("a-long-password\n")
    code, out, err = run(
        demo_store, "user", "add", "ana", "--role", "editor", "--programme", "xx-demo", "--password-file", str(secret)
    )
    assert code == 0, err
    assert "a-long-password" not in out + err
    assert "ana created: editor of xx-demo" in out
    code, out, _ = run(
        demo_store, "user", "add", "bo", "--role", "viewer", env={"CPFKIT_USER_PASSWORD": "from-the-env"}
    )
    assert code == 0
    code, out, _ = run(demo_store, "user", "add", "cy", stdin="typed-secret\ntyped-secret\n")
    assert code == 0 and "typed-secret" not in out
    code, out, _ = run(demo_store, "user", "list", "--json")
    users = {u["name"]: u for u in json.loads(out)}
    assert users["ana"]["programmes"] == ["xx-demo"] and users["bo"]["role"] == "viewer" and "password" not in out
    code, out, _ = run(demo_store, "user", "set", "ana", "--inactive", "--json")
    assert code == 0 and json.loads(out)["active"] is False
    settings = Settings()
    with pytest.raises(NotAuthenticated):
        accounts.sign_in(demo_store, "ana", "a-long-password", "127.0.0.1", settings)
    assert accounts.sign_in(demo_store, "cy", "typed-secret", "127.0.0.1", settings).principal.name == "cy"


def test_user_errors_name_the_field(demo_store: Store) -> None:
    code, _, err = run(demo_store, "user", "add", "dee", env={"CPFKIT_USER_PASSWORD": "short"})
    assert code == 1 and "field password" in err and "at least 12" in err
    code, _, err = run(
        demo_store, "user", "add", "dee", "--programme", "nope", env={"CPFKIT_USER_PASSWORD": "steppe-falcon-42"}
    )
    assert code == 1 and "field programmes.0: no programme 'nope'" in err
    code, _, err = run(demo_store, "user", "add", "Not A Name", env={"CPFKIT_USER_PASSWORD": "steppe-falcon-42"})
    assert code == 1 and "name" in err


def test_tokens_from_the_command_line(demo_store: Store) -> None:
    run(
        demo_store,
        "user",
        "add",
        "ci",
        "--role",
        "editor",
        "--programme",
        "xx-demo",
        env={"CPFKIT_USER_PASSWORD": "steppe-falcon-42"},
    )
    code, out, _ = run(demo_store, "token", "create", "ci", "--name", "nightly", "--days", "7", "--json")
    assert code == 0
    made = json.loads(out)
    client = TestClient(create_app(demo_store, Settings(demo_users=False)))
    assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {made['token']}"}).json()["name"] == "ci"
    code, out, _ = run(demo_store, "token", "list", "--json")
    [listed] = json.loads(out)
    assert listed["name"] == "nightly" and "token" not in listed and made["token"] not in out
    code, out, _ = run(demo_store, "token", "revoke", str(made["id"]))
    assert code == 0 and "revoked" in out
    assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {made['token']}"}).status_code == 401


def test_init_makes_the_demo_accounts_on_a_new_database_only(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    result = runner.invoke(app, ["--db", url, "init", "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["demo_users"] == ["admin", "editor", "viewer"]
    again = runner.invoke(app, ["--db", url, "init", "--json"])
    assert json.loads(again.stdout)["demo_users"] == []
    store = Store(url)
    users = {u.name: u for u in accounts.list_users(store)}
    assert users["editor"].programmes == ["kz-2026-2031"]  # the active programme
    hints = "\n".join(sign_in_hints(store, "http://127.0.0.1:8000"))
    assert "http://127.0.0.1:8000/login" in hints and "admin (admin)" in hints and "cpfkit-demo" in hints
    signed = accounts.sign_in(store, "viewer", "cpfkit-demo", "127.0.0.1", Settings())
    assert signed.principal.role.value == "viewer"
    store.dispose()
    quiet = Store(f"sqlite:///{tmp_path / 'quiet.db'}")
    assert services.init_store(quiet, autoload=False, settings=Settings(demo_users=False)).demo_users == ()
    assert accounts.list_users(quiet) == []
    quiet.dispose()
