"""``cpfkit results note|notes``: the written sections of the reviews, and what people have entered."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cpfkit.cli.common import fail_on_error, print_json, state
from cpfkit.cli.console import console, err
from cpfkit.cli.results_options import JsonFlag, ProgrammeArg

__all__ = ["note", "notes"]


@fail_on_error
def note(
    ctx: typer.Context,
    programme: ProgrammeArg,
    section: Annotated[str, typer.Argument(help="summary, adjustments (PLR) or lessons.")],
    file: Annotated[Path | None, typer.Option("--file", help="Read the text from a file ('-' for stdin).")] = None,
    text: Annotated[str | None, typer.Option("--text", help="The text itself.")] = None,
    review: Annotated[
        str | None, typer.Option("--review", help="plr or clr (default: plr for adjustments, clr otherwise).")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who wrote it.")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Clear the section.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Write a section of a review (plain text: blank lines part paragraphs, '- ' starts a bullet)."""
    from cpfkit.services import results as rs

    store = state(ctx).store()
    if clear:
        done = rs.clear_note(store, programme, section, review=review)
        if as_json:
            print_json({"programme": programme, "section": section, "cleared": done})
        else:
            console.print(f"{section}: cleared" if done else f"{section}: nothing to clear")
        return
    if (file is None) == (text is None):
        err.print("error: give the text with --file or --text (one of them)")
        raise typer.Exit(2)
    if file is not None:
        body = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    else:
        body = text or ""
    written = rs.set_note(store, programme, section, body, review=review, author=by)
    if as_json:
        print_json(written)
        return
    console.print(
        f"{written.review.value} {written.section.value} of {programme}: {len(written.text)} characters written"
    )


@fail_on_error
def notes(ctx: typer.Context, programme: ProgrammeArg, as_json: JsonFlag = False) -> None:
    """Show the ratings of record and written sections people have entered for a programme's reviews."""
    from cpfkit.services import results as rs

    content = rs.review_content(state(ctx).store(), programme)
    if as_json:
        print_json(content)
        return
    if not content.ratings and not content.notes:
        console.print(f"{programme}: nothing entered yet (see `cpfkit results rate` and `cpfkit results note`)")
        return
    for r in content.ratings:
        console.print(
            f"[bold]{r.key}[/bold]: {r.rating} — {r.justification} ({r.rated_by or 'unsigned'}, {r.decided_on})"
        )
    for n in content.notes:
        console.print(f"[bold]{n.review.value} {n.section.value}[/bold] ({n.author or 'unsigned'}, {n.updated_on}):")
        console.print(n.text, markup=False)
