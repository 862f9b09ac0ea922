"""The PDF is written without the libraries it does not need, and WeasyPrint finds its system libraries quickly."""

from __future__ import annotations

import ctypes.util
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cpfkit.reports import pdf
from cpfkit.store import Store

# the names WeasyPrint opens its libraries by on Linux, and the names it tries first (found nowhere)
LIBRARIES = ["gobject-2.0", "pango-1.0", "harfbuzz", "fontconfig", "pangoft2-1.0", "c", "m"]
MISSES = ["libgobject-2.0-0", "gobject-2.0-0", "libpango-1.0-0", "libfontconfig-1"]


@pytest.mark.skipif(sys.platform != "linux", reason="the quick look-up is made on Linux only")
@pytest.mark.parametrize("name", LIBRARIES + MISSES)
def test_the_quick_lookup_finds_what_ctypes_finds(name: str) -> None:
    assert pdf.find_library(name) == ctypes.util.find_library(name)


def test_the_lookup_is_ctypes_own_again_once_weasyprint_is_loaded() -> None:
    original = ctypes.util.find_library
    with pdf._quick_library_lookup():
        assert ctypes.util.find_library is pdf.find_library
    assert ctypes.util.find_library is original
    html = pdf.weasyprint_html()
    assert html.__name__ == "HTML" and ctypes.util.find_library is original
    assert pdf.html_to_pdf("<p>one page</p>", ".").startswith(b"%PDF-")


def test_writing_the_clr_pdf_loads_neither_matplotlib_nor_numpy(
    tmp_path: Path, embedded_copy: Callable[[Path], Store]
) -> None:
    store = embedded_copy(tmp_path)
    store.dispose()
    out = tmp_path / "clr.pdf"
    proc = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "cpfkit",
            "--db",
            store.url,
            "report",
            "clr",
            "kz-2020-2025",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in proc.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "weasyprint" in names and "jinja2" in names  # the PDF was drawn, and the log read
    assert out.read_bytes().startswith(b"%PDF-")
    assert sorted(names & {"matplotlib", "numpy", "scipy", "duckdb", "openpyxl"}) == []


def test_the_collector_gets_every_object_back_once_the_pdf_is_written() -> None:
    import gc

    before = gc.get_freeze_count()
    assert pdf.html_to_pdf("<p>one page</p>", ".").startswith(b"%PDF-")
    assert gc.get_freeze_count() == before == 0
