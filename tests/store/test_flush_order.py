"""The order in which one flush writes rows of different tables follows every foreign key.

SQLAlchemy's unit of work orders the tables of one flush by the ``relationship()`` between their
mappers, not by the foreign keys of the tables: two mappers with no relationship are written in the
order of their classes' dotted names, so a row could reach the database before the row it refers to
(and a move of a class to another module changes that order).  Each foreign key between two tables
has a relationship, on either side, and the checks below ask the unit of work itself, for each foreign
key, which table it writes first.  A table that refers to itself is left out: its rows are written in
the order they were added, and the API tokens, the only such table, refer to tokens already stored.

The last check imports World Bank records in a fresh interpreter that loaded only the modules the import
itself needs, which is how a command runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import ForeignKeyConstraint, create_engine
from sqlalchemy.orm import Mapper, Session, configure_mappers, make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state
from sqlalchemy.orm.unitofwork import UOWTransaction
from sqlalchemy.util import topological

from cpfkit.store import Store
from cpfkit.store.schema import Base
from tests.conftest import DATA

WB_SAMPLE = DATA / "wb-projects" / "world_bank_projects_less.json"


def _mappers() -> dict[Any, Mapper[Any]]:
    configure_mappers()
    return {mapper.local_table: mapper for mapper in Base.registry.mappers}


def _foreign_keys() -> Iterator[ForeignKeyConstraint]:
    for table in Base.metadata.sorted_tables:
        for constraint in sorted(table.foreign_key_constraints, key=lambda c: c.name or ""):
            if constraint.referred_table is not table:
                yield constraint


FOREIGN_KEYS = list(_foreign_keys())


def _key_id(constraint: ForeignKeyConstraint) -> str:
    columns = ",".join(column.name for column in constraint.columns)
    return f"{constraint.table.name}.{columns}->{constraint.referred_table.name}"


@pytest.fixture(scope="module")
def session() -> Iterator[Session]:
    """A session on an empty database of every table: the unit of work may read collections it cascades to."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


def _planned(session: Session, objects: list[Any], *, delete: bool) -> list[Mapper[Any]]:
    """The mappers in the order a flush of OBJECTS (inserted, or deleted) writes them, as the unit of work plans it."""
    uow = UOWTransaction(session)
    for obj in objects:
        uow.register_object(instance_state(obj), isdelete=delete)
    actions = sorted(uow._generate_actions(), key=lambda action: action.sort_key)
    kinds = {"DeleteAll", "DeleteState"} if delete else {"SaveUpdateAll", "SaveUpdateState"}
    return [
        action.mapper
        for action in topological.sort(uow.dependencies, actions)
        if type(action).__name__.lstrip("_") in kinds  # the unit of work's per-table and per-row writes
    ]


def _new(mapper: Mapper[Any], session: Session, *, stored: bool) -> Any:
    obj = mapper.class_manager.new_instance()
    if stored:  # a row read earlier, every column loaded: the flush deletes it
        keys = {mapper.get_property_by_column(column).key: n for n, column in enumerate(mapper.primary_key, start=1)}
        for attr in mapper.column_attrs:
            setattr(obj, attr.key, keys.get(attr.key))
        make_transient_to_detached(obj)
    session.add(obj)
    return obj


def test_every_foreign_key_between_two_mapped_tables_is_checked() -> None:
    mappers = _mappers()
    assert len(FOREIGN_KEYS) >= 40
    assert all(c.table in mappers and c.referred_table in mappers for c in FOREIGN_KEYS)
    assert "wb_projects.project_id->projects" in {_key_id(c) for c in FOREIGN_KEYS}


@pytest.mark.parametrize("constraint", FOREIGN_KEYS, ids=_key_id)
def test_a_flush_inserts_the_referred_row_first_and_deletes_it_last(
    constraint: ForeignKeyConstraint, session: Session
) -> None:
    mappers = _mappers()
    parent, child = mappers[constraint.referred_table], mappers[constraint.table]
    try:
        # the child added first: the order of adding must not matter
        objects = [_new(child, session, stored=False), _new(parent, session, stored=False)]
        inserts = _planned(session, objects, delete=False)
        assert inserts.index(parent) < inserts.index(child), "inserted before the row it refers to"
    finally:
        session.expunge_all()
    try:
        objects = [_new(parent, session, stored=True), _new(child, session, stored=True)]
        deletes = _planned(session, objects, delete=True)
        assert deletes.index(child) < deletes.index(parent), "deleted after the row it refers to"
    finally:
        session.expunge_all()


def test_world_bank_records_import_in_a_fresh_process_that_loaded_only_their_modules(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cpfkit.db'}"
    store = Store(url)
    store.migrate()
    store.dispose()
    script = textwrap.dedent(
        f"""
        import json, sys
        from pathlib import Path
        from cpfkit.services.interchange.wb_projects import import_wb_projects
        from cpfkit.store import Store

        store = Store({url!r})
        report = import_wb_projects(store, [Path({str(WB_SAMPLE)!r})]).to_json()
        loaded = sorted(m for m in sys.modules if m.startswith("cpfkit.store.tables") or m == "cpfkit.store.schema")
        print(json.dumps({{"stored": report["projects"]["stored"], "loaded": loaded}}))
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["stored"] == 2
    assert "cpfkit.store.schema" not in result["loaded"]  # the import ran with the lazily mapped tables only
    assert "cpfkit.store.tables_iati" in result["loaded"]
