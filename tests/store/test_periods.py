"""The closed period is kept at every commit, on SQLite and PostgreSQL, whatever statement wrote the values."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, text

from cpfkit.errors import Conflict, DataError, PeriodClosed
from cpfkit.store import Store, periods
from cpfkit.store.tables_framework import IndicatorRow, MeasurementRow

AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
TODAY = date(2026, 12, 1)


def _close(store: Store, until: date = date(2026, 6, 30)) -> None:
    with store.transaction() as session:
        periods.close_period(session, "xx-demo", until, "FY26 reported", "boss", AT, today=TODAY)


def _ids(store: Store) -> tuple[int, int]:
    """The id of I1 and of its measurement for P1 on 2026-06-30 (inside the period)."""
    with store.reader() as session:
        indicator = session.scalar(select(IndicatorRow.id).where(IndicatorRow.code == "I1"))
        inside = session.scalar(
            select(MeasurementRow.id).where(
                MeasurementRow.indicator_id == indicator, MeasurementRow.date == date(2026, 6, 30)
            )
        )
    assert indicator is not None and inside is not None
    return indicator, inside


def _write(store: Store, *statements: tuple[str, dict[str, object]]) -> None:
    with store.transaction() as session:
        for sql, params in statements:
            session.execute(text(sql), params)


def _add(store: Store, row: MeasurementRow) -> None:
    with store.transaction() as session:
        session.add(row)


def test_plain_sql_into_the_period_is_refused_and_nothing_is_written(demo_store: Store) -> None:
    _close(demo_store)
    indicator, inside = _ids(demo_store)
    with pytest.raises(PeriodClosed) as refused:
        _write(
            demo_store,
            ("UPDATE measurements SET value = 151 WHERE id = :id", {"id": inside}),
            ("UPDATE programmes SET title = 'renamed' WHERE id = 'xx-demo'", {}),
        )
    assert refused.value.until == "2026-06-30" and refused.value.closed_by == "boss"
    assert "closed by boss on 2026-12-01 09:30 UTC: FY26 reported" in str(refused.value)
    with demo_store.reader() as session:
        assert session.scalar(select(MeasurementRow.value).where(MeasurementRow.id == inside)) == 150
        assert session.scalar(text("SELECT title FROM programmes WHERE id = 'xx-demo'")) != "renamed"
    with pytest.raises(PeriodClosed):
        _write(demo_store, ("DELETE FROM measurements WHERE id = :id", {"id": inside}))
    with pytest.raises(PeriodClosed):
        _add(
            demo_store,
            MeasurementRow(indicator_id=indicator, project_id="P2", date=date(2026, 1, 1), value=1, source="s"),
        )


def test_values_after_the_period_and_texts_inside_it_may_change(demo_store: Store) -> None:
    _close(demo_store)
    _, inside = _ids(demo_store)
    with demo_store.transaction() as session:
        session.execute(text("UPDATE measurements SET note = 'checked' WHERE id = :id"), {"id": inside})
        session.execute(text("UPDATE transactions SET amount = 51 WHERE date = :d"), {"d": date(2026, 9, 15)})
    with demo_store.transaction() as session:
        periods.reopen_period(session, "xx-demo", "a correction", "boss", AT)
    with demo_store.transaction() as session:
        session.execute(text("UPDATE measurements SET value = 151 WHERE id = :id"), {"id": inside})
    with demo_store.reader() as session:
        assert session.scalar(select(MeasurementRow.value).where(MeasurementRow.id == inside)) == 151


def test_closing_needs_a_reason_a_past_day_and_a_later_day_than_the_close_in_force(demo_store: Store) -> None:
    with pytest.raises(DataError, match="reason"), demo_store.transaction() as session:
        periods.close_period(session, "xx-demo", date(2026, 6, 30), "  ", "boss", AT, today=TODAY)
    with pytest.raises(DataError, match="has not passed"), demo_store.transaction() as session:
        periods.close_period(session, "xx-demo", date(2026, 12, 2), "early", "boss", AT, today=TODAY)
    _close(demo_store)
    with pytest.raises(Conflict, match="only moves forward"), demo_store.transaction() as session:
        periods.close_period(session, "xx-demo", date(2026, 6, 30), "again", "boss", AT, today=TODAY)
    with demo_store.reader() as session:
        assert [c.until for c in periods.history(session, "xx-demo")] == [date(2026, 6, 30)]


def test_migration_0016_adds_the_table_and_takes_it_away(demo_store: Store) -> None:
    from alembic import command
    from sqlalchemy import inspect

    _close(demo_store)
    config = demo_store._alembic_config()
    with demo_store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0015_translations")
    assert "period_closes" not in inspect(demo_store.engine).get_table_names()
    demo_store.migrate()
    assert demo_store.current_revision() == "0016_periods" == demo_store.head_revision()
    with demo_store.reader() as session:
        assert periods.history(session, "xx-demo") == []
