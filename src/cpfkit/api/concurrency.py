"""Optimistic concurrency over HTTP: each record's version is its ``ETag``; writes send it back in ``If-Match``.

A write without ``If-Match`` is refused with 428 (Precondition Required); one
whose version is no longer current gets 412 (Precondition Failed) and changes
nothing.  ``If-Match: *`` is refused too: it would let a write overwrite
changes it has not seen.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

from cpfkit.errors import PreconditionError, VersionRequired

__all__ = ["IfMatch", "etag", "expected_version"]

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description='The ETag of the version the change is based on, as read (e.g. `"3"`).',
    ),
]


def etag(version: int) -> str:
    """The ETag of a record's version.

    Examples:
        >>> etag(3)
        '"3"'
    """
    return f'"{version}"'


def expected_version(if_match: str | None) -> int:
    """The version an ``If-Match`` header names.

    Accepts one entity tag, strong (``"3"``) or weak (``W/"3"``), as sent back by clients and proxies.

    Examples:
        >>> expected_version('"7"'), expected_version('W/"7"')
        (7, 7)

    Raises:
        VersionRequired: no header, or ``*``.
        PreconditionError: the header names no version of a record (it cannot match).
    """
    if if_match is None or not if_match.strip() or if_match.strip() == "*":
        raise VersionRequired("send If-Match with the ETag of the version you read (GET the record first)")
    tags = [t.strip() for t in if_match.split(",") if t.strip()]
    if len(tags) != 1:
        raise PreconditionError("If-Match must name exactly one version")
    tag = tags[0].removeprefix("W/").strip('"')
    if not (tag.isascii() and tag.isdigit()) or len(tag) > 9:
        raise PreconditionError(f"If-Match {tags[0]} does not name a version of this record")
    return int(tag)
