"""Write ``src/cpfkit/reports/charts_font.py``: the advance widths of DejaVu Sans, the charts' font.

    python scripts/chart_font_widths.py [FONT.ttf]

The PDF's charts are SVG written by :mod:`cpfkit.reports.charts_svg`, which places
their words (right-aligned label blocks, the legend) by these widths.  The table
covers Latin, Cyrillic (Russian and Kazakh), general punctuation, currency and
letter-like signs, arrows and mathematical operators; the font file defaults to
the system's DejaVu Sans.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.ttLib import TTFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
OUT = Path(__file__).parents[1] / "src/cpfkit/reports/charts_font.py"
RANGES = [(0x20, 0x250), (0x400, 0x530), (0x2000, 0x2070), (0x20A0, 0x20C0), (0x2100, 0x2300)]

HEAD = '''"""The advance widths of DejaVu Sans, the font of the PDF's charts (written by scripts/chart_font_widths.py).

``RUNS`` maps the first code point of each run to the widths of its characters
in font units (``UNITS_PER_EM`` to the em); 0 is a character the font lacks.
"""

from __future__ import annotations

__all__ = ["RUNS", "UNITS_PER_EM"]

'''


def main() -> None:
    """Read the font and write the table."""
    font = TTFont(sys.argv[1] if len(sys.argv) > 1 else FONT)
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    lines = [HEAD, f"UNITS_PER_EM = {font['head'].unitsPerEm}\n\n", "RUNS: dict[int, tuple[int, ...]] = {\n"]
    for start, stop in RANGES:
        widths = [hmtx[cmap[c]][0] if c in cmap else 0 for c in range(start, stop)]
        lines.append(f"    0x{start:04X}: (\n")
        for i in range(0, len(widths), 16):
            lines.append("        " + ", ".join(str(w) for w in widths[i : i + 16]) + ",\n")
        lines.append("    ),\n")
    lines.append("}\n")
    OUT.write_text("".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
