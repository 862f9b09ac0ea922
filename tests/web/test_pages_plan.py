"""The planning page: the plan of the service, constraints changed by editors only, infeasibility, Excel."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml.html import HtmlElement
from openpyxl import load_workbook

from cpfkit.model.plan import AreaShare, EnvelopeOverride, PlanConstraints
from cpfkit.services import planning as services_plan
from cpfkit.services import programmes as services
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.store.audit import Actor
from cpfkit.web.pages_plan import dual_sentence
from cpfkit.workplace import accounts
from cpfkit.workplace.roles import Role
from tests.apps import app_on
from tests.web.dom import css, parse

# Planning starts from today: the tests plan on one fixed day.
pytestmark = pytest.mark.usefixtures("frozen_clock")

PLAN = Path(__file__).parent.parent / "data" / "programmes" / "xx-plan"
AS_OF = "2026-11-01"
PASSWORD = "correct-horse-1"
URL = "/programmes/xx-plan/plan"


class Team:
    def __init__(self, store: Store) -> None:
        services.load_folders(store, [PLAN])
        setup = Actor("test setup", via="cli")
        self.tokens = {}
        for name, role, programmes in (
            ("ed", Role.EDITOR, ["xx-plan"]),
            ("val", Role.VIEWER, []),
            ("boss", Role.ADMIN, []),
        ):
            accounts.add_user(
                store, accounts.UserCreate(name=name, role=role, password=PASSWORD, programmes=programmes), setup
            )
            self.tokens[name] = accounts.create_token(store, name, "tests", setup)[0]
        self.store = store
        self.app = app_on(store, Settings(cookie_secure="false", demo_users=False))

    def client(self, who: str | None = None) -> TestClient:
        client = TestClient(self.app)
        if who is not None:
            client.headers["Authorization"] = f"Bearer {self.tokens[who]}"
        return client


@pytest.fixture
def team(empty_store: Store) -> Team:
    return Team(empty_store)


def service_plan(store: Store, constraints: PlanConstraints | None = None) -> services_plan.PlanReport:
    return services_plan.plan(store, "xx-plan", constraints, as_of=date.fromisoformat(AS_OF), exact_marginals=False)


def planned(doc: HtmlElement) -> dict[str, int]:
    return {r.get("data-project"): int(r.get("data-fy")) for r in css(doc, "table.plan tr.chosen")}


def committed(doc: HtmlElement) -> Decimal:
    rows = css(doc, "table.plan-years tbody tr")
    return sum((Decimal(css(r, "td")[3].text_content().replace(",", "")) for r in rows), Decimal(0))


def test_anyone_sees_the_default_plan_of_the_service(team: Team) -> None:
    response = team.client().get(URL, params={"as_of": AS_OF})
    assert response.status_code == 200
    doc = parse(response.text)
    assert len(css(doc, "h1")) == 1
    [form] = css(doc, "form#plan-constraints")
    assert css(form, "fieldset[disabled]"), "a reader may not change the constraints"
    assert css(doc, 'div.chart[data-chart="chart-plan-envelope"]')
    spec = json.loads(doc.get_element_by_id("chart-plan-envelope").text)
    report = service_plan(team.store)
    assert planned(doc) == {p.project: p.fy for p in report.selected}
    assert {r.get("data-project") for r in css(doc, "table.plan tr.not-chosen")} == {
        s.project for s in report.not_selected
    }
    envelope = next(t for t in spec["data"] if t["name"] == "envelope")
    assert envelope["mode"] == "markers", "the envelope is a level per year, not a line joining the years"
    assert envelope["y"] == [float(y.envelope_usd) / 1e6 for y in report.fiscal_years if y.envelope_usd is not None]
    assert css(doc, "a#plan-xlsx")[0].get("href") == f"{URL}.xlsx?as_of={AS_OF}"
    assert "greedy" in doc.text_content()


def test_an_editor_lowers_the_envelope_and_the_plan_commits_less(team: Team) -> None:
    editor = team.client("ed")
    before = parse(editor.get(URL, params={"as_of": AS_OF}).text)
    assert not css(before, "fieldset[disabled]")
    form = {"as_of": AS_OF, "env_2027": "100", "env_2028": "100", "env_2029": "500"}
    response = editor.post(URL, data=form)
    assert response.status_code == 200
    after = parse(response.text)
    constraints = PlanConstraints(
        envelope=(
            EnvelopeOverride(fy=2027, total_usd=Decimal(100_000_000)),
            EnvelopeOverride(fy=2028, total_usd=Decimal(100_000_000)),
        )
    )
    expected = service_plan(team.store, constraints)
    assert planned(after) == {p.project: p.fy for p in expected.selected}
    assert committed(after) * 1_000_000 == sum(y.planned_usd for y in expected.fiscal_years)
    assert committed(after) < committed(before)
    assert "under your constraints" in after.text_content()
    sentences = [li.text_content() for li in css(after, "ul.duals li")]
    assert sentences == [dual_sentence(d) for d in expected.duals if d.binding or d.lp_binding]
    # no re-solve on the page: the price is the LP relaxation's, and the sentence says so
    relaxed = [s for s in sentences if "for the envelope of FY2" in s]
    assert relaxed and all(s.startswith("In the plan's continuous (LP) relaxation") for s in relaxed), sentences
    href = css(after, "a#plan-xlsx")[0].get("href")
    assert "env_2027=100" in href
    book = editor.get(href)
    assert book.status_code == 200
    assert book.headers["content-disposition"] == f'attachment; filename="xx-plan-plan-{AS_OF}.xlsx"'
    cells = {
        str(c.value) for ws in load_workbook(io.BytesIO(book.content)).worksheets for row in ws.iter_rows() for c in row
    }
    assert {p.project for p in expected.selected} <= cells


def test_infeasible_constraints_show_the_conflict(team: Team) -> None:
    response = team.client("boss").post(URL, data={"as_of": AS_OF, "min_PA1": "90", "min_PA2": "50"})
    assert response.status_code == 200
    doc = parse(response.text)
    report = service_plan(
        team.store,
        PlanConstraints(
            priority_areas={"PA1": AreaShare(min_share=Decimal("0.9")), "PA2": AreaShare(min_share=Decimal("0.5"))}
        ),
    )
    assert report.status == "infeasible" and report.conflicts
    shown = {li.get("data-constraint") for li in css(doc, "section.conflicts li")}
    assert shown == {c.constraint for c in report.conflicts}
    assert not css(doc, "table.plan tr.chosen")


def test_bad_input_is_named(team: Team) -> None:
    response = team.client("ed").post(URL, data={"as_of": AS_OF, "env_2027": "lots", "max_PA1": "150"})
    assert response.status_code == 422
    alerts = [a.text_content() for a in css(parse(response.text), "p.alert")]
    assert any("lots" in a for a in alerts) and any("PA1" in a for a in alerts)
    unknown = team.client("ed").post(URL, data={"as_of": AS_OF, "min_PA9": "10"})
    assert "PA9" in " ".join(a.text_content() for a in css(parse(unknown.text), "p.alert"))


def test_only_editors_change_constraints(team: Team) -> None:
    form = {"as_of": AS_OF, "env_2027": "100"}
    anonymous = team.client().post(URL, data=form, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login?next=")
    assert team.client("val").post(URL, data=form).status_code == 403
    assert team.client("val").get(f"{URL}.xlsx", params=form).status_code == 403
    default = team.client().get(f"{URL}.xlsx", params={"as_of": AS_OF})
    assert default.status_code == 200 and load_workbook(io.BytesIO(default.content)).sheetnames


def test_a_signed_in_editor_posts_with_the_csrf_token(team: Team) -> None:
    browser = TestClient(team.app)
    login = parse(browser.get("/login").text)
    token = css(login, "input[name=csrf_token]")[0].get("value")
    signed = browser.post("/login", data={"name": "ed", "password": PASSWORD, "csrf_token": token, "next": URL})
    assert signed.status_code == 200
    page = parse(browser.get(URL, params={"as_of": AS_OF}).text)
    csrf = css(page, "form#plan-constraints input[name=csrf_token]")[0].get("value")
    form = {"as_of": AS_OF, "env_2027": "100"}
    assert browser.post(URL, data=form).status_code == 403
    assert browser.post(URL, data={**form, "csrf_token": csrf}).status_code == 200


def test_reports_page_offers_the_appraisal_where_there_is_one(team: Team) -> None:
    client = team.client()
    doc = parse(client.get("/programmes/xx-plan/reports").text)
    [link] = css(doc, "a.download-extra[data-report=appraisal]")
    response = client.get(link.get("href"))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert all(a.project in response.text for a in services_plan.appraisals(team.store, "xx-plan"))


def test_numbers_are_read_in_the_page_language(team: Team) -> None:
    russian = team.client("ed")
    russian.cookies.set("cpfkit_lang", "ru")
    response = russian.post(URL, data={"as_of": AS_OF, "env_2027": "100,5", "min_PA1": "10,5"})
    assert response.status_code == 200, response.text
    expected = service_plan(
        team.store,
        PlanConstraints(
            envelope=(EnvelopeOverride(fy=2027, total_usd=Decimal(100_500_000)),),
            priority_areas={"PA1": AreaShare(min_share=Decimal("0.105"))},
        ),
    )
    assert planned(parse(response.text)) == {p.project: p.fy for p in expected.selected}
    english = team.client("ed")
    refused = english.post(URL, data={"as_of": AS_OF, "env_2027": "100,5"})
    assert refused.status_code == 422
    alerts = " ".join(a.text_content() for a in css(parse(refused.text), "p.alert"))
    assert "100.5" in alerts and "decimal comma" in alerts
    huge = english.post(URL, data={"as_of": AS_OF, "env_2027": "20000000"})
    assert huge.status_code == 422 and "ceiling" in " ".join(a.text_content() for a in css(parse(huge.text), "p.alert"))


def test_years_already_beyond_the_envelope_are_warned_on_the_page(team: Team) -> None:
    """US$100 million for FY27 (IBRD's share US$80 million) against US$200 million of IBRD approvals (A0)."""
    editor = team.client("ed")
    doc = parse(editor.post(URL, data={"as_of": AS_OF, "env_2027": "100"}).text)
    items = css(doc, "section.plan-warnings li")
    assert [(li.get("data-code"), li.get("data-fy"), li.get("data-institution")) for li in items] == [
        ("existing_exceeds_envelope", "2027", None),
        ("existing_exceeds_share", "2027", "IBRD"),
    ]
    share = items[1].text_content()
    assert "IBRD commitments already approved (US$200.0 million)" in share
    assert "(US$80.0 million) by US$120.0 million" in share
    assert not css(parse(editor.get(URL, params={"as_of": AS_OF}).text), "section.plan-warnings")

    russian = team.client("ed")
    russian.cookies.set("cpfkit_lang", "ru")
    ru = parse(russian.post(URL, data={"as_of": AS_OF, "env_2027": "100"}).text)
    [_, share_ru] = [li.text_content() for li in css(ru, "section.plan-warnings li")]
    assert "уже одобренные обязательства IBRD (200,0 млн US$)" in share_ru.replace("\xa0", " ")
    assert "превышают долю IBRD" in share_ru
    assert "Предупреждения" in ru.text_content()
    [note] = [p.text_content() for p in css(ru, "p.duals-note")]
    assert "непрерывной (ЛП) релаксации" in note


def test_a_plan_with_nothing_to_choose_says_so_instead_of_a_gain(team: Team) -> None:
    editor = team.client("ed")
    default = parse(editor.get(URL, params={"as_of": AS_OF}).text)
    assert css(default, "p.plan-outcome")[0].get("data-code") == "optimal"
    assert "a gain of" in default.text_content() and not css(default, "p.nothing-to-choose")

    rich = {"as_of": AS_OF, "env_2027": "2000", "env_2028": "2000", "env_2029": "2000"}
    doc = parse(editor.post(URL, data=rich).text)
    expected = service_plan(
        team.store,
        PlanConstraints(
            envelope=tuple(EnvelopeOverride(fy=f, total_usd=Decimal(2_000_000_000)) for f in (2027, 2028, 2029))
        ),
    )
    assert expected.nothing_to_choose
    [outcome] = css(doc, "p.plan-outcome")
    assert outcome.get("data-code") == "nothing_to_choose"
    assert outcome.text_content().startswith("Nothing to choose: every candidate worth financing fits")
    [greedy] = css(doc, "p.nothing-to-choose")
    assert "a gain of" not in doc.text_content() and "The greedy baseline reaches" in greedy.text_content()
    # US$2 billion a year: nothing limits the plan, so no shadow price is shown to be misread
    assert not css(doc, "ul.duals li") and not css(doc, "p.duals-note") and "No constraint binds." in doc.text_content()
