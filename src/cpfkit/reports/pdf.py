"""An HTML page as PDF, through WeasyPrint, loaded with one look-up of its system libraries.

WeasyPrint opens GObject, Pango, HarfBuzz and fontconfig through cffi, trying
each under the names Windows, macOS and Linux give it.  cffi finds a name with
``ctypes.util.find_library``, which on Linux reads the linker cache
(``ldconfig -p``) and, when the name is not there, runs the C compiler and then
the linker to search for it: loading WeasyPrint made some twenty such misses,
about 0.15 s of CPU at every start.  While WeasyPrint loads on Linux,
:func:`find_library` answers instead from one reading of the linker cache and
from the folders of ``LD_LIBRARY_PATH``; if WeasyPrint still fails to load, it
is loaded again with ``ctypes``' own look-up.

While the PDF is laid out and written, the objects made before (the modules,
the report, WeasyPrint itself) are kept out of the garbage collector's passes
(``gc.freeze``): WeasyPrint makes hundreds of thousands of short-lived objects,
and each full pass over the older ones cost the CLR's PDF about 0.3 s of CPU.
They are handed back to the collector when the PDF is written.

WeasyPrint draws the charts' SVG texts each as one run of glyphs
(:mod:`cpfkit.reports.svg_text`), not letter by letter.
"""

from __future__ import annotations

import ctypes.util
import functools
import gc
import os
import re
import struct
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["find_library", "html_to_pdf", "weasyprint_html"]

_ABI = {  # as ctypes.util names the linker cache's entries for this machine
    "x86_64-64": "libc6,x86-64",
    "ppc64-64": "libc6,64bit",
    "sparc64-64": "libc6,64bit",
    "s390x-64": "libc6,64bit",
    "ia64-64": "libc6,IA-64",
}


@functools.cache
def _linker_cache() -> str:
    """The linker cache's listing (empty when ``ldconfig`` cannot be run)."""
    try:
        return subprocess.run(
            ["/sbin/ldconfig", "-p"],
            capture_output=True,
            text=True,
            check=False,
            env={"LC_ALL": "C", "LANG": "C"},
        ).stdout
    except OSError:
        return ""


def find_library(name: str) -> str | None:
    """The file of a shared library, as ``ctypes.util.find_library`` finds it, without running a compiler.

    The linker cache's entry for this machine's ABI first, then ``lib<name>.so`` in a folder of
    ``LD_LIBRARY_PATH``; None when neither has it.
    """
    bits = "-64" if struct.calcsize("l") == 8 else "-32"
    abi = _ABI.get(os.uname().machine + bits, "libc6")
    found = re.search(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({abi}", _linker_cache())
    if found:
        return found.group(1)
    for folder in os.environ.get("LD_LIBRARY_PATH", "").split(os.pathsep):
        if folder and (Path(folder) / f"lib{name}.so").exists():
            return str(Path(folder) / f"lib{name}.so")
    return None


@contextmanager
def _quick_library_lookup() -> Iterator[None]:
    original = ctypes.util.find_library
    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


def weasyprint_html() -> Any:
    """WeasyPrint's ``HTML`` class, loading WeasyPrint the first time."""
    if "weasyprint" not in sys.modules and sys.platform == "linux":
        try:
            with _quick_library_lookup():
                import weasyprint  # noqa: F401
        except OSError:  # a library only the compiler's search finds
            pass
    from weasyprint import HTML

    from cpfkit.reports.svg_text import install

    install()
    return HTML


def html_to_pdf(page: str, base_url: str) -> bytes:
    """The PDF of an HTML page whose relative links (stylesheets, images) start at ``base_url``."""
    gc.freeze()
    try:
        html = weasyprint_html()
        gc.freeze()  # WeasyPrint's modules too, when this loaded them
        document: bytes = html(string=page, base_url=base_url).write_pdf()
    finally:
        gc.unfreeze()
    return document
