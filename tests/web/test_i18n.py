"""The pages in English, Russian and Kazakh: catalogs, the language of a request, locale formatting, the cache."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cpfkit.cli import app as cli
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.web import i18n, templating
from cpfkit.web.language import LANG_COOKIE
from cpfkit.workplace import accounts
from tests.api.conftest import PASSWORD, Team, make_team
from tests.apps import app_on

ROOT = Path(__file__).parents[2]
NBSP = "\u00a0"


def _catalog(lang: str) -> dict[str | tuple[str, ...], str | tuple[str, ...]]:
    with (i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale=lang)
    return {m.id if isinstance(m.id, str) else tuple(m.id): m.string for m in catalog if m.id and not m.fuzzy}


def _extracted() -> set[str | tuple[str, ...]]:
    """Every message of the page code and templates, extracted now with babel.cfg (as `make i18n` does)."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {**DEFAULT_KEYWORDS, "N_": None, "Nn_": (1, 2)}  # pybabel's, with `-k N_ -k Nn_:1,2` as in `make i18n`
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    plural = {m[0] for m in found if isinstance(m, tuple)}
    return {m for m in found if not (isinstance(m, str) and m in plural)}  # one catalog entry, as pybabel keeps it


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)s", text))


@pytest.fixture
def locale() -> Iterator[object]:
    """Set the current locale in a test; reset it afterwards."""
    tokens = []

    def use(lang: str) -> None:
        tokens.append(i18n.current_locale.set(lang))

    yield use
    for token in reversed(tokens):
        i18n.current_locale.reset(token)


# -- the catalogs ------------------------------------------------------------------------------------------------


def test_every_message_of_the_pages_has_a_russian_translation() -> None:
    messages = _extracted()
    assert "Headline results" in messages and ("operation", "operations") in messages and "viewer" in messages
    russian = _catalog("ru")
    missing = sorted(str(m) for m in messages if not russian.get(m) or not all(russian[m]))
    assert not missing, f"untranslated in ru (run `make i18n` and translate): {missing}"


def test_a_singular_message_reads_the_plural_entry_of_the_same_text() -> None:
    """pybabel keeps ``_("operation")`` and ``ngettext("operation", "operations", n)`` as one entry."""
    from cpfkit.language.catalogs import translations

    for lang in ("ru", "kk"):
        one = translations(lang).ngettext("operation", "operations", 1)
        assert one != "operation" and translations(lang).gettext("operation") == one


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_translations_keep_the_placeholders_and_the_markup(lang: str) -> None:
    for msgid, text in _catalog(lang).items():
        if not text or not all(text):
            continue
        ids = (msgid,) if isinstance(msgid, str) else msgid
        texts = (text,) if isinstance(text, str) else text
        for translated in texts:
            assert _placeholders(translated) <= _placeholders(" ".join(ids)), (msgid, translated)
            assert translated.count("<") == ids[0].count("<"), (msgid, translated)


