"""The pages of the dashboard and what each must show: the URL and DOM contract the browser tests check.

Each page has one ``<h1>``; each chart is ``div.chart[data-chart="chart-NAME"]``, drawn by Plotly.
``parts`` are selectors that must match on the page (for the editor, who sees the edit forms).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FORMATS", "PAGES", "PROGRAMME", "PROJECT", "REPORTS", "ContractPage", "page"]

PROGRAMME = "kz-2026-2031"
PROJECT = "P500565"  # TRACE: active, with disbursements and ratings, in the programme the demo editor edits

REPORTS = ("results-matrix", "plr", "clr")
FORMATS = {
    "html": "text/html",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@dataclass(frozen=True)
class ContractPage:
    """A page: its name (the screenshot's name), its path, its tab key, its charts and its required parts."""

    name: str
    path: str
    tab: str | None
    charts: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()


PAGES = (
    ContractPage(
        "overview", f"/programmes/{PROGRAMME}", "overview", ("chart-envelope", "chart-areas", "chart-map"), ()
    ),
    ContractPage(
        "project", f"/projects/{PROJECT}", None, ("chart-scurve", "chart-ratings"), ("form#project-edit", "#audit")
    ),
    ContractPage("results", f"/programmes/{PROGRAMME}/results", "results", (), ("table.results-matrix",)),
    ContractPage(
        "portfolio", f"/programmes/{PROGRAMME}/portfolio", "portfolio", ("chart-sort-heatmap",), ("table.flags",)
    ),
    ContractPage(
        "risk", f"/programmes/{PROGRAMME}/risk", "risk", ("chart-sort-heatmap", "chart-fan"), ("table.register",)
    ),
    ContractPage(
        "plan",
        f"/programmes/{PROGRAMME}/plan",
        "plan",
        ("chart-plan-envelope",),
        ("form#plan-constraints", "table.plan", "a#plan-xlsx"),
    ),
    ContractPage(
        "reports",
        f"/programmes/{PROGRAMME}/reports",
        "reports",
        (),
        tuple(f'a.download[data-report="{r}"][data-format="{f}"]' for r in REPORTS for f in FORMATS),
    ),
)


def page(name: str) -> ContractPage:
    """The contract page of a name."""
    return next(p for p in PAGES if p.name == name)
