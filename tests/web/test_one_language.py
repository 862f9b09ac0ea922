"""Every page and HTML report in Russian and in Kazakh carries no English word, except where it should.

The visible text of a page — text outside ``<script>``/``<style>``/``<code>``, and the ``title``, ``alt``,
``placeholder`` and ``aria-label`` attributes — is cut into runs, and a run that holds a word of three or
more Latin letters is an offender unless the word is a code or acronym of :data:`ALLOWED`, the product's
name, part of a URL or an e-mail address.  Text inside an element marked ``lang="en"`` (a source's title,
a quoted published sentence) stays in English on purpose and is not read.

What is left to translate is listed in :data:`KNOWN`, per page, by the start of each text (in Russian or
Kazakh); an entry that no longer occurs fails the test too, so the list can only shrink.
"""

from __future__ import annotations

import re
from collections import defaultdict
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
    found: dict[str, dict[str, str]] = defaultdict(dict)  # page -> English text -> where, in Russian or Kazakh
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for lang in ("ru", "kk"):
        for page, (path, query) in PAGES.items():
            response = api.get(path, params={**query, "lang": lang})
            assert response.status_code == 200, (page, lang, response.status_code, response.text[:300])
            assert f'<html lang="{lang}"' in response.text, (page, lang)
            texts = offenders(response.text)
            counts[page][lang] = len(texts)
            found[page].update({text: f"{lang} {where}" for text, where in texts.items()})
    assert not set(KNOWN) - set(PAGES), sorted(set(KNOWN) - set(PAGES))
    lines: list[str] = []
    for page, texts in found.items():
        known = KNOWN.get(page, {})
        new = {t: w for t, w in texts.items() if not any(t.startswith(start) for start in known)}
        gone = sorted(start for start in known if not any(t.startswith(start) for t in texts))
        if new or gone:
            lines.append(f"== {page} (English texts: {counts[page]})")
            lines += [f"   {where}: {text!r}" for text, where in sorted(new.items(), key=lambda tw: tw[1])]
            lines += [f"   no longer occurs, drop it from KNOWN: {text!r}" for text in gone]
    assert not lines, "\n".join(lines)


# Why a text is still English (the entries of KNOWN below).
ENGINE = "engine sentence"
PAGE_DATA = "the page does not read the data's translations for it"
REPORT_DATA = "the report does not read the data's translations for it"
AS_STORED = "a code, status or field name shown as stored, with no message"

