"""The one clock: the system's unless a test or ``CPFKIT_TODAY`` pins it; nothing else asks for the date."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from cpfkit import clock
from cpfkit.settings import Settings

SRC = Path(__file__).parent.parent / "src" / "cpfkit"


def test_the_setting_pins_the_day_and_keeps_the_time_of_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPFKIT_TODAY", "2031-07-01")
    assert clock.today() == date(2031, 7, 1)
    first = clock.now()
    assert first.date() == date(2031, 7, 1) and first.tzinfo is not None
    assert clock.now() >= first
    assert Settings(_env_file=None).today == date(2031, 7, 1)


def test_without_the_setting_the_clock_is_the_systems(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CPFKIT_TODAY", raising=False)
    before = datetime.now(UTC)
    assert before <= clock.now() <= datetime.now(UTC)
    assert clock.today() in {date.today(), date.today() - timedelta(days=1)}  # the call may straddle midnight


def test_a_setting_that_is_not_a_date_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPFKIT_TODAY", "next monday")
    with pytest.raises(clock.ClockSettingError, match="CPFKIT_TODAY='next monday' is not an ISO date"):
        clock.today()


def test_a_pin_freezes_both_and_advance_moves_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPFKIT_TODAY", "2031-07-01")  # a test's pin wins over the setting
    with clock.pin(datetime(2026, 11, 2, 23, 30, tzinfo=UTC)):
        assert clock.today() == date(2026, 11, 2)
        assert clock.now() == clock.now() == datetime(2026, 11, 2, 23, 30, tzinfo=UTC)
        assert clock.advance(timedelta(hours=1)) == datetime(2026, 11, 3, 0, 30, tzinfo=UTC)
        assert clock.today() == date(2026, 11, 3)
    assert clock.today() == date(2031, 7, 1)
    with pytest.raises(RuntimeError, match="pinned clock"):
        clock.advance(timedelta(days=1))


def test_nothing_but_the_clock_asks_the_system_for_the_date() -> None:
    asks = re.compile(r"\b(?:date\.today|datetime\.(?:now|today|utcnow))\(|\btime\.time\(")
    offenders = [
        f"{path.relative_to(SRC)}:{n}"
        for path in SRC.rglob("*.py*")
        if path.name != "clock.py" and path.suffix in {".py", ".pyx"}
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if asks.search(line)
    ]
    assert offenders == []
