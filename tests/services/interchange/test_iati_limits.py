"""Bounded resources: compression bombs, floods of text, huge activities, long narratives and long values."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from benchmarks.iati_generate import generate
from sqlalchemy import select

from cpfkit.errors import DataError
from cpfkit.services.interchange import iati_report
from cpfkit.services.interchange.iati_import import ImportOptions, ReadLimits, import_iati
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.store.iati.writer import IatiWriter
from cpfkit.store.tables import ProjectRow
from cpfkit.store.tables_iati import IatiActivityRow
from tests.helpers import snapshot
from tests.services.interchange.test_iati_files import IATI

GOOD = IATI / "good-two.xml"
MB = 1 << 20
HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n'


def _first_activity() -> bytes:
    text = GOOD.read_bytes()
    return text[text.index(b"<iati-activity ") : text.index(b"</iati-activity>") + len(b"</iati-activity>")]


def gzip_bomb(path: Path, megabytes: int = 1024) -> Path:
    """A real activity, then ``megabytes`` of spaces, gzip-compressed: about 1 MB on disk for each GB inside.

    Written as one gzip member per megabyte (a file may hold several; every reader joins them), so that
    making it costs nothing.
    """
    spaces = gzip.compress(b" " * MB, 9)
    with path.open("wb") as out:
        out.write(gzip.compress(HEAD + _first_activity() + b"\n"))
        for _ in range(megabytes):
            out.write(spaces)
        out.write(gzip.compress(b"</iati-activities>\n"))
    return path


def test_a_gzip_bomb_is_refused_fast_and_nothing_of_it_is_stored(empty_store: Store, tmp_path: Path) -> None:
    bomb = gzip_bomb(tmp_path / "bomb.xml.gz")
    assert bomb.stat().st_size < 2 * MB
    before = snapshot(empty_store)
    started = time.monotonic()
    with pytest.raises(DataError) as caught:
        import_iati(empty_store, [bomb], ImportOptions())
    assert time.monotonic() - started < 10  # a few megabytes are decompressed, not a gigabyte
    assert caught.value.file == str(bomb)
    assert caught.value.message.startswith("expands more than 100 times its compressed size")
    assert "CPFKIT_IATI_MAX_COMPRESSION_RATIO" in caught.value.message
    assert snapshot(empty_store) == before


def test_a_compressed_file_past_the_size_limit_is_refused_and_one_within_it_imports(
    sqlite_store: Store, tmp_path: Path
) -> None:
    plain = tmp_path / "registry.xml"
    generate(plain, 2.5, seed=3)
    packed = tmp_path / "registry.xml.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    size = plain.stat().st_size
    assert 5 < size / packed.stat().st_size < 20  # a real file's ratio, far from the limit
    with pytest.raises(DataError, match=r"decompresses to more than 2 MB, the limit for a compressed file"):
        import_iati(sqlite_store, [packed], ImportOptions(limits=ReadLimits(max_decompressed=2 * MB)))
    assert sqlite_store.is_empty()
    report = import_iati(sqlite_store, [packed], ImportOptions(limits=ReadLimits(max_decompressed=size)))
    assert report.files[0].stored > 0


def test_a_truncated_gzip_file_is_refused_with_a_clear_error(sqlite_store: Store, tmp_path: Path) -> None:
    plain = tmp_path / "registry.xml"
    generate(plain, 0.5, seed=4)
    cut = tmp_path / "cut.xml.gz"
    cut.write_bytes(gzip.compress(plain.read_bytes())[:-5000])
    with pytest.raises(DataError, match="cannot read: Compressed file ended before the end-of-stream marker"):
        import_iati(sqlite_store, [cut], ImportOptions())
    assert sqlite_store.is_empty()


def test_a_flood_of_text_between_activities_is_refused_naming_the_activity_before_it(
    sqlite_store: Store, tmp_path: Path
) -> None:
    flood = tmp_path / "flood.xml"
    flood.write_bytes(HEAD + _first_activity() + b"\n" + b"  \n" * (MB // 2) + b"</iati-activities>\n")
    with pytest.raises(DataError) as caught:
        import_iati(sqlite_store, [flood], ImportOptions(limits=ReadLimits(max_activity=1 * MB)))
    assert caught.value.record == "line 3"  # where the activity before the flood starts
    assert caught.value.message.startswith("the activity starting here runs over 1 MB")
    before_first = tmp_path / "before.xml"
    before_first.write_bytes(HEAD + b" " * (2 * MB) + _first_activity() + b"</iati-activities>")
    with pytest.raises(DataError, match="more than 1 MB before the first <iati-activity>"):
        import_iati(sqlite_store, [before_first], ImportOptions(limits=ReadLimits(max_activity=1 * MB)))
    assert sqlite_store.is_empty()


def test_the_defaults_of_the_limits_are_those_of_the_settings() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    given = ReadLimits.from_megabytes(
        settings.iati_max_decompressed_mb, settings.iati_max_compression_ratio, settings.iati_max_activity_mb
    )
    assert given == ReadLimits() == ReadLimits(4096 * MB, 100, 16 * MB)


_MEASURE = """
import json, sys, time
from pathlib import Path
from cpfkit.errors import DataError
from cpfkit.services.interchange.iati_import import ImportOptions, import_iati
from cpfkit.store import Store
store = Store(sys.argv[2]); store.migrate()
started = time.monotonic()
try:
    import_iati(store, [Path(sys.argv[1])], ImportOptions(jobs=1))
    outcome = "imported"
