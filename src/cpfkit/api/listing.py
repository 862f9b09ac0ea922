"""What every list of the API shares: pagination, sorting, and CSV download.

* ``limit`` (default 100, at most 1000) and ``offset``; the response carries
  ``X-Total-Count`` and a ``Link`` header with the ``first``, ``prev``,
  ``next`` and ``last`` pages.
* ``sort=field`` or ``sort=-field`` (descending), several separated by commas.
* ``format=csv`` (or ``Accept: text/csv``) answers the list as CSV, every
  matching row unless ``limit`` is given; nested fields become dotted columns
  (``commitment.amount``), lists of values are joined with ``|``
  (:mod:`cpfkit.api.csv_lists`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel

from cpfkit.api.csv_lists import to_csv
from cpfkit.errors import DataError

__all__ = [
    "CSV_RESPONSES",
    "check_params",
    "DEFAULT_LIMIT",
    "ListDep",
    "ListParams",
    "page_of",
    "parse_sort",
    "respond",
    "to_csv",
]

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
CSV_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "The list (JSON, or CSV on request)."}
}
T = TypeVar("T")


@dataclass(frozen=True)
class ListParams:
    """Pagination, sorting and format of one list request."""

    limit: int | None
    offset: int
    sort: str | None
    format: str | None


def _params(
    limit: Annotated[
        int | None, Query(ge=1, le=MAX_LIMIT, description=f"At most this many items (default {DEFAULT_LIMIT}).")
    ] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000, description="Skip this many items.")] = 0,
    sort: Annotated[
        str | None, Query(max_length=200, description="Fields to sort by, `-field` for descending, comma-separated.")
    ] = None,
    format: Annotated[  # noqa: A002 - the query parameter's public name
        Literal["json", "csv"] | None, Query(description="`csv` to download the list as CSV.")
    ] = None,
) -> ListParams:
    return ListParams(limit, offset, sort, format)


ListDep = Annotated[ListParams, Depends(_params)]


LIST_PARAMS = frozenset({"limit", "offset", "sort", "format", "lang"})


def check_params(request: Request, allowed: Collection[str]) -> None:
    """Refuse query parameters the list does not know (a misspelt filter would silently filter nothing).

    Raises:
        DataError: naming the first unknown parameter.
    """
    for name in request.query_params:
        if name not in allowed and name not in LIST_PARAMS:
            raise DataError(f"unknown query parameter; this list takes {', '.join(sorted(allowed))}", field=name)


def parse_sort(sort: str | None, allowed: Collection[str]) -> list[tuple[str, bool]]:
    """``(field, descending)`` pairs of a ``sort`` parameter.

    Examples:
        >>> parse_sort("-date,id", {"date", "id"})
        [('date', True), ('id', False)]

    Raises:
        DataError: a field the list cannot be sorted by (names the ``sort`` parameter).
    """
    out: list[tuple[str, bool]] = []
    for part in (sort or "").split(","):
        part = part.strip()
        if not part:
            continue
        descending = part.startswith("-")
        key = part.lstrip("-+")
        if key not in allowed:
            raise DataError(f"cannot sort by {key!r}; use one of {', '.join(sorted(allowed))}", field="sort")
        out.append((key, descending))
    return out


def wants_csv(request: Request, params: ListParams) -> bool:
    """Whether the caller asked for CSV."""
    if params.format is not None:
        return params.format == "csv"
    return "text/csv" in request.headers.get("accept", "")


def effective_limit(request: Request, params: ListParams) -> int | None:
    """The page size: as asked, else 100 for JSON and everything for CSV."""
    if params.limit is not None:
        return params.limit
    return None if wants_csv(request, params) else DEFAULT_LIMIT


def page_of(
    request: Request,
    items: Sequence[T],
    params: ListParams,
    sort_keys: Mapping[str, Callable[[T], Any]],
) -> tuple[list[T], int]:
    """Sort and cut a list computed in Python (the programme summaries); return the page and the total."""
    ordered = list(items)
    for key, descending in reversed(parse_sort(params.sort, sort_keys)):
        getter = sort_keys[key]
        ordered.sort(key=lambda item: _sortable(getter(item)), reverse=descending)
    limit = effective_limit(request, params)
    end = None if limit is None else params.offset + limit
    return ordered[params.offset : end], len(ordered)


def _sortable(value: Any) -> tuple[int, Any]:
    """None last, whatever the direction of the other values."""
    return (1, 0) if value is None else (0, value)


def _link_header(request: Request, total: int, offset: int, limit: int | None) -> str | None:
    if limit is None:
        return None

    def url(start: int) -> str:
        return str(request.url.include_query_params(offset=start, limit=limit))

    links = [f'<{url(0)}>; rel="first"']
    if offset > 0:
        links.append(f'<{url(max(0, offset - limit))}>; rel="prev"')
    if offset + limit < total:
        links.append(f'<{url(offset + limit)}>; rel="next"')
    last = max(0, (total - 1) // limit * limit) if total else 0
    links.append(f'<{url(last)}>; rel="last"')
    return ", ".join(links)


def respond(
    request: Request,
    response: Response,
    items: Sequence[Any],
    total: int,
    params: ListParams,
    name: str,
    columns_of: type[BaseModel] | None = None,
) -> Any:
    """The list as JSON (with pagination headers) or as a CSV download."""
    limit = effective_limit(request, params)
    if wants_csv(request, params):
        return Response(
            to_csv(items, columns_of),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{name}.csv"',
                "X-Total-Count": str(total),
            },
        )
    response.headers["X-Total-Count"] = str(total)
    link = _link_header(request, total, params.offset, limit)
    if link:
        response.headers["Link"] = link
    return items
