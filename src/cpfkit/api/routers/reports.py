"""The results framework and the standard reviews: results as JSON, each report in each format."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from cpfkit.api.compute import ComputeDep
from cpfkit.api.deps import AsOfQuery, StoreDep
from cpfkit.api.exact import ExactRoute
from cpfkit.api.language import DataLanguage
from cpfkit.metrics.framework import FrameworkResults
from cpfkit.reports.language import LANGUAGES
from cpfkit.reports.render import MEDIA_TYPES, render_bytes
from cpfkit.services import results as rs

__all__ = ["router"]

router = APIRouter(prefix="/api/programmes", tags=["results and reviews"], route_class=ExactRoute)

ReportKind = Literal["results-matrix", "plr", "clr"]
ReportFormat = Literal["json", "html", "pdf", "xlsx"]
ReportLanguage = Literal["en", "ru", "kk"]


def request_language(request: Request) -> str:
    """The language the application chose for the request (asked, the user's, the cookie's, Accept-Language's).

    The application's language middleware chooses it, by the pages' rule, and answers it as ``Content-Language``.
    """
    chosen = getattr(request.state, "cpfkit_locale", None)
    return chosen if chosen in LANGUAGES else "en"


@router.get("/{programme_id}/results", summary="Results framework on a date")
def get_results(
    programme_id: str, store: StoreDep, language: DataLanguage, as_of: AsOfQuery = None
) -> FrameworkResults:
    """Every indicator's latest actual, progress and status, and every objective's rating, as of the date.

    The titles and names are in the language asked for (`lang`, else `Accept-Language`) where translated.
    """
    return rs.framework(store, programme_id, as_of, language)


@router.get(
    "/{programme_id}/reports/{kind}",
    summary="A standard report",
    response_class=Response,
    responses={200: {"content": {m.split(";")[0]: {} for m in MEDIA_TYPES.values()}}},
)
def get_report(
    request: Request,
    programme_id: str,
    kind: Annotated[ReportKind, Path(description="results-matrix, plr or clr")],
    store: StoreDep,
    slots: ComputeDep,
    as_of: AsOfQuery = None,
    fmt: Annotated[ReportFormat, Query(alias="format", description="json, html, pdf or xlsx")] = "json",
    lang: Annotated[
        ReportLanguage | None,
        Query(description="Language of the report: en, ru or kk (default: the Accept-Language header's, else en)"),
    ] = None,
) -> Response:
    """The results matrix, the Performance and Learning Review or the Completion and Learning Review, as a file.

    The report is written in the language asked for with `?lang=`, else the signed-in user's, else the one
    `Accept-Language` prefers (English when none is known), as the pages choose theirs; the answer's
    `Content-Language` says which.  A PDF takes seconds to lay out: a server makes only a few at once, and
    answers 429 with `Retry-After` when busy.
    """
    language = lang or request_language(request)
    report = rs.build_report(store, kind, programme_id, as_of, language)
    name = f"{programme_id}-{kind}-{report.report.as_of.isoformat()}.{fmt}"
    disposition = "inline" if fmt in ("html", "json") else "attachment"
    content = (
        slots.run(lambda: render_bytes(report, fmt, language)) if fmt == "pdf" else render_bytes(report, fmt, language)
    )
    return Response(
        content=content,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'{disposition}; filename="{name}"'},
    )
