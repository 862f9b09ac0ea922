"""The options the ``cpfkit results`` commands share: the programme, the date, JSON, the language of numbers."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["AsOf", "JsonFlag", "NumberLanguage", "ProgrammeArg"]

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


NumberLanguage = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of numbers written as text: en (75.5), ru or kk (75,5); "
        "default: the locale (LC_ALL, LC_NUMERIC, LANG), else en.",
    ),
]


AsOf = Annotated[str | None, typer.Option("--as-of", help="Date of the figures, YYYY-MM-DD (default: today).")]


ProgrammeArg = Annotated[str, typer.Argument(help="Programme id, e.g. kz-2020-2025.")]
