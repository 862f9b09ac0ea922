"""The portfolio and risk pages: review figures, SORT heat map, the register and its forms, the fan chart."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient

from cpfkit.services import portfolio as services_portfolio
from cpfkit.services import programmes as services
from cpfkit.store import Store
from cpfkit.store.audit import AuditQuery
from cpfkit.web.pages_risk import FAN_RUNS, FAN_SEED
from cpfkit.workplace import editing
from tests.api.conftest import Team
from tests.web_ops.conftest import chart, form_value, signed_in


def _figure(html: str, key: str) -> str:
    found = re.search(rf'data-figure="{key}">(.*?)</span>', html, re.S)
    assert found, key
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_the_portfolio_page_shows_the_review(api: TestClient, embedded_store: Store) -> None:
    day = date(2026, 11, 26)
    page = api.get(f"/programmes/kz-2026-2031/portfolio?as_of={day}")
    assert page.status_code == 200
    html = page.text
    assert html.count("<h1") == 1 and 'aria-current="page"' in html
    report = services_portfolio.portfolio(embedded_store, "kz-2026-2031", day)
    ind = report.indicators
    assert _figure(html, "problem_projects") == str(ind.problem_projects)
    assert _figure(html, "potential_problem_projects") == str(ind.potential_problem_projects)
    assert _figure(html, "projects_at_risk") == str(ind.projects_at_risk)
    assert _figure(html, "active_projects") == str(ind.active_projects)
    assert _figure(html, "commitments_at_risk_usd") == f"US${ind.commitments_at_risk_usd / 1_000_000:,.0f}M"
    assert report.disbursement_ratio.ratio is not None
    assert _figure(html, "disbursement_ratio") == f"{report.disbursement_ratio.ratio:.0%}"
    assert report.explanations["problem_projects"] in html
    tables = "".join(re.findall(r'<table class="flags">(.*?)</table>', html, re.S))  # flags, then problem projects
    assert tables
    rows = re.findall(r"<tr>\s*<td><a href=\"/projects/([^\"]+)\"", tables)
    listed = [f.project for f in report.flags if f.flag != "problem-project"]
    assert rows == listed + [f.project for f in report.flags if f.flag == "problem-project"] and rows
    for flag in report.flags:
        assert flag.evidence.replace("&", "&amp;") in tables or flag.evidence in tables
    heat = chart(html, "chart-sort-heatmap")["data"][0]
    first = report.sort.heat_map[0]
    assert heat["z"][0] == [float(first.cells[lv].share or 0) for lv in ("Low", "Moderate", "Substantial", "High")]
    exposure = report.envelope.ibrd_exposure.exposure_usd
    assert f'data-figure="ibrd-exposure">US${exposure / 1_000_000:,.0f}M' in html
    assert f'data-figure="pdm">US${report.mobilisation.private_direct_usd / 1_000_000:,.0f}M' in html


def test_an_earlier_date_gives_that_date_s_review(api: TestClient, embedded_store: Store) -> None:
    html = api.get("/programmes/kz-2020-2025/portfolio?as_of=2024-06-30").text
    report = services_portfolio.portfolio(embedded_store, "kz-2020-2025", date(2024, 6, 30))
    assert 'value="2024-06-30"' in html and report.disbursement_ratio.label in html
    assert _figure(html, "active_projects") == str(report.indicators.active_projects)


def test_the_risk_page_shows_sort_register_and_fan(api: TestClient, embedded_store: Store) -> None:
    page = api.get("/programmes/kz-2026-2031/risk")
    assert page.status_code == 200
    html = page.text
    assert html.count("<h1") == 1
    chart(html, "chart-sort-heatmap")
    register = re.search(r'<table class="register">(.*?)</table>', html, re.S)
    assert register
    codes = re.findall(r'<tr data-code="([^"]+)"', register.group(1))
    assert sorted(codes) == sorted(r.code for r in services_portfolio.risk_register(embedded_store, "kz-2026-2031"))
    assert "Climate and disaster resilience" in register.group(1)  # the lens of R1
    assert 'id="risk-add"' not in html  # no forms for anonymous readers
    fan = chart(html, "chart-fan")
    sim = services.simulate(embedded_store, "kz-2026-2031", runs=FAN_RUNS, seed=FAN_SEED, workers=1)
    p50 = next(t for t in fan["data"] if t.get("name") == "P50 (baseline)")
    assert p50["y"] == [float(y.p50) / 1_000_000 for y in sim.disbursements_by_fy]
    assert f"{FAN_RUNS:,} runs, seed {FAN_SEED}" in html


def test_an_editor_adds_and_closes_a_risk_with_audit(team: Team) -> None:
    viewer = signed_in(team, "val")
    html = viewer.get("/programmes/xx-demo/risk").text
    assert 'id="risk-add"' not in html
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert token
    refused = viewer.post(
        "/programmes/xx-demo/risk/add", data={"csrf_token": token.group(1), "title": "x", "rating": "High"}
    )
    assert refused.status_code == 403 and "viewer" in refused.text
    assert services_portfolio.risk_register(team.store, "xx-demo") == []

    editor = signed_in(team, "ed")
    html = editor.get("/programmes/xx-demo/risk").text
    assert 'id="risk-add"' in html
    csrf = form_value(html, "csrf_token")
    added = editor.post(
        "/programmes/xx-demo/risk/add",
        data={
            "csrf_token": csrf,
            "title": "Floods on the road",
            "rating": "Substantial",
            "category": "technical-design",
            "factors": ["resilience", "supply-chain"],
            "mitigation": "Raise the embankment",
            "owner": "Roads Committee",
            "project": "P1",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303
    (entry,) = services_portfolio.risk_register(team.store, "xx-demo")
    assert entry.title == "Floods on the road" and [f.value for f in entry.factors] == ["resilience", "supply-chain"]
    page = editor.get("/programmes/xx-demo/risk").text
    assert f'data-code="{entry.code}"' in page and "Raise the embankment" in page
    assert "Floods on the road" in editor.get("/projects/P1").text  # on the operation's page too
    closed = editor.post(
        f"/programmes/xx-demo/risk/{entry.code}/close",
        data={"csrf_token": csrf, "note": "embankment built"},
        follow_redirects=False,
    )
    assert closed.status_code == 303
    (entry,) = services_portfolio.risk_register(team.store, "xx-demo")
    assert entry.status.value == "closed" and entry.closing_note == "embankment built"
    trail, _ = editing.audit_entries(team.store, AuditQuery(entity="risk"))
    assert [(e.action, e.actor) for e in trail] == [("update", "ed"), ("create", "ed")]
    assert "embankment built" in editor.get("/projects/P1").text  # the history of the operation shows it


def test_a_bad_risk_is_not_saved_and_says_why(team: Team) -> None:
    editor = signed_in(team, "ed")
    csrf = form_value(editor.get("/programmes/xx-demo/risk").text, "csrf_token")
    full = {"title": "Floods", "rating": "High", "category": "technical-design", "owner": "Roads Committee"}
    bad = editor.post("/programmes/xx-demo/risk/add", data={"csrf_token": csrf, **full, "rating": "Huge"})
    assert bad.status_code == 422 and "Not saved" in bad.text
    assert services_portfolio.risk_register(team.store, "xx-demo") == []


def test_a_risk_without_its_rating_category_or_owner_is_refused_beside_the_field(team: Team) -> None:
    editor = signed_in(team, "ed")
    page = editor.get("/programmes/xx-demo/risk").text
    csrf = form_value(page, "csrf_token")
    form = re.search(r'<form id="risk-add".*?</form>', page, re.S)
    assert form
    for name in ("r-rating", "r-category"):  # nothing is chosen before the person chooses
        select = re.search(rf'<select id="{name}"[^>]*>(.*?)</select>', form.group(0), re.S)
        assert select and " selected" not in select.group(1) and '<option value="">' in select.group(1)
    full = {"title": "Floods", "rating": "High", "category": "technical-design", "owner": "Roads Committee"}
    messages = {
        "rating": "Choose the rating.",
        "category": "Choose the SORT category.",
        "owner": "Name who owns the mitigation.",
    }
    for field, message in messages.items():
        data = {"csrf_token": csrf, **full, field: "", "mitigation": "Raise the embankment"}
        refused = editor.post("/programmes/xx-demo/risk/add", data=data)
        assert refused.status_code == 422, field
        beside = re.search(rf'<span class="field-error" id="r-{field}-error" role="alert">([^<]*)</span>', refused.text)
        assert beside and beside.group(1) == message, field
        assert f'aria-describedby="r-{field}-error"' in refused.text
        assert 'value="Raise the embankment"' in refused.text  # what was typed is kept
        assert refused.text.count('class="field-error"') == 1
    assert services_portfolio.risk_register(team.store, "xx-demo") == []
    russian = editor.post("/programmes/xx-demo/risk/add?lang=ru", data={"csrf_token": csrf, **full, "owner": " "})
    beside = re.search(r'id="r-owner-error" role="alert">([^<]*)</span>', russian.text)
    assert (
        russian.status_code == 422 and beside and beside.group(1) == "Укажите, кто отвечает за меры по снижению риска."
    )
    assert services_portfolio.risk_register(team.store, "xx-demo") == []
    added = editor.post("/programmes/xx-demo/risk/add", data={"csrf_token": csrf, **full}, follow_redirects=False)
    assert added.status_code == 303
    (entry,) = services_portfolio.risk_register(team.store, "xx-demo")
    assert (entry.rating.value, entry.category and entry.category.value, entry.owner) == (
        "High",
        "technical-design",
        "Roads Committee",
    )
