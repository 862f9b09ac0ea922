"""Every page and HTML report in Russian and in Kazakh carries no English word, except where it should.

The visible text of a page — text outside ``<script>``/``<style>``/``<code>``, and the ``title``, ``alt``,
``placeholder`` and ``aria-label`` attributes — is cut into runs, and a run that holds a word of three or
more Latin letters is an offender unless the word is a code or acronym of :data:`ALLOWED`, the product's
name, part of a URL or an e-mail address.  Text inside an element marked ``lang="en"`` (a source's title,
a quoted published sentence) stays in English on purpose and is not read.  There is no list of known
exceptions: a page with one English text fails, naming the page, the language, the element and the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import lxml.html
import pytest
from fastapi.testclient import TestClient

from cpfkit.store import Store
from tests.apps import app_on

OLD, NEW = "kz-2020-2025", "kz-2026-2031"

# page name -> (path, query); every page of the dashboard and every HTML report
PAGES: dict[str, tuple[str, dict[str, str | int]]] = {
    "programme list": ("/", {}),
    "login": ("/login", {}),
    "operation P099270": ("/projects/P099270", {}),
    "operation P513072": ("/projects/P513072", {}),
    **{
        f"{programme} {tab or 'overview'}": (f"/programmes/{programme}{'/' + tab if tab else ''}", {})
        for programme in (OLD, NEW)
        for tab in ("", "results", "portfolio", "risk", "plan", "reports")
    },
    f"{OLD} plan": (f"/programmes/{OLD}/plan", {"as_of": "2022-06-30"}),  # a finished programme has nothing to plan
    **{
        f"{programme} {kind}.html": (f"/programmes/{programme}/reports/{kind}.html", {})
        for programme in (OLD, NEW)
        for kind in ("results-matrix", "plr", "clr")
    },
    f"{NEW} appraisal.html": (f"/programmes/{NEW}/reports/appraisal.html", {}),
    f"{NEW} plan.html": (f"/programmes/{NEW}/reports/plan.html", {}),
    f"{NEW} simulation.html": (f"/programmes/{NEW}/reports/simulation.html", {"runs": 200, "seed": 7}),
}

# Codes and acronyms written in Latin letters in every language, as the World Bank Group and its
# reviews write them; a word of three or more Latin letters that is not here is English.
ALLOWED = frozenset(
    {
        "IBRD", "IDA", "IFC", "MIGA",  # the institutions of the Group, by the codes the data uses
        "CPF", "PLR", "CLR", "ISR", "PPP", "SORT", "IATI",  # documents and tools
        "WBG", "IEG",  # the Group and its evaluators
        "IPF", "DPF", "PforR", "ASA",  # instruments
        "NPV", "ENPV", "EIRR",  # appraisal measures
        "USD", "KZT",  # currencies
        "HTML", "PDF", "JSON", "CSV", "XML", "Excel", "API",  # file formats and interfaces
        "TRACE", "DARE", "FPIP", "CAREC", "MSME",  # acronyms in the names of operations
        "HiGHS", "highspy",  # the planner's solver, named as its authors write it
        "cpfkit",  # the product
    }
)  # fmt: skip

ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")
_WORD = re.compile(r"[A-Za-z]{3,}")
# addresses, e-mails, file names and paths, and record codes in capitals with hyphens (KZ-ILL-RAIL-01, IDIP-2)
_NOT_WORDS = re.compile(
    r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+|[\w/.-]+\.(?:html|pdf|xlsx|json|csv|xml|md|yaml)\b"
    r"|\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b|\bcpfkit:\w+"
)
_SILENT = {"script", "style", "code", "template", "noscript"}


def _english(text: str) -> list[str]:
    return [w for w in _WORD.findall(_NOT_WORDS.sub(" ", text)) if w not in ALLOWED]


def _quiet(element: lxml.html.HtmlElement) -> bool:
    """Whether the element's text is not for reading here: code, scripts, or English on purpose."""
    for node in [element, *element.iterancestors()]:
        if not isinstance(node.tag, str):
            return True
        if node.tag in _SILENT or node.get("lang", "").startswith("en"):
            return True
    return False


def _where(element: lxml.html.HtmlElement) -> str:
    marks = f"#{element.get('id')}" if element.get("id") else ""
    marks += "".join(f".{c}" for c in (element.get("class") or "").split()[:2])
    return f"<{element.tag}{marks}>"


def visible_texts(html: str) -> Iterator[tuple[str, str]]:
    """(text, nearest element) for every visible text run and labelling attribute of a page."""
    root = lxml.html.document_fromstring(html)
    for found in root.xpath("//text()"):
        element = found.getparent()
        if found.is_tail:
            element = element.getparent()
        text = " ".join(str(found).split())
        if text and element is not None and not _quiet(element):
            yield text, _where(element)
    for element in root.iter():
        if not isinstance(element.tag, str) or _quiet(element):
            continue
        for name in ATTRIBUTES:
            value = " ".join((element.get(name) or "").split())
            if value:
                yield value, f"{_where(element)}[{name}]"


def offenders(html: str) -> dict[str, str]:
    """The texts with an English word in them, each with the nearest element."""
    return {text: where for text, where in visible_texts(html) if _english(text)}


def test_the_word_finder_tells_english_from_codes_names_and_addresses() -> None:
    assert _english("Проект P123456 (IBRD, PA1, I1.1.1) — 12,5\u00a0млн US$") == []
    assert _english("См. https://documents.worldbank.org/report.pdf или info@example.org, cpfkit") == []
    assert _english("Рейтинг: Satisfactory") == ["Satisfactory"]
    assert _english("NPV и EIRR; Mostly Achieved") == ["Mostly", "Achieved"]
    page = (
        '<html><head><title>Обзор</title><script>var label = "Disbursed";</script></head><body>'
        '<p title="Open the page">Проект <code>cpfkit report</code> <cite lang="en">Systematic Country Diagnostic'
        "</cite> <b>Indicator</b> tail words</p></body></html>"
    )
    assert offenders(page) == {"Open the page": "<p>[title]", "Indicator": "<b>", "tail words": "<p>"}


@pytest.fixture
def api(embedded_copy: Callable[[Path], Store], tmp_path: Path, frozen_clock: datetime) -> Iterator[TestClient]:
    """A client on both embedded programmes in SQLite: the words do not depend on the database."""
    store = embedded_copy(tmp_path)
    yield TestClient(app_on(store))
    store.dispose()


def test_each_page_and_report_speaks_one_language(api: TestClient) -> None:
    lines: list[str] = []
    for lang in ("ru", "kk"):
        for page, (path, query) in PAGES.items():
            response = api.get(path, params={**query, "lang": lang})
            assert response.status_code == 200, (page, lang, response.status_code, response.text[:300])
            assert f'<html lang="{lang}"' in response.text, (page, lang)
            texts = offenders(response.text)
            if texts:
                lines.append(f"== {page} in {lang}: {len(texts)} English texts")
                lines += [f"   {where}: {text!r}" for text, where in sorted(texts.items(), key=lambda tw: tw[1])]
    assert not lines, "\n".join(lines)
