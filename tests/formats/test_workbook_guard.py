"""Zip bombs dressed as Excel workbooks are refused before openpyxl opens them, naming the file and the part.

The bombs are built here, from a real workbook whose sheet part is replaced by one row repeated
until the part inflates past a limit: no large file is kept in the repository.
"""

from __future__ import annotations

import struct
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.errors import DataError
from cpfkit.formats.results_workbook import read as results_sheet
from cpfkit.formats.workbook_guard import MAX_RATIO, MAX_UNCOMPRESSED_BYTES, check_workbook
from cpfkit.store import Store
from tests.helpers import snapshot

SHEET = "xl/worksheets/sheet1.xml"
_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>indicator</t></is></c><c r="B1" t="inlineStr"><is><t>date</t></is></c>'
    b'<c r="C1" t="inlineStr"><is><t>value</t></is></c></row>'
)
_ROW = (
    b'<row><c t="inlineStr"><is><t>I1.1.1</t></is></c>'
    b'<c t="inlineStr"><is><t>2027-06-30</t></is></c><c><v>1</v></c></row>'
)
_TAIL = b"</sheetData></worksheet>"


def _workbook(path: Path) -> None:
    book = Workbook()
    book.active.append(["indicator", "date", "value"])  # type: ignore[union-attr]
    book.save(path)


def _bomb(path: Path, inflated: int) -> Path:
    """A workbook whose sheet part inflates to about ``inflated`` bytes of one repeated row."""
    source = path.with_name("source.xlsx")
    _workbook(source)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            if info.filename != SHEET:
                out.writestr(info, original.read(info.filename))
                continue
            sheet = zipfile.ZipInfo(SHEET)
            sheet.compress_type = zipfile.ZIP_DEFLATED
            with out.open(sheet, "w", force_zip64=True) as part:
                part.write(_HEAD)
                block = _ROW * (1024 * 1024 // len(_ROW))
                for _ in range(inflated // len(block)):
                    part.write(block)
                part.write(_TAIL)
    return path


def _understate(path: Path, member: str, declared: int) -> None:
    """Rewrite the archive so that ``member`` declares ``declared`` bytes uncompressed, whatever it holds."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    struct.pack_into("<I", data, info.header_offset + 22, declared)  # local file header
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + name_length]) == member.encode():
            struct.pack_into("<I", data, at + 24, declared)  # central directory
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def test_a_real_workbook_passes(tmp_path: Path) -> None:
    path = tmp_path / "fine.xlsx"
    _workbook(path)
    check_workbook(path)  # no error: nothing to refuse


def test_a_bomb_past_the_size_limit_is_refused_in_a_moment_naming_the_file_and_part(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "bomb.xlsx", MAX_UNCOMPRESSED_BYTES + 4 * 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024  # under a megabyte on disk
    started = time.perf_counter()
    with pytest.raises(DataError, match="zip bomb") as caught:
        check_workbook(path)
    assert time.perf_counter() - started < 1.0  # the central directory alone shows it: nothing is inflated
    assert caught.value.file == str(path)
    assert SHEET in str(caught.value)


def test_a_part_that_inflates_too_many_times_is_refused(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "dense.xlsx", 8 * 1024 * 1024)  # well under the size limit, far over the ratio
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(SHEET)
    assert info.file_size < MAX_UNCOMPRESSED_BYTES and info.file_size / info.compress_size > MAX_RATIO
    with pytest.raises(DataError, match=f"part {SHEET} inflates .* times"):
        check_workbook(path)
    check_workbook(path, max_ratio=10_000)  # the same file passes a looser ratio: the ratio was the reason


def test_a_part_that_holds_more_than_it_declares_is_stopped_at_the_declared_size(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "liar.xlsx", 2 * 1024 * 1024)
    _understate(path, SHEET, 1_000)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(SHEET).file_size == 1_000  # the archive now lies about the part
    with pytest.raises(DataError, match=f"part {SHEET} holds more than the 1,000 bytes it declares"):
        check_workbook(path)


def test_not_a_zip_archive_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "text.xlsx"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(DataError, match="not an Excel workbook"):
        check_workbook(path)


def test_results_load_refuses_a_bomb_before_openpyxl_and_stores_nothing(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _bomb(tmp_path / "bomb.xlsx", MAX_UNCOMPRESSED_BYTES + 4 * 1024 * 1024)

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("openpyxl was asked to open a zip bomb")

    monkeypatch.setattr(results_sheet, "load_workbook", never)
    before = snapshot(demo_store)
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["--db", demo_store.url, "results", "load", str(path)])
    assert time.perf_counter() - started < 10
    assert result.exit_code != 0
    assert "zip bomb" in result.output and "bomb.xlsx" in result.output and SHEET in result.output
    assert snapshot(demo_store) == before


def test_the_bomb_fixture_inflates_to_what_it_declares(tmp_path: Path) -> None:
    """The fixture is honest: its sheet part really inflates to what the archive declares."""
    path = _bomb(tmp_path / "bomb.xlsx", 2 * 1024 * 1024)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(SHEET)
        with archive.open(info) as part:
            inflated = sum(len(piece) for piece in iter(lambda: part.read(1 << 20), b""))
    assert inflated == info.file_size > 2 * 1024 * 1024 - len(_ROW) * 2