def test_the_catalogs_are_current_with_the_sources() -> None:
    """The template (`messages.pot`) and each catalog hold exactly the messages in the code: run `make i18n`."""
    messages = _extracted()
    with (i18n.LOCALE_DIR / "messages.pot").open("rb") as f:
        template = {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(f) if m.id}
    assert template == messages
    for lang in ("ru", "kk"):
        with (i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
            assert {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(f) if m.id} == messages


def test_kazakh_falls_back_to_russian_then_english(locale: object, monkeypatch: pytest.MonkeyPatch) -> None:
    locale("kk")  # type: ignore[operator]
    assert i18n.gettext("Overview") == "Шолу"
    assert i18n.gettext("Headroom") == "Лимит қалдығы"
    kazakh = i18n.translations("kk")._catalog  # type: ignore[attr-defined]
    monkeypatch.delitem(kazakh, "Country Partnership Frameworks", raising=False)  # as if Kazakh lacked it
    assert i18n.gettext("Country Partnership Frameworks") == "Рамочные программы партнёрства со страной"
    assert i18n.gettext("not a message of the pages") == "not a message of the pages"


def test_russian_plurals(locale: object) -> None:
    locale("ru")  # type: ignore[operator]
    forms = [i18n.ngettext("operation", "operations", n) for n in (1, 3, 5, 21, 11)]
    assert forms == ["операция", "операции", "операций", "операция", "операций"]


# -- formatting --------------------------------------------------------------------------------------------------


def test_english_formats(locale: object) -> None:
    locale("en")  # type: ignore[operator]
    assert templating.millions(Decimal("1234500000")) == "1,234.5"
    assert templating.usd_m(Decimal("1655000000")) == "US$1,655M"
    assert templating.figure(Decimal("94000")) == "94,000" and templating.figure(Decimal("2.25")) == "2.3"
    assert templating.figure(Decimal("1531000000"), "USD") == "US$1.53 billion"
    assert templating.figure(None) == "no data"
    assert templating.percent(Decimal("0.262")) == "26%"
    assert templating.day(date(2026, 11, 26)) == "Nov 26, 2026"
    assert templating.fy(2027) == "FY27"
    assert templating.plotly_separators() == ".,"


def test_russian_formats(locale: object) -> None:
    locale("ru")  # type: ignore[operator]
    assert templating.millions(Decimal("1234500000")) == f"1{NBSP}234,5"
    assert templating.millions(Decimal("1234500000"), 0) == f"1{NBSP}235"  # half away from zero
    assert templating.usd_m(Decimal("1655000000")) == f"1{NBSP}655{NBSP}млн долл. США"
    assert templating.figure(Decimal("1531000000"), "USD") == f"1,53{NBSP}млрд долл. США"
    assert templating.figure(Decimal("94000")) == f"94{NBSP}000" and templating.figure(Decimal("2.25")) == "2,3"
    assert templating.figure(None) == "нет данных"
    assert templating.percent(Decimal("0.262")) == f"26{NBSP}%"
    assert templating.day(date(2026, 11, 26)) == "26 нояб. 2026\u202fг."  # a narrow no-break space
    assert templating.fy(2027) == "ФГ27"
    assert templating.plotly_separators() == f",{NBSP}"


def test_kazakh_formats(locale: object) -> None:
    locale("kk")  # type: ignore[operator]
    assert templating.millions(Decimal("1234500000")) == f"1{NBSP}234,5"
    assert templating.day(date(2026, 11, 26)) == "2026\u202fж. 26 қар."
    assert templating.fy(2027) == "ҚЖ27"
    assert templating.usd_m(Decimal("1655000000")) == f"1{NBSP}655{NBSP}млн АҚШ доллары"


def test_choosing_the_language() -> None:
    assert i18n.choose_locale() == "en"
    assert i18n.choose_locale(accept="ru-RU,ru;q=0.9,en-US;q=0.8") == "ru"
    assert i18n.choose_locale(accept="de-DE,kk;q=0.5,ru;q=0.7") == "ru"  # by quality
    assert i18n.choose_locale(accept="kk-KZ") == "kk"
    assert i18n.choose_locale(accept="de, fr;q=0.5") == "en"
    assert i18n.choose_locale(cookie="kk", accept="ru") == "kk"
    assert i18n.choose_locale(stored="ru", cookie="kk", accept="en") == "ru"
    assert i18n.choose_locale(asked="en", stored="ru", cookie="kk") == "en"
    assert i18n.choose_locale(asked="xx", cookie="bogus", accept="garbage;q=x") == "en"


# -- the pages ---------------------------------------------------------------------------------------------------


def _lang(html: str) -> str:
    found = re.search(r'<html lang="(\w+)">', html)
    assert found is not None
    return found.group(1)


def test_the_overview_in_russian(api: TestClient) -> None:
    page = api.get("/programmes/kz-2026-2031", params={"lang": "ru"})
    assert page.status_code == 200
    html = page.text
    assert _lang(html) == "ru" and page.headers["content-language"] == "ru"
    for text in ("Обзор", "Ключевые результаты", "Обязательства по приоритетным направлениям", "Лимит финансирования"):
        assert text in html, text
    # US$ amounts in millions with the Russian group separator (figures of the English page, re-formatted)
    english = api.get("/programmes/kz-2026-2031", params={"lang": "en"}).text
    envelope_en = re.search(r"<dt><abbr [^>]+>Envelope</abbr></dt><dd>US\$([\d,]+)M</dd>", english)
    envelope_ru = re.search(
        r"<dt><abbr [^>]+>Лимит финансирования</abbr></dt><dd>([\d\u00a0]+)\u00a0млн долл. США</dd>", html
    )
    assert envelope_en is not None and envelope_ru is not None
    assert envelope_ru.group(1).replace(NBSP, "") == envelope_en.group(1).replace(",", "") == "6000"
    assert re.search(r'<td class="num">\d+,\d</td>', html)  # operations' amounts with a decimal comma
    chart = json.loads(re.search(r'id="chart-envelope">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert chart["layout"]["separators"] == f",{NBSP}"
    assert chart["layout"]["yaxis"]["title"]["text"] == "млн US$"
    assert chart["data"][0]["x"][0].startswith("ФГ")
    assert any(t["name"] == "лимит финансирования" for t in chart["data"])
    # the switch keeps the page and its query
    assert '<a href="/programmes/kz-2026-2031?lang=en" hreflang="en"' in html
    assert "English" in html and "Қазақша" in html


def _chart(html: str, chart_id: str) -> dict:
    found = re.search(rf'id="{chart_id}">(.*?)</script>', html, re.S)
    assert found is not None, chart_id
    return json.loads(found.group(1))


def test_the_charts_write_figures_as_the_page_does(api: TestClient) -> None:
    """Hover labels, colour bars and axes write money and shares in the page's language, as its tables do."""
    pages = {lang: api.get("/programmes/kz-2026-2031/portfolio", params={"lang": lang}).text for lang in ("en", "ru")}
    heat = {lang: _chart(html, "chart-sort-heatmap") for lang, html in pages.items()}
    ru, en = heat["ru"]["data"][0], heat["en"]["data"][0]
    assert heat["ru"]["layout"]["separators"] == f",{NBSP}"
    assert ru["colorbar"]["ticktext"] == [f"0{NBSP}%", f"25{NBSP}%", f"50{NBSP}%", f"75{NBSP}%", f"100{NBSP}%"]
    assert en["colorbar"]["ticktext"] == ["0%", "25%", "50%", "75%", "100%"]
    shares = [share for row in ru["customdata"] for share in row]
    assert shares and all(re.fullmatch(rf"\d+{NBSP}%", share) for share in shares), shares
    assert [s.replace(NBSP, "") for row in ru["customdata"] for s in row] == [
        s for row in en["customdata"] for s in row
    ]
    assert "%{customdata} чистых обязательств" in ru["hovertemplate"]
    assert any("млн долл. США" in cell for row in ru["text"] for cell in row)  # the cells' amounts

    progress = _chart(api.get("/programmes/kz-2026-2031/results", params={"lang": "ru"}).text, "chart-progress")
    assert all(t["hovertemplate"].endswith(f"%{{x:.0f}}{NBSP}%<extra></extra>") for t in progress["data"])
    assert progress["layout"]["xaxis"]["ticksuffix"] == f"{NBSP}%"
    envelope = _chart(api.get("/programmes/kz-2026-2031", params={"lang": "ru"}).text, "chart-envelope")
    assert all(t["hovertemplate"] == f"%{{y:,.1f}}{NBSP}млн долл. США" for t in envelope["data"])


def test_the_language_switch_keeps_the_query(client: TestClient) -> None:
    html = client.get("/programmes/xx-demo", params={"as_of": "2027-12-31", "lang": "kk"}).text
    for code in ("en", "ru", "kk"):
        assert f'href="/programmes/xx-demo?as_of=2027-12-31&amp;lang={code}" hreflang="{code}"' in html
    assert _lang(html) == "kk" and "Шолу" in html


@pytest.fixture
def client(demo_store: Store) -> TestClient:
    return TestClient(app_on(demo_store, Settings(cookie_secure="false", demo_users=False)))


def test_lang_sets_a_cookie_that_later_pages_follow(client: TestClient) -> None:
    asked = client.get("/", params={"lang": "ru"})
    cookie = asked.headers["set-cookie"]
    assert f"{LANG_COOKIE}=ru" in cookie and "Max-Age=31536000" in cookie and "SameSite=Lax" in cookie
    assert "Path=/" in cookie
    later = client.get("/programmes/xx-demo")
    assert _lang(later.text) == "ru" and "set-cookie" not in later.headers
    assert "Рамочные программы" in client.get("/").text


def test_the_browser_language_then_the_cookie(client: TestClient) -> None:
    assert _lang(client.get("/").text) == "en"
    assert _lang(client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).text) == "ru"
    assert _lang(client.get("/", headers={"Accept-Language": "kk-KZ,ru;q=0.8"}).text) == "kk"
    client.cookies.set(LANG_COOKIE, "en")
    assert _lang(client.get("/", headers={"Accept-Language": "ru"}).text) == "en"
    client.cookies.set(LANG_COOKIE, "xx")  # unknown: ignored
    assert _lang(client.get("/", headers={"Accept-Language": "ru"}).text) == "ru"


def _sign_in_page(client: TestClient, name: str) -> None:
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    signed = client.post(
        "/login", data={"name": name, "password": PASSWORD, "csrf_token": token.group(1)}, follow_redirects=False
    )
    assert signed.status_code == 303


@pytest.fixture
def team(demo_store: Store) -> Team:
    return make_team(demo_store)


def test_a_signed_in_users_choice_is_kept_on_their_account(team: Team) -> None:
    browser = team.client()
    _sign_in_page(browser, "ed")
    assert accounts.get_user(team.store, "ed").locale is None
    assert _lang(browser.get("/programmes/xx-demo", params={"lang": "ru"}).text) == "ru"
    user = accounts.get_user(team.store, "ed")
    assert user.locale == "ru"
    audit = team.client("boss").get("/api/audit", params={"entity": "user"}).json()
    assert any(e["entity_id"] == "ed" and e["after"] == {"locale": "ru"} for e in audit)
    # the account wins over the cookie and the browser, on another machine too
    other = team.client()
    other.cookies.set(LANG_COOKIE, "en")
    _sign_in_page(other, "ed")
    page = other.get("/programmes/xx-demo", headers={"Accept-Language": "en"})
    assert _lang(page.text) == "ru" and "Выйти" in page.text and page.headers["content-language"] == "ru"
    # asking again changes it
    assert _lang(other.get("/", params={"lang": "kk"}).text) == "kk"
    assert accounts.get_user(team.store, "ed").locale == "kk"
    assert _lang(browser.get("/").text) == "kk"


def test_the_users_api_and_cli_take_the_language(team: Team) -> None:
    boss = team.client("boss")
    made = boss.post("/api/users", json={"name": "aida", "role": "viewer", "password": PASSWORD, "locale": "kk"})
    assert made.status_code == 201 and made.json()["locale"] == "kk"
    bad = boss.post("/api/users", json={"name": "bek", "role": "viewer", "password": PASSWORD, "locale": "de"})
    assert bad.status_code == 422 and bad.json()["field"] == "locale"
    changed = boss.patch("/api/users/aida", json={"locale": "ru"}, headers={"If-Match": made.headers["ETag"]})
    assert changed.status_code == 200 and changed.json()["locale"] == "ru"
    result = CliRunner().invoke(
        cli,
        ["--db", team.store.url, "user", "add", "dana", "--locale", "ru", "--json"],
        env={"CPFKIT_USER_PASSWORD": PASSWORD},
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["locale"] == "ru"
    assert accounts.get_user(team.store, "dana").locale == "ru"


def test_the_cached_overview_is_kept_per_language(client: TestClient) -> None:
    cache = client.app.state.cache  # type: ignore[attr-defined]
    assert cache.enabled
    pages = {}
    for lang in ("en", "ru", "en", "kk", "ru"):
        html = client.get("/programmes/xx-demo", headers={"Accept-Language": lang}).text
        assert _lang(html) == lang
        pages.setdefault(lang, html)
        assert html == pages[lang]  # the same page again, from the cache
    assert "Headline results" in pages["en"] and "Ключевые результаты" not in pages["en"]
    assert "Ключевые результаты" in pages["ru"] and "Headline results" not in pages["ru"]
    assert "Негізгі нәтижелер" in pages["kk"]
    assert '"separators": ".,"' in pages["en"] and '"separators": ",\\u00a0"' in pages["ru"]
    assert cache.hits >= 2


def test_the_sign_in_page_in_russian(client: TestClient) -> None:
    html = client.get("/login", params={"lang": "ru"}).text
    assert "<h1>Войти</h1>" in html and "Имя пользователя" in html and "Пароль" in html
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token is not None
    wrong = client.post("/login", data={"name": "x", "password": "nope-nope", "csrf_token": token.group(1)})
    assert wrong.status_code == 401 and "Неверное имя пользователя или пароль." in wrong.text
