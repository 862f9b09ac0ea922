"""Numbers typed into the operation form: each page's language, refusals that save nothing, and the confirm step."""

from __future__ import annotations

import html as html_lib
import re
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from cpfkit.store.records import resource
from cpfkit.workplace import editing
from tests.api.conftest import Team
from tests.web_ops.conftest import form_value, signed_in


def _editor(team: Team, language: str) -> TestClient:
    client = signed_in(team, "ed")
    client.cookies.set("cpfkit_lang", language)
    return client


def _form(client: TestClient, amount: str) -> dict[str, str]:
    page = client.get("/projects/P1").text
    return {
        "csrf_token": form_value(page, "csrf_token"),
        "version": form_value(page, "version"),
        "commitment.amount": amount,
        "commitment.currency": "USD",
    }


def _amount_field(page: str) -> str:
    found = re.search(r'name="commitment.amount"[^>]*? value="([^"]*)"', page)
    assert found, "no commitment field"
    return html_lib.unescape(found.group(1))


def _stored(team: Team) -> tuple[Decimal, int]:
    record = editing.get(team.store, resource("projects"), "P1")
    return record.commitment.amount, record.version  # type: ignore[attr-defined]


def _alert(page: str) -> str:
    found = re.search(r'<p class="alert"[^>]*>(.*?)</p>', page, re.S)
    assert found, "no alert on the page"
    return html_lib.unescape(found.group(1))


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_decimal_comma_is_the_decimal_mark_in_russian_and_kazakh(team: Team, language: str) -> None:
    editor = _editor(team, language)
    saved = editor.post("/projects/P1", data=_form(editor, "0,00075"))  # US$ millions: 750 dollars
    assert saved.status_code == 200, saved.text
    assert _stored(team) == (Decimal("750"), 2)
    again = editor.get("/projects/P1").text
    assert _amount_field(again) == "0,00075"  # shown as the page's language writes it


def test_a_decimal_comma_on_an_english_page_is_refused_with_the_hint_and_nothing_is_saved(team: Team) -> None:
    editor = _editor(team, "en")
    refused = editor.post("/projects/P1", data=_form(editor, "0,00075"))
    assert refused.status_code == 422
    assert "0.00075" in _alert(refused.text) and "decimal comma" in _alert(refused.text)
    assert _stored(team) == (Decimal("600"), 1)
    saved = editor.post("/projects/P1", data=_form(editor, "0.00075"))
    assert saved.status_code == 200 and _stored(team) == (Decimal("750"), 2)


def test_a_doubtful_number_is_refused_in_russian_with_both_readings(team: Team) -> None:
    editor = _editor(team, "ru")
    refused = editor.post("/projects/P1", data=_form(editor, "1.234"))
    assert refused.status_code == 422
    message = _alert(refused.text)
    assert "1234" in message and "1,234" in message and "Не сохранено" in message
    assert _stored(team) == (Decimal("600"), 1)


def test_the_form_sent_back_unchanged_changes_nothing_in_each_language(team: Team) -> None:
    for language in ("en", "ru", "kk"):
        editor = _editor(team, language)
        page = editor.get("/projects/P1").text
        form = {
            "csrf_token": form_value(page, "csrf_token"),
            "version": form_value(page, "version"),
            "commitment.amount": _amount_field(page),
            "commitment.currency": "USD",
        }
        response = editor.post("/projects/P1", data=form)
        assert response.status_code == 200 and 'id="confirm-change"' not in response.text
    assert _stored(team) == (Decimal("600"), 1)


@pytest.mark.parametrize(
    ("language", "typed", "words"),
    [
        ("en", "20,000,000", "ceiling"),  # millions: 2×10^13, above the ceiling of a single amount
        ("en", "0.000000001", "decimals"),  # a tenth of a cent
        ("en", "1e3", "exponent"),
        ("ru", "20 000 000", "предела"),
        ("ru", "0,000000001", "знаков после запятой"),
    ],
)
def test_huge_and_over_precise_amounts_are_refused_and_nothing_is_saved(
    team: Team, language: str, typed: str, words: str
) -> None:
    editor = _editor(team, language)
    refused = editor.post("/projects/P1", data=_form(editor, typed))
    assert refused.status_code == 422, refused.text
    assert words in _alert(refused.text)
    assert _stored(team) == (Decimal("600"), 1)


def test_a_large_change_asks_for_confirmation_and_saves_only_once_confirmed(team: Team) -> None:
    editor = _editor(team, "ru")
    form = _form(editor, "1 234,5")  # 600 dollars to 1,234.5 million: far more than twice
    asked = editor.post("/projects/P1", data=form)
    assert asked.status_code == 200
    assert _stored(team) == (Decimal("600"), 1)  # nothing saved yet
    section = re.search(r'<section class="panel" id="confirm-change">(.*?)</section>', asked.text, re.S)
    assert section, "no confirmation asked"
    text = html_lib.unescape(section.group(1))
    assert "0,0006 млн USD → 1\u00a0234,5 млн USD" in text and "вдвое" in text
    replay = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', section.group(1)))
    assert replay["commitment.amount"] == "1 234,5" and replay["confirm"]
    # the confirmation of one amount does not confirm another
    other = editor.post("/projects/P1", data={**replay, "commitment.amount": "2 000"})
    assert other.status_code == 200 and 'id="confirm-change"' in other.text
    assert _stored(team) == (Decimal("600"), 1)
    saved = editor.post("/projects/P1", data=replay)
    assert saved.status_code == 200 and 'id="confirm-change"' not in saved.text
    assert _stored(team) == (Decimal("1234500000"), 2)
    # and back down to less than half asks again
    smaller = editor.post("/projects/P1", data=_form(editor, "100"))
    assert "меньше половины" in html_lib.unescape(smaller.text)
    assert _stored(team) == (Decimal("1234500000"), 2)


def test_a_change_within_half_and_twice_is_saved_at_once(team: Team) -> None:
    editor = _editor(team, "en")
    saved = editor.post("/projects/P1", data=_form(editor, "0.0012"))  # exactly twice: no question
    assert saved.status_code == 200 and 'id="confirm-change"' not in saved.text
    assert _stored(team) == (Decimal("1200"), 2)
