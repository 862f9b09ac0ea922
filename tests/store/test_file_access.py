"""Only the database engine opens the database's files: no cpfkit code even names SQLite's files beside it.

On POSIX, closing any descriptor of a file drops every lock the process holds on it, SQLite's own
included; another process then takes itself for the last user and deletes the write-ahead log under
the server (docs/decisions/0009-the-data-version-kept-by-the-database.md).  The behaviour is tested
end to end in tests/api/test_durability.py; this keeps the names out of the code.
"""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).parent.parent.parent / "src" / "cpfkit"


def test_no_source_file_names_the_write_ahead_log_or_the_shared_memory_file() -> None:
    offenders = [
        f"{path.relative_to(SRC)}:{number}"
        for path in sorted(SRC.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "-wal" in line or "-shm" in line
    ]
    assert offenders == []
