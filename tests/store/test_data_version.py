"""The data version: every committed change to programme data moves it on, and nothing else does."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from cpfkit import services
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.store.audit import Actor
from cpfkit.store.records import resource
from cpfkit.store.tables import ProjectRow
from cpfkit.store.tables_workplace import current_data_version
from cpfkit.workplace import accounts, editing
from cpfkit.workplace.roles import Role, cli_principal
from tests.conftest import DEMO


def _version(store: Store) -> int:
    with store.reader() as session:
        return current_data_version(session)


def test_changes_move_the_data_version_on_and_sign_ins_do_not(empty_store: Store) -> None:
    assert _version(empty_store) == 0
    services.load_folders(empty_store, [DEMO])
    assert _version(empty_store) == 1
    accounts.add_user(
        empty_store, accounts.UserCreate(name="ann", role=Role.ADMIN, password="steppe-falcon-42"), Actor("t")
    )
    accounts.sign_in(empty_store, "ann", "steppe-falcon-42", "127.0.0.1", Settings())
    assert _version(empty_store) == 1
    res = resource("projects")
    editing.update(empty_store, res, "P1", res.update_schema(name="Renamed"), 1, cli_principal("t"))
    assert _version(empty_store) == 2
    with empty_store.transaction() as session:  # a bulk statement counts too
        session.execute(update(ProjectRow).where(ProjectRow.id == "P2").values(name="Bulk"))
    assert _version(empty_store) == 3

    def change_then_fail() -> None:
        with empty_store.transaction() as session:
            session.execute(update(ProjectRow).where(ProjectRow.id == "P2").values(name="Rolled back"))
            raise RuntimeError("abort")

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert _version(empty_store) == 3