# page -> start of a text still in English in Russian or Kazakh -> why.  Each entry must still occur:
# when a fix makes one go, the test says so, and the entry is dropped.
KNOWN: dict[str, dict[str, str]] = {
    "kz-2020-2025 plan": {
        "Оптимальный план. · ограничения по умолчанию · n": ENGINE,
        "Transport Resilience and Connectivity Enhancemen": PAGE_DATA,
        "Оңтайлы жоспар. · әдепкі шектеулер · none: no co": ENGINE,
    },
    "kz-2026-2031 overview": {},
    "kz-2026-2031 plan": {
        "Выбирать не из чего: все кандидаты, которых стои": ENGINE,
        "IFC credit lines for micro and small businesses ": PAGE_DATA,
        "MIGA guarantee for a privately financed wind far": PAGE_DATA,
        "Beineu–Saksaulsk and Bozoi–Shalkar highway (Tran": PAGE_DATA,
        "IFC agro-industrial finance — agricultural machi": PAGE_DATA,
        "North Aral Sea restoration (Syr Darya control an": PAGE_DATA,
        "Irrigation and drainage systems improvement (suc": PAGE_DATA,
        "Kambarata-1 Hydropower Plant (Naryn River) — Kaz": PAGE_DATA,
        "Transforming Rail Connectivity in Kazakhstan — p": PAGE_DATA,
        "Municipal and energy infrastructure modernisatio": PAGE_DATA,
        "IFC loan for a solar-plus-storage independent po": PAGE_DATA,
        "Water resources management and dam safety progra": PAGE_DATA,
        "Таңдайтын ештеңе жоқ: қаржыландыруға тұрарлық ба": ENGINE,
    },
    "kz-2026-2031 appraisal.html": {
        "Beineu–Saksaulsk and Bozoi–Shalkar highway": REPORT_DATA,
        "whole investment, national (KZ)": REPORT_DATA,
        "Kambarata-1 hydropower plant": REPORT_DATA,
        "whole investment, regional (KG, KZ, UZ)": REPORT_DATA,
        "Mointy–Kyzylzhar railway line": REPORT_DATA,
        "TRACE — Jezkazgan–Karagandy road (Middle Corrido": REPORT_DATA,
        "operation, national (KZ)": REPORT_DATA,
        "whole investment, national (KZ) — The whole road": REPORT_DATA,
        "Ставка дисконтирования 6,0% — значение cpfkit по ": ENGINE,  # avoided emissions
        "base": REPORT_DATA,
        "as appraised": REPORT_DATA,
        "costs +20%": REPORT_DATA,
        "every cost 20% higher, the residual value (a neg": REPORT_DATA,
        "benefits −20%": REPORT_DATA,
        "every benefit 20% lower": REPORT_DATA,
        "1-year delay": REPORT_DATA,
        "benefits, operating costs and residual value 1 y": REPORT_DATA,
        "2-year delay": REPORT_DATA,
        "benefits, operating costs and residual value 2 y": REPORT_DATA,
        "combined": REPORT_DATA,
        "costs +20%, benefits −20% and a 1-year delay tog": REPORT_DATA,
        "travel time": REPORT_DATA,
        "vehicle operating costs": REPORT_DATA,
        "generated traffic": REPORT_DATA,
        "accidents": REPORT_DATA,
        "Приведённая стоимость затрат за вычетом остаточн": AS_STORED,
        "whole investment, regional (KG, KZ, UZ) — The wh": REPORT_DATA,
        "energy": REPORT_DATA,
        "firm capacity": REPORT_DATA,
        "irrigation water": REPORT_DATA,
        "avoided emissions": REPORT_DATA,
        "whole investment, national (KZ) — The whole line": REPORT_DATA,
        "freight costs": REPORT_DATA,
        "freight time": REPORT_DATA,
        "capacity relief on the existing line": REPORT_DATA,
        "operation, national (KZ) — The whole operation a": REPORT_DATA,
        "maintenance": REPORT_DATA,
        "discount_rate": REPORT_DATA,
        "Real social discount rate used for NPV, BCR and ": REPORT_DATA,
        "discount_rate_floor": REPORT_DATA,
        "Lowest rate the growth rule (2 × growth) may giv": REPORT_DATA,
        "discount_rate_cap": REPORT_DATA,
        "Highest rate the growth rule (2 × growth) may gi": REPORT_DATA,
        "non_work_time_share": REPORT_DATA,
        "Value of non-work travel time as a share of work": REPORT_DATA,
        "generated_traffic_factor": REPORT_DATA,
        "Share of the per-trip saving credited to each ge": REPORT_DATA,
        "cost_increase": REPORT_DATA,
        "Cost increase of the standard sensitivity test.": REPORT_DATA,
        "benefit_decrease": REPORT_DATA,
        "Benefit decrease of the standard sensitivity tes": REPORT_DATA,
        "delays": REPORT_DATA,
        "Delays of the benefit period (and the operating ": REPORT_DATA,
        "eirr_lower": REPORT_DATA,
        "Lowest rate at which the EIRR search looks for r": REPORT_DATA,
        "eirr_upper": REPORT_DATA,
        "Highest rate at which the EIRR search looks for ": REPORT_DATA,
        "Дисконттау мөлшерлемесі 6,0% — cpfkit әдепкі мәні ": ENGINE,  # avoided emissions
        "Шығындардың қалдық құнды шегергендегі келтірілге": AS_STORED,
    },
    "kz-2026-2031 plan.html": {
        "Country Partnership Framework for Kazakhstan, FY": REPORT_DATA,
        "Целевая функция учитывает ожидаемое изменение ка": ENGINE,
        "IFC credit lines for micro and small businesses ": REPORT_DATA,
        "MIGA guarantee for a privately financed wind far": REPORT_DATA,
        "Beineu–Saksaulsk and Bozoi–Shalkar highway (Tran": REPORT_DATA,
        "IFC agro-industrial finance — agricultural machi": REPORT_DATA,
        "North Aral Sea restoration (Syr Darya control an": REPORT_DATA,
        "Irrigation and drainage systems improvement (suc": REPORT_DATA,
        "Kambarata-1 Hydropower Plant (Naryn River) — Kaz": REPORT_DATA,
        "Transforming Rail Connectivity in Kazakhstan — p": REPORT_DATA,
        "Municipal and energy infrastructure modernisatio": REPORT_DATA,
        "IFC loan for a solar-plus-storage independent po": REPORT_DATA,
        "Water resources management and dam safety progra": REPORT_DATA,
        "Мақсаттық функция әр көрсеткіштің нысаналы мән к": ENGINE,
    },
}
