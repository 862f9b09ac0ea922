"""One router per editable resource, built from its description in :mod:`cpfkit.store.records`.

For a resource at ``/api/things`` it serves:

==========  ===========================  ===========================================================
``GET``     ``/api/things``              the list: filters, ``sort``, ``limit``/``offset``, ``format=csv``
``POST``    ``/api/things``              create (201, ``Location`` and ``ETag``)
``GET``     ``/api/things/{id}``         one record, with its ``ETag``
``PATCH``   ``/api/things/{id}``         change the fields given; needs ``If-Match``
``DELETE``  ``/api/things/{id}``         mark deleted (kept, restorable); needs ``If-Match``
``POST``    ``/api/things/{id}/restore`` undo a delete; needs ``If-Match`` (the deleted record's ETag)
==========  ===========================  ===========================================================

Writes need a signed-in editor of the record's programme (administrators for
programme-level resources).  A stale ``If-Match`` gets 412 and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response, status
from starlette.concurrency import run_in_threadpool

from cpfkit.api.auth import WriterDep
from cpfkit.api.cache import CacheDep, text_book
from cpfkit.api.concurrency import IfMatch, etag, expected_version
from cpfkit.api.deps import StoreDep
from cpfkit.api.exact import ExactRoute
from cpfkit.api.language import DataLanguage
from cpfkit.api.listing import CSV_RESPONSES, ListDep, check_params, effective_limit, parse_sort, respond
from cpfkit.services.translations import records_in
from cpfkit.store.records.base import Deleted, Resource
from cpfkit.workplace import editing

__all__ = ["DeletedQuery", "record_router"]

DeletedQuery = Annotated[
    Literal["exclude", "include", "only"],
    Query(description="Deleted records: left out (default), included, or only them."),
]
IntKey = Annotated[int, Path(ge=1, le=2**31 - 1, description="The record's id.")]
StrKey = Annotated[str, Path(min_length=1, max_length=128, description="The record's id.")]


def _typed(func: Callable[..., Any], **annotations: Any) -> Callable[..., Any]:
    """Give a generic endpoint the resource's own types, so the OpenAPI document describes them."""
    func.__annotations__.update(annotations)
    return func


def record_router(res: Resource[Any], *, list_route: bool = True, get_route: bool = True) -> APIRouter:
    """The routes of one resource (``list_route``/``get_route`` off where a richer view already serves them)."""
    router = APIRouter(prefix=f"/api/{res.path}", tags=[res.path], route_class=ExactRoute)
    label = res.name.replace("_", " ")
    key = IntKey if res.key_type is int else StrKey
    public = res.public_schema

    def _etagged(response: Response, record: Any) -> Any:
        response.headers["ETag"] = etag(record.version)
        return record

    if list_route:

        def list_records(
            request: Request,
            response: Response,
            store: StoreDep,
            cache: CacheDep,
            params: ListDep,
            language: DataLanguage,
            filters: Any,
            deleted: DeletedQuery = "exclude",
        ) -> Any:
            check_params(request, {*res.filter_schema.model_fields, "deleted"})
            sort = parse_sort(params.sort, res.sortable)
            items, total = editing.list_records(
                store,
                res,
                filters,
                sort=sort,
                limit=effective_limit(request, params),
                offset=params.offset,
                deleted=deleted,
            )
            if language != "en":  # the texts in the language asked for, where the data translates them
                items = records_in(res.path, items, text_book(cache, store, language))
            return respond(request, response, items, total, params, res.path, public)

        router.add_api_route(
            "",
            _typed(list_records, filters=Annotated[res.filter_schema, Query()]),
            methods=["GET"],
            response_model=list[public],  # type: ignore[valid-type]
            summary=f"List {label} records",
            description=f"{res.__doc__ or ''}\n\nFiltered, sorted (`sort`: {', '.join(res.sortable)}), "
            "paginated; CSV on request. The texts are in the language asked for (`lang`, else `Accept-Language`) "
            "where the data translates them; one record (`GET /{id}`), read to be changed, is as stored.",
            responses=CSV_RESPONSES,
        )

    if get_route:

        def get_record(record_id: Any, response: Response, store: StoreDep, deleted: DeletedQuery = "exclude") -> Any:
            record = editing.get(store, res, record_id, include_deleted=deleted != Deleted.EXCLUDE)
            return _etagged(response, record)

        router.add_api_route(
            "/{record_id}",
            _typed(get_record, record_id=key),
            methods=["GET"],
            response_model=public,
            summary=f"One {label}",
            description="The record, with its version in the `ETag` header (send it back in `If-Match` to change it).",
        )

    async def create_record(
        payload: Any, request: Request, response: Response, store: StoreDep, principal: WriterDep
    ) -> Any:
        record: Any = await run_in_threadpool(editing.create, store, res, payload, principal)
        response.headers["Location"] = f"/api/{res.path}/{record.id}"
        return _etagged(response, record)

    router.add_api_route(
        "",
        _typed(create_record, payload=res.create_schema),
        methods=["POST"],
        status_code=status.HTTP_201_CREATED,
        response_model=public,
        summary=f"Create a {label}",
    )

    async def update_record(
        record_id: Any,
        payload: Any,
        response: Response,
        store: StoreDep,
        principal: WriterDep,
        if_match: IfMatch = None,
    ) -> Any:
        version = expected_version(if_match)
        record = await run_in_threadpool(editing.update, store, res, record_id, payload, version, principal)
        return _etagged(response, record)

    router.add_api_route(
        "/{record_id}",
        _typed(update_record, record_id=key, payload=res.update_schema),
        methods=["PATCH"],
        response_model=public,
        summary=f"Change a {label}",
        description="Changes the fields given, if the record is still at the version named by `If-Match` "
        "(else 412, and nothing is written).",
    )

    async def delete_record(
        record_id: Any, response: Response, store: StoreDep, principal: WriterDep, if_match: IfMatch = None
    ) -> Any:
        version = expected_version(if_match)
        record = await run_in_threadpool(editing.delete, store, res, record_id, version, principal)
        return _etagged(response, record)

    router.add_api_route(
        "/{record_id}",
        _typed(delete_record, record_id=key),
        methods=["DELETE"],
        response_model=public,
        summary=f"Delete a {label}",
        description="Marks the record deleted: it leaves lists and figures but stays in the store, "
        "with its history, and can be restored.",
    )

    async def restore_record(
        record_id: Any, response: Response, store: StoreDep, principal: WriterDep, if_match: IfMatch = None
    ) -> Any:
        version = expected_version(if_match)
        record = await run_in_threadpool(editing.restore, store, res, record_id, version, principal)
        return _etagged(response, record)

    router.add_api_route(
        "/{record_id}/restore",
        _typed(restore_record, record_id=key),
        methods=["POST"],
        response_model=public,
        summary=f"Restore a deleted {label}",
    )
    return router
