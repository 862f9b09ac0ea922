"""The closed period on the overview page: administrators close and reopen it there, editors only see it."""

from __future__ import annotations

from tests.api.conftest import Team
from tests.web_ops.conftest import form_value, signed_in

PAGE = "/programmes/xx-demo"


def test_an_administrator_closes_and_reopens_the_period_from_the_overview(team: Team) -> None:
    boss = signed_in(team, "boss")
    page = boss.get(PAGE).text
    assert "No period is closed" in page and 'action="/programmes/xx-demo/period/close"' in page
    csrf = form_value(page, "csrf_token")
    form = {"csrf_token": csrf, "until": "2026-06-30", "reason": "FY26 reported"}
    unconfirmed = boss.post(f"{PAGE}/period/close", data=form)
    assert unconfirmed.status_code == 422 and "confirmation" in unconfirmed.text
    closed = boss.post(f"{PAGE}/period/close", data={**form, "confirm": "yes"}, follow_redirects=False)
    assert closed.status_code == 303 and closed.headers["location"] == f"{PAGE}#period"
    page = boss.get(PAGE).text
    assert "Values dated up to" in page and "by boss" in page and "FY26 reported" in page
    assert 'action="/programmes/xx-demo/period/reopen"' in page
    again = boss.post(f"{PAGE}/period/close", data={**form, "confirm": "yes"})
    assert again.status_code == 409 and "only moves forward" in again.text
    reopened = boss.post(
        f"{PAGE}/period/reopen",
        data={"csrf_token": csrf, "reason": "correction", "confirm": "yes"},
        follow_redirects=False,
    )
    assert reopened.status_code == 303
    assert "No period is closed" in boss.get(PAGE).text


def test_editors_and_readers_see_the_closed_period_without_the_forms(team: Team) -> None:
    boss = signed_in(team, "boss")
    csrf = form_value(boss.get(PAGE).text, "csrf_token")
    form = {"csrf_token": csrf, "until": "2026-06-30", "reason": "FY26 reported", "confirm": "yes"}
    assert boss.post(f"{PAGE}/period/close", data=form, follow_redirects=False).status_code == 303
    ed = signed_in(team, "ed")
    page = ed.get(PAGE).text
    assert "Values dated up to" in page and "/period/close" not in page and "/period/reopen" not in page
    refused = ed.post(f"{PAGE}/period/reopen", data={**form, "csrf_token": form_value(page, "csrf_token")})
    assert refused.status_code == 403 and "Only administrators" in refused.text
    anonymous = team.client().get(PAGE).text
    assert "Values dated up to" in anonymous and "/period/reopen" not in anonymous
