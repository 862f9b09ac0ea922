"""``cpfkit history ID``: the history of one record, each change as ``field: old → new``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cpfkit.cli.common import fail_on_error, print_json, state
from cpfkit.cli.console import console
from cpfkit.errors import DataError

if TYPE_CHECKING:  # loaded when the command runs (docs/performance.md, "Start-up")
    from cpfkit.workplace.history import HistoryEntry

__all__ = ["register"]


def _json(entry: HistoryEntry) -> dict[str, Any]:
    from cpfkit.workplace.history_text import as_text

    changes = []
    for change in entry.changes:
        old_text, new_text = as_text(change)
        secret = change.kind == "secret"
        changes.append(
            {
                "field": change.field,
                "label": change.label,
                "kind": change.kind,
                "old": None if secret else change.old,
                "new": None if secret else change.new,
                "old_text": old_text,
                "new_text": new_text,
            }
        )
    return {
        "at": entry.at,
        "actor": entry.actor,
        "via": entry.via,
        "action": entry.action,
        "entity": entry.entity,
        "id": entry.entity_id,
        "version": entry.version,
        "changes": changes,
    }


def _print(entries: list[HistoryEntry], total: int) -> None:
    from cpfkit.workplace.history_text import as_text

    for entry in entries:
        when = entry.at.strftime("%Y-%m-%d %H:%M UTC")
        version = f" (version {entry.version})" if entry.version else ""
        console.print(
            f"{when}  {entry.actor} via {entry.via}: {entry.action} {entry.entity} {entry.entity_id}{version}",
            markup=False,
            soft_wrap=True,
        )
        for change in entry.changes:
            old, new = as_text(change)
            line = f"    {change.label}: {new}" if entry.created else f"    {change.label}: {old} → {new}"
            console.print(line, markup=False, soft_wrap=True)
    if total > len(entries):
        console.print(f"the latest {len(entries)} of {total} entries (--limit to see more)")


@fail_on_error
def history_command(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The record's id: P123456, a transaction's 42, ...")],
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help="The kind of record (project, transaction, measurement, rating, risk, user, token, ...), "
            "when the id names several.",
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many entries, newest first.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show the history of one record: who changed what, when, and each field as old → new.

    ``--json`` prints a list of ``{at, actor, via, action, entity, id, version, changes}``, each change
    ``{field, label, kind, old, new, old_text, new_text}`` (``old``/``new`` as stored, exactly).
    """
    from cpfkit.workplace.history import history

    store = state(ctx).store()
    found, total = history(store, record_id, entity=kind)  # one record's trail: small enough to read whole
    kinds = sorted({e.entity for e in found})
    if kind is None and len(kinds) > 1:
        raise DataError(f"{record_id} names a {', a '.join(kinds)}: say which with --kind", field="kind")
    if not found:
        raise DataError(f"no history of {kind + ' ' if kind else ''}{record_id} (no such record, or never changed)")
    entries = found[:limit]
    if as_json:
        print_json([_json(e) for e in entries])
    else:
        _print(entries, total)


def register(app: typer.Typer) -> None:
    """Add the ``history`` command to ``app``."""
    app.command("history")(history_command)
