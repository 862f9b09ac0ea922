"""The portfolio review of a programme (its risk register is :mod:`cpfkit.api.routers.risks`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from cpfkit.api.cache import CacheDep, text_book
from cpfkit.api.deps import AsOfQuery, StoreDep
from cpfkit.api.exact import ExactRoute
from cpfkit.api.language import DataLanguage
from cpfkit.errors import DataError
from cpfkit.jsonable import jsonable
from cpfkit.model import (
    Institution,
    Instrument,
    MobilisationAttribution,
)
from cpfkit.reports.portfolio import PortfolioReport
from cpfkit.services import portfolio as services_portfolio

__all__ = ["router"]

router = APIRouter(prefix="/api/programmes", tags=["portfolio"], route_class=ExactRoute)


@router.get("/{programme_id}/portfolio", summary="Portfolio review", response_model=PortfolioReport)
def get_portfolio(
    programme_id: str,
    store: StoreDep,
    cache: CacheDep,
    language: DataLanguage,
    as_of: AsOfQuery = None,
    fy: Annotated[
        int | None, Query(description="Fiscal year of the disbursement ratio (default: the as-of FY).")
    ] = None,
    problem_threshold: Annotated[int, Query(ge=1, le=6, description="DO/IP score of a problem project (3 = MU).")] = 3,
    potential_flags: Annotated[int, Query(ge=1, description="Flags that make a potential problem project.")] = 3,
    include_new_approvals: Annotated[bool, Query(description="FY approvals in the ratio's numerator.")] = True,
    include_pforr: Annotated[bool, Query(description="Program-for-results with IPF in the ratio.")] = True,
    institution: Annotated[
        list[Institution] | None,
        Query(description="Institutions whose operations the indicators cover (repeat; default IBRD and IDA)."),
    ] = None,
    instrument: Annotated[
        list[Instrument] | None,
        Query(description="Instruments the indicators cover (repeat; default IPF, PforR and DPF)."),
    ] = None,
    proactive_extensions: Annotated[
        bool, Query(description="Count a closing-date extension as an action on a problem project.")
    ] = False,
    attribution: Annotated[
        MobilisationAttribution | None,
        Query(
            description="Private direct mobilisation shared with other MDBs: pro-rata or full (default: the "
            "programme's setting)."
        ),
    ] = None,
) -> JSONResponse:
    """Envelope and IBRD exposure, review indicators with every flag's evidence, mobilisation, SORT and risks.

    The body is the same object `cpfkit portfolio --json` prints.  The names of the programme, its
    priority areas, operations and agencies, its risks and the notes a flag quotes are in the language
    asked for (`lang`, else `Accept-Language`) where translated; each flag's `evidence` stays English,
    with its message beside it.
    """
    from cpfkit.metrics.portfolio import ReviewRules  # the portfolio engine (DuckDB): loaded on first use

    try:
        rules = ReviewRules(
            problem_threshold=problem_threshold,
            potential_problem_flags=potential_flags,
            include_new_approvals=include_new_approvals,
            include_pforr=include_pforr,
            portfolio_institutions=tuple(i.value for i in institution or ()) or ReviewRules.portfolio_institutions,
            portfolio_instruments=tuple(i.value for i in instrument or ()) or ReviewRules.portfolio_instruments,
            proactive_extensions=proactive_extensions,
            attribution=attribution.value if attribution else None,
            fiscal_year=fy,
        )
    except ValueError as exc:
        raise DataError(str(exc), field="instrument") from None
    try:
        book = text_book(cache, store, language) if language != "en" else None
        report = services_portfolio.portfolio(store, programme_id, as_of, rules, book=book)
    except ValueError as exc:
        raise DataError(str(exc), field="fy" if fy is not None else None) from None
    return JSONResponse(jsonable(report))
