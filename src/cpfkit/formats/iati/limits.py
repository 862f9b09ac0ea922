"""The bounds of an IATI import: what a file may expand to, how much text is kept, how much of a value is quoted.

- :class:`ReadLimits`: a gzip file whose content passes ``max_decompressed``
  bytes or ``max_ratio`` times its compressed size, or any file with more than
  ``max_activity`` bytes from one ``<iati-activity>`` to the next (one huge
  activity, or a flood of text between two), is refused whole — so an import
  needs the same memory whatever the file holds (``docs/iati.md``, "Limits").
  The command line takes them from the settings (``CPFKIT_IATI_MAX_*``).
- :data:`MAX_NARRATIVE`: a narrative is cut to this many characters (with a
  warning), the API's own limit for free text.
- :func:`shown` and :func:`clip`: an error or warning quotes at most
  :data:`MAX_SHOWN` characters of the value at fault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["MAX_NARRATIVE", "MAX_SHOWN", "MB", "ReadLimits", "clip", "short", "shown"]

MB = 1 << 20
MAX_NARRATIVE = 20_000
"""The longest narrative kept, in characters: the API's limit for free text (``store/records/fields.Note``)."""
MAX_SHOWN = 200
"""The most characters of an offending value an error or warning repeats."""
_MAX_MESSAGE = 1_000
_LONG = f"{{{MAX_SHOWN + 2},}}"  # longer than what :func:`shown` leaves (its characters and an ellipsis)
_QUOTED = re.compile(rf"'(?:[^'\\]|\\.){_LONG}'|\"(?:[^\"\\]|\\.){_LONG}\"", re.DOTALL)


@dataclass(frozen=True)
class ReadLimits:
    """How far a file may go before it is refused (bytes; a ratio).

    The defaults are those of the settings ``CPFKIT_IATI_MAX_DECOMPRESSED_MB``,
    ``CPFKIT_IATI_MAX_COMPRESSION_RATIO`` and ``CPFKIT_IATI_MAX_ACTIVITY_MB``.
    The ratio is checked once ``ratio_from`` bytes have come out of the
    decompressor (a small file's ratio says nothing).
    """

    max_decompressed: int = 4096 * MB
    max_ratio: int = 100
    max_activity: int = 16 * MB
    ratio_from: int = 4 * MB

    @classmethod
    def from_megabytes(cls, max_decompressed_mb: int, max_ratio: int, max_activity_mb: int) -> ReadLimits:
        """The limits as the settings give them (megabytes)."""
        return cls(max_decompressed_mb * MB, max_ratio, max_activity_mb * MB)


def shown(value: str, limit: int = MAX_SHOWN) -> str:
    """A value quoted for a message: its ``repr``, cut after ``limit`` characters with its length noted.

    Examples:
        >>> shown("1,5")
        "'1,5'"
        >>> shown("x" * 1000, limit=5)
        "'xxxxx…' (1,000 characters)"
    """
    if len(value) <= limit:
        return repr(value)
    quoted = repr(value[:limit])
    return f"{quoted[:-1]}…{quoted[-1]} ({len(value):,} characters)"


def short(value: str | None, limit: int = MAX_SHOWN) -> str | None:
    """A value named in a message without quotes (an identifier), cut after ``limit`` characters.

    Examples:
        >>> short("GB-1-109616"), short("A" * 300, limit=3)
        ('GB-1-109616', 'AAA… (300 characters)')
    """
    if value is None or len(value) <= limit:
        return value
    return f"{value[:limit]}… ({len(value):,} characters)"


def clip(message: str) -> str:
    """A message from elsewhere (libxml2, the schema, the core model) with every long quoted value cut.

    Each quoted value keeps its first :data:`MAX_SHOWN` characters; a message
    still longer than a thousand characters is cut there.

    Examples:
        >>> clip("not a usable project identifier: '" + "A" * 500 + "'")[-40:]
        "AAAAAAAAAAAAAAAAAAAAA…' (500 characters)"
    """
    if len(message) <= MAX_SHOWN:
        return message
    message = _QUOTED.sub(lambda m: _cut_quoted(m.group(0)), message)
    if len(message) > _MAX_MESSAGE:
        message = message[:_MAX_MESSAGE] + f"… ({len(message):,} characters)"
    return message


def _cut_quoted(text: str) -> str:
    return f"{text[: MAX_SHOWN + 1]}…{text[0]} ({len(text) - 2:,} characters)"
