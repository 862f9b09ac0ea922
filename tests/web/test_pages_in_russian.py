"""Every page of the dashboard in Russian: heading, navigation, table headers — also right after an English request.

The application keeps figures (and the overview page whole) in a cache; a Russian reader after an English one
must get Russian text, so each page is asked for in English first and then in Russian.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

PROGRAMME = "/programmes/kz-2026-2031"
NAV = ("Обзор", "Результаты", "Портфель", "Риски", "Планирование", "Отчёты")

# path -> (English <h1> start, Russian <h1> start, Russian table headers and headings the page carries)
PAGES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    PROGRAMME: ("Country Partnership Framework", "Рамочная программа партнёрства", ("Где работают операции",)),
    PROGRAMME + "/results": (
        "Results matrix",
        "Матрица результатов",
        ("Показатель", "Базовое значение", "Целевое значение", "Последнее фактическое значение", "Прогресс по целям"),
    ),
    PROGRAMME + "/portfolio": (
        "Portfolio review",
        "Обзор портфеля",
        ("Сигнал", "Основание", "Ответственный", "Приоритетное направление", "Тепловая карта SORT"),
    ),
    PROGRAMME + "/risk": (
        "Risk",
        "Риски",
        ("Категория", "Предыдущий рейтинг", "Реестр рисков", "Смягчение", "Ответственный", "Прогноз освоения"),
    ),
    PROGRAMME + "/plan": (
        "Pipeline plan",
        "План портфеля в подготовке",
        ("Ограничения", "Финансовый год", "Уже утверждено", "Решение", "млн US$"),
    ),
    PROGRAMME + "/reports": ("Reports", "Отчёты", ("Стандартные обзоры", "Отчёт", "Содержание", "Скачать")),
    "/projects/P500565": (
        "P500565",
        "P500565",
        ("Финансирование", "Источник финансирования", "История рейтингов", "Базовое значение", "Целевое значение"),
    ),
}


def _h1(html: str) -> str:
    found = re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert len(found) == 1, found
    return re.sub(r"<[^>]+>", "", found[0]).strip()


def _headers(html: str) -> set[str]:
    cells = re.findall(r"<(?:th|h2|h3|dt)[^>]*>(.*?)</(?:th|h2|h3|dt)>", html, re.S)
    return {re.sub(r"<[^>]+>.*", "", c, flags=re.S).strip() for c in cells}


@pytest.mark.parametrize("path", list(PAGES))
def test_each_page_in_russian_after_english(api: TestClient, path: str) -> None:
    h1_en, h1_ru, texts = PAGES[path]
    english = api.get(path, params={"lang": "en"})
    russian = api.get(path, params={"lang": "ru"})
    assert english.status_code == russian.status_code == 200
    assert _h1(english.text).startswith(h1_en) and _h1(russian.text).startswith(h1_ru)
    assert '<html lang="ru">' in russian.text
    headers = _headers(russian.text)
    for text in texts:
        assert text in headers or text in russian.text, text
    if path.startswith(PROGRAMME):
        nav = re.search(r'<nav class="tabs".*?</nav>', russian.text, re.S)
        assert nav is not None and all(f">{label}</a>" in nav.group(0) for label in NAV)
        assert 'aria-current="page"' in nav.group(0)
    # no English heading or table header is left over from the English page
    english_headers = _headers(english.text) - {""}
    leftovers = sorted(h for h in headers & english_headers if re.search(r"[a-z]{3}", h) and not _is_a_name(h))
    assert not leftovers, leftovers


def _is_a_name(text: str) -> bool:
    """Names that stay as they are in every language: codes and acronyms."""
    return bool(re.match(r"(PA\d|P\d|KZ-|SORT|IBRD|IFC|MIGA|US\$|FY|HTML|PDF|Excel|JSON|IATI)", text)) or ("·" in text)


def test_money_in_russian_pages_is_in_millions_with_the_russian_unit(api: TestClient) -> None:
    portfolio = api.get(PROGRAMME + "/portfolio", params={"lang": "ru"}).text
    assert re.search(r"[\d\u00a0]+\u00a0млн долл\. США", portfolio)
    assert "Коэффициент освоения" in portfolio and "Средства софинансирования" in portfolio
    risk = api.get(PROGRAMME + "/risk", params={"lang": "ru"}).text
    assert re.search(r"Реестр рисков <small class=\"muted\">\d+ открыт", risk)
    project = api.get("/projects/P500565", params={"lang": "ru"}).text
    financing = re.search(r'<dl class="kpis two" id="financing">.*?</dl>', project, re.S)
    assert financing is not None and "\u00a0млн" in financing.group(0)
    assert not re.search(r"\d+M\b", financing.group(0))
