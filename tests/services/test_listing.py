"""The list of programmes reads a few columns without the ORM; its figures are those of the loaded programmes."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cpfkit import clock
from cpfkit.reference import load_fx
from cpfkit.services import programmes as services
from cpfkit.services.listing import listed_programmes, programme_summaries, summary_of_data
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.store.repository import load_programme_data, programme_ids


@pytest.mark.parametrize("day", ["2019-01-01", "2022-03-15", "2026-11-02", "2033-01-01"])
def test_the_listing_has_the_figures_of_the_loaded_programmes(embedded_store: Store, day: str) -> None:
    """Read on a plain connection or from the loaded programme, each figure is the same, on any day."""
    fx = load_fx()
    with clock.pin(datetime.fromisoformat(day).replace(tzinfo=UTC)):
        listed = programme_summaries(embedded_store.engine, fx)
        with embedded_store.reader() as session:
            loaded = [summary_of_data(load_programme_data(session, pid), fx) for pid in programme_ids(session)]
    assert [s.id for s in listed] == ["kz-2020-2025", "kz-2026-2031"]
    assert [dataclasses.asdict(s) for s in listed] == [dataclasses.asdict(s) for s in loaded]


def test_the_figures_compared_are_not_empty(embedded_store: Store, frozen_clock: datetime) -> None:
    """Both programmes have operations and commitments; one has an envelope and carried-over operations."""
    listed = {s.id: s for s in programme_summaries(embedded_store.engine, load_fx())}
    assert all(s.own_operations > 0 and s.own_commitments_usd > 0 for s in listed.values())
    assert listed["kz-2026-2031"].envelope_usd is not None
    assert listed["kz-2026-2031"].carried_count > 0
    assert listed["kz-2026-2031"].pipeline_count > 0
    assert listed["kz-2020-2025"].envelope_usd is None


def test_the_service_lists_what_the_listing_reads(embedded_store: Store) -> None:
    assert services.programmes(embedded_store) == programme_summaries(embedded_store.engine, load_fx())


def test_a_database_to_prepare_is_left_to_the_store(tmp_path: Path) -> None:
    """A new database (not migrated) or an empty one the embedded programmes load into is not listed here."""
    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert listed_programmes(url, Settings(autoload=True)) is None
    store = services.open_store(url, prepare=False)
    store.migrate()
    store.dispose()
    assert listed_programmes(url, Settings(autoload=True)) is None  # empty: the store loads the embedded ones
    assert listed_programmes(url, Settings(autoload=False)) == []
    assert listed_programmes(f"sqlite:///{tmp_path / 'no-such-folder' / 'x' / '..'}", Settings()) is None