except DataError as exc:
    outcome = exc.message
status = Path("/proc/self/status").read_text()
peak = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
print(json.dumps({"outcome": outcome, "seconds": time.monotonic() - started, "peak_mb": peak / 1024}))
"""
# The peak resident set of this process's own memory (VmHWM): getrusage's ru_maxrss would also count the test
# process it was started from.


def _import_in_a_process(path: Path, tmp: Path) -> dict[str, object]:
    db = f"sqlite:///{tmp / (path.name + '.db')}"
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path), db], capture_output=True, text=True, check=True, timeout=300
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_an_import_stays_under_300_mb_whatever_the_file_holds(tmp_path: Path) -> None:
    # Before the limits, the gzip bomb took 1.2 GB and the plain flood (40 MB of spaces here) grew without bound.
    bomb = _import_in_a_process(gzip_bomb(tmp_path / "bomb.xml.gz"), tmp_path)
    flood = tmp_path / "flood.xml"
    flood.write_bytes(HEAD + _first_activity() + b"\n" + b" " * (40 * MB) + b"</iati-activities>\n")
    plain = _import_in_a_process(flood, tmp_path)
    assert str(bomb["outcome"]).startswith("expands more than 100 times")
    assert str(plain["outcome"]).startswith("the activity starting here runs over 16 MB")
    assert float(bomb["peak_mb"]) < 300 and float(plain["peak_mb"]) < 300, (bomb, plain)  # type: ignore[arg-type]


def test_a_narrative_longer_than_the_api_keeps_is_stored_cut_with_a_warning(
    sqlite_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "long.xml"
    title = "Водоснабжение " * 3000  # 42,000 characters
    text = GOOD.read_text(encoding="utf-8").replace(
        "<narrative>Rural Roads Rehabilitation</narrative>", f"<narrative>{title}</narrative>", 1
    )
    path.write_text(text, encoding="utf-8")
    report = import_iati(sqlite_store, [path], ImportOptions()).to_json()
    [warning] = report["warnings"]
    assert warning["activity"] == "44000-P900001" and warning["field"] == "title/narrative"
    assert warning["message"] == (
        "a narrative of 41,999 characters, longer than the 20,000 kept (cut to its first 20,000)"
    )
    with sqlite_store.reader() as session:
        name = session.scalar(select(ProjectRow.name).where(ProjectRow.id == "44000-P900001"))
        titles = session.scalar(select(IatiActivityRow.titles).where(IatiActivityRow.project_id == "44000-P900001"))
    assert name == title.strip()[:20_000] and titles[0][1] == name
    with pytest.raises(DataError, match="a narrative of 41,999 characters"):
        import_iati(sqlite_store, [path], ImportOptions(strict=True))


def test_a_long_offending_value_is_cut_to_200_characters_in_every_message(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "long-value.xml"
    junk = "9" * 100_000 + ",5"
    text = GOOD.read_text(encoding="utf-8").replace(">450000.10<", f">{junk}<", 1)
    text = text.replace("<iati-identifier>GB-GOV-1-300123<", f"<iati-identifier>GB-{'X' * 5000}<", 1)
    path.write_text(text, encoding="utf-8")
    report = import_iati(sqlite_store, [path], ImportOptions()).to_json()
    [skip] = report["skipped"]
    assert skip["message"] == "not a number: '" + "9" * 200 + "…' (100,002 characters)"
    assert skip["activity"] == "GB-" + "X" * 197 + "… (5,003 characters)"
    with pytest.raises(DataError) as caught:
        import_iati(sqlite_store, [path], ImportOptions(strict=True))
    assert len(caught.value.one_line()) < len(str(path)) + 600
    assert max(len(run) for run in re.findall(r"9+|X+", caught.value.one_line())) == 200


def test_a_summary_lists_the_first_warnings_and_skips_and_counts_them_all(
    sqlite_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(iati_report, "LISTED", 3)
    path = tmp_path / "many.xml"
    generate(path, 0.3, seed=5)
    text = path.read_text(encoding="utf-8")
    text, slips = re.subn(r'<finance-type code="\d+"/>', '<finance-type code=""/>', text)
    parts = text.split("<iati-identifier>")
    for i in range(1, 6):  # a transaction of an unknown type in each of five activities
        parts[i] = re.sub(r'<transaction-type code="\d+"/>', '<transaction-type code="99"/>', parts[i], count=1)
    path.write_text("<iati-identifier>".join(parts), encoding="utf-8")
    data = import_iati(sqlite_store, [path], ImportOptions(), None).to_json()
    assert slips > 3 and len(data["warnings"]) == 3 and data["warnings_count"] > 3
    assert len(data["skipped"]) == 3 and data["activities"]["skipped"] == 5
    assert data["files"][0]["warnings_count"] == data["warnings_count"]


def test_a_file_refused_after_some_of_it_was_written_leaves_nothing_on_either_database(
    empty_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cpfkit.services.interchange.iati_import._BATCH", 1)  # each activity is written as soon as read
    written: list[int] = []
    write = IatiWriter.write
    monkeypatch.setattr(IatiWriter, "write", lambda self, batch: written.append(len(batch)) or write(self, batch))
    source = tmp_path / "registry.xml"
    generate(source, 0.5, seed=11)
    text = source.read_text(encoding="utf-8")
    broken = tmp_path / "broken-at-the-end.xml"
    broken.write_text(text.replace("</iati-activities>", "<iati-activity><title></iati-activity>"), encoding="utf-8")
    slip = tmp_path / "a-slip-in-the-last-activity.xml"
    last = text.rindex("<iati-activity ")
    slip.write_text(text[:last] + re.sub(r'<tied-status code="\d+"/>', '<tied-status code=""/>', text[last:]))
    assert slip.read_text() != text
    bomb = tmp_path / "activities-then-a-flood.xml.gz"
    spaces = gzip.compress(b" " * MB, 9)
    bomb.write_bytes(gzip.compress(text.replace("</iati-activities>", "").encode()) + spaces * 64)
    before = snapshot(empty_store)
    for path, strict, message in (
        (broken, False, "not well-formed XML: Opening and ending tag mismatch"),
        (slip, True, "has no code"),
        (bomb, False, "the activity starting here runs over 16 MB"),
    ):
        written.clear()
        with pytest.raises(DataError, match=message):
            import_iati(empty_store, [path], ImportOptions(jobs=1, strict=strict))
        assert len(written) > 20, path  # the activities before the refusal were written, in the file's transaction
        assert snapshot(empty_store) == before
