"""The OpenAPI document as the API really answers: problem+json errors, and links between operations.

FastAPI documents each operation's success and a ``422`` of its own shape (``HTTPValidationError``,
``application/json``).  cpfkit answers every error as ``application/problem+json`` (RFC 9457,
:mod:`cpfkit.api.errors`), so the document says so: ``422``, every other ``4XX``, ``500`` and ``503`` refer to
one ``Problem`` schema, and ``429`` and ``503`` carry ``Retry-After``.  ``If-Match`` is documented as
required, with the form of an ETag (a request without it gets 428).

Links (OpenAPI 3.1 "links") say how one answer feeds the next request: a record created by
``POST /api/things`` is read, changed and deleted at ``/api/things/{record_id}`` with the ``id`` of
the answer and its ``ETag`` as ``If-Match``; a deleted record is restored with the ``ETag`` of the
delete.  Clients can follow them; the stateful API tests do.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

__all__ = ["PROBLEM_SCHEMA", "describe", "install_openapi"]

PROBLEM = "application/problem+json"
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An error (RFC 9457), naming the field, record or file at fault where there is one.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "field": {"type": "string"},
        "record": {"type": "string"},
        "file": {"type": "string"},
        "current_version": {"type": "integer", "description": "412: the record's version now."},
        "limit": {"type": "integer", "description": "413: the largest body the server reads, in bytes."},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
_REF = {"$ref": "#/components/schemas/Problem"}
_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "string"},
        "required": True,
    }
}
_ERRORS: dict[str, dict[str, Any]] = {
    "422": {"description": "A bad value: `field` names it."},
    "4XX": {
        "description": "Refused (docs/api.md, Errors): 400, 401, 403, 404, 409, 412, 413 (body over the limit), 428, "
        "429 (with `Retry-After`: too many failed sign-ins, or the server is busy with long computations)."
    },
    "429": {"description": "Too many failed sign-ins, or every compute slot taken.", "headers": _RETRY_AFTER},
    "500": {"description": "A fault of cpfkit's own, logged with its traceback on the server."},
    "503": {"description": "The database is busy or unreachable.", "headers": _RETRY_AFTER},
}
_RECORD = "record_id"
_IF_MATCH_SCHEMA = {
    "type": "string",
    "pattern": '^(W/)?"[0-9]{1,9}"$',
    "description": 'The ETag of the version the change is based on, as read (e.g. `"3"`); without it: 428.',
}


def _if_match_required(operation: dict[str, Any]) -> None:
    """``If-Match`` is read as optional only so that its absence gets 428, not 422: the document says it is needed."""
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "header" and parameter.get("name") == "If-Match":
            parameter["required"] = True
            parameter["schema"] = dict(_IF_MATCH_SCHEMA)


def _problem_responses(operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    for status, text in _ERRORS.items():
        responses[status] = {**text, "content": {PROBLEM: {"schema": _REF}}}


def _link(target: dict[str, Any], description: str, **parameters: str) -> dict[str, Any]:
    return {"operationId": target["operationId"], "description": description, "parameters": parameters}


def _success(operation: dict[str, Any]) -> dict[str, Any] | None:
    for status in ("201", "200", "204"):
        if status in operation.get("responses", {}):
            found: dict[str, Any] = operation["responses"][status]
            return found
    return None


def _record_links(one: dict[str, Any], record: str, version: str | None) -> dict[str, Any]:
    """Links to read, change and delete one record, its id taken from ``record`` and its ETag from ``version``."""
    links: dict[str, Any] = {}
    if "get" in one:
        links["ReadTheRecord"] = _link(one["get"], "Read the record.", **{_RECORD: record})
    if version is not None:
        versioned = {_RECORD: record, "If-Match": version}
        if "patch" in one:
            links["ChangeTheRecord"] = _link(one["patch"], "Change the record, at the version read.", **versioned)
        if "delete" in one:
            links["DeleteTheRecord"] = _link(one["delete"], "Delete the record, at the version read.", **versioned)
    return links


def _add_links(paths: dict[str, Any]) -> None:
    """Links between the routes of each record resource (``/api/things`` and ``/api/things/{record_id}``).

    The list leads to its first record; a create, a read and a change lead to reading, changing and
    deleting the same record with the ``ETag`` just answered; a delete leads to its restore.
    """
    etag, here = "$response.header.ETag", f"$request.path.{_RECORD}"
    for path, item in paths.items():
        one = paths.get(f"{path}/{{{_RECORD}}}", {})
        if not one:
            continue
        answers = [
            (_success(item["get"]) if "get" in item else None, "$response.body#/0/id", None),
            (_success(item["post"]) if "post" in item else None, "$response.body#/id", etag),
            (_success(one["get"]) if "get" in one else None, here, etag),
            (_success(one["patch"]) if "patch" in one else None, here, etag),
        ]
        for answer, record, version in answers:
            if answer is not None:
                answer.setdefault("links", {}).update(_record_links(one, record, version))
        restore = paths.get(f"{path}/{{{_RECORD}}}/restore", {}).get("post")
        deleted = _success(one["delete"]) if "delete" in one else None
        if restore is not None and deleted is not None:
            deleted.setdefault("links", {})["RestoreTheRecord"] = _link(
                restore, "Undo the delete, at the version the delete left.", **{_RECORD: here, "If-Match": etag}
            )


def describe(doc: dict[str, Any]) -> dict[str, Any]:
    """Complete FastAPI's document: problem+json errors on every ``/api`` operation, and the links."""
    doc.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for path, item in doc.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for operation in item.values():
            if isinstance(operation, dict) and "responses" in operation:
                _problem_responses(operation)
                _if_match_required(operation)
    _add_links(doc.get("paths", {}))
    schemas = doc["components"]["schemas"]
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return doc


def install_openapi(app: FastAPI) -> None:
    """Serve :func:`describe`'s document at the application's OpenAPI URL."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = describe(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
