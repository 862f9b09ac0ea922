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
GLOSSARY = "the definitions of the glossary of figures are not in the catalogs"

# page -> start of a text still in English in Russian or Kazakh -> why.  Each entry must still occur:
# when a fix makes one go, the test says so, and the entry is dropped.
KNOWN: dict[str, dict[str, str]] = {
    "operation P099270": {
        "P099270 South-West Roads: Western Europe–Western": PAGE_DATA,
        "South-West Roads: Western Europe–Western China I": PAGE_DATA,
        "· исполнитель: Committee for Roads, Ministry of ": PAGE_DATA,
        "Republic of Kazakhstan": PAGE_DATA,
        "Road transport": PAGE_DATA,
        "Kyzylorda Region; Turkistan Region (former South": PAGE_DATA,
        "IBRD loan 7681-KZ. Upgrade of about 1,062 km of ": PAGE_DATA,
        "Government of Kazakhstan (republican budget)": PAGE_DATA,
        "· іске асырушы: Committee for Roads, Ministry of": PAGE_DATA,
    },
    "operation P513072": {
        "P513072 Advancing Learning, Entrepreneurship, an": PAGE_DATA,
        "Advancing Learning, Entrepreneurship, and Market": PAGE_DATA,
        "· исполнитель: Ministry of Digital Development, ": PAGE_DATA,
        "Ministry of Finance of the Republic of Kazakhsta": PAGE_DATA,
        "Information and communication technology (ICT)": PAGE_DATA,
        "; Technological research and development": PAGE_DATA,
        "; Higher education": PAGE_DATA,
        "Astana; Almaty": PAGE_DATA,
        "IBRD US$75M approved 14 July 2026, closing 21 Ap": PAGE_DATA,
        "· іске асырушы: Ministry of Digital Development,": PAGE_DATA,
    },
    "kz-2020-2025 portfolio": {
        "Transport Resilience and Connectivity Enhancemen": PAGE_DATA,
        "National Company KazAvtoZhol JSC": PAGE_DATA,
        "средства софинансирования ниже плана с 2026-07-0": ENGINE,
        "қоса қаржыландыру қаражаты жоспардан төмен (баст": ENGINE,
    },
    "kz-2020-2025 plan": {},
    "kz-2026-2031 overview": {},
    "kz-2026-2031 portfolio": {
        "Digital Acceleration for an Inclusive Economy (D": PAGE_DATA,
        "Ministry of Digital Development, Innovation and ": PAGE_DATA,
        "Transport Resilience and Connectivity Enhancemen": PAGE_DATA,
        "National Company KazAvtoZhol JSC": PAGE_DATA,
        "средства софинансирования ниже плана с 2026-07-0": ENGINE,
        "қоса қаржыландыру қаражаты жоспардан төмен (баст": ENGINE,
    },
    "kz-2026-2031 plan": {},
    "kz-2020-2025 results-matrix.html": {
        "(latest actual − baseline) ÷ (target − baseline)": GLOSSARY,
        "Achieved at 100% or more; on track at 80% or mor": GLOSSARY,
    },
    "kz-2020-2025 plr.html": {
        "(latest actual − baseline) ÷ (target − baseline)": GLOSSARY,
        "Achieved at 100% or more; on track at 80% or mor": GLOSSARY,
    },
    "kz-2020-2025 clr.html": {
        "(latest actual − baseline) ÷ (target − baseline)": GLOSSARY,
        "Achieved at 100% or more; on track at 80% or mor": GLOSSARY,
        "From the objective's CPF objective indicators: N": GLOSSARY,
    },
    "kz-2026-2031 results-matrix.html": {
        "(latest actual − baseline) ÷ (target − baseline)": GLOSSARY,
        "Achieved at 100% or more; on track at 80% or mor": GLOSSARY,
        "Transport Resilience and Connectivity Enhancemen": REPORT_DATA,
    },
    "kz-2026-2031 plr.html": {
        "Transport Resilience and Connectivity Enhancemen": REPORT_DATA,
        "(latest actual − baseline) ÷ (target − baseline)": GLOSSARY,
        "Achieved at 100% or more; on track at 80% or mor": GLOSSARY,
    },
    "kz-2026-2031 clr.html": {
        "(latest actual − baseline) ÷ (target − baseline)": GLOSSARY,
        "Achieved at 100% or more; on track at 80% or mor": GLOSSARY,
        "From the objective's CPF objective indicators: N": GLOSSARY,
        "Transport Resilience and Connectivity Enhancemen": REPORT_DATA,
    },
    "kz-2026-2031 appraisal.html": {},
    "kz-2026-2031 plan.html": {},
    "kz-2026-2031 simulation.html": {
        "Моделирование рисков — Country Partnership Frame": REPORT_DATA,
        "Country Partnership Framework for Kazakhstan, FY": REPORT_DATA,
        "commodity-price": AS_STORED,
        "regional-water-energy": AS_STORED,
        "supply-chain": AS_STORED,
        "tenge-devaluation": AS_STORED,
        "Reduction in unplanned heat and water supply int": REPORT_DATA,
        "Факторы наибольшего недостижения: Reduction in u": REPORT_DATA,
        "commodity-price P50": AS_STORED,
        "regional-water-energy P50": AS_STORED,
        "supply-chain P50": AS_STORED,
        "tenge-devaluation P50": AS_STORED,
        "Rail freight carried on the Trans-Caspian route ": REPORT_DATA,
        "(million tonnes per year)": REPORT_DATA,
        "Reduction in end-to-end rail transit time on the": REPORT_DATA,
        "Roads built or reconstructed to climate-resilien": REPORT_DATA,
        "Rural settlements connected to broadband": REPORT_DATA,
        "(settlements)": REPORT_DATA,
        "Residents of newly connected settlements": REPORT_DATA,
        "(people)": REPORT_DATA,
        "Greenhouse-gas emissions avoided by supported op": REPORT_DATA,
        "(tCO2e per year)": REPORT_DATA,
        "Freight shifted from road to rail on supported c": REPORT_DATA,
        "(million tonne-km per year)": REPORT_DATA,
        "Infrastructure assets built or rehabilitated wit": REPORT_DATA,
        "(assets)": REPORT_DATA,
        "Wetlands and delta area restored in the North Ar": REPORT_DATA,
        "Area with modernised irrigation and drainage": REPORT_DATA,
        "Irrigation water users with improved services": REPORT_DATA,
        "(water users)": REPORT_DATA,
        "People with improved water supply, wastewater or": REPORT_DATA,
        "Regional water-energy agreements adopted with WB": REPORT_DATA,
        "(agreements)": REPORT_DATA,
        "Kambarata-1 financing plan closed with all ripar": REPORT_DATA,
        "(milestone (0/1))": REPORT_DATA,
        "MSME loans outstanding at partner institutions s": REPORT_DATA,
        "Micro and small enterprises receiving finance th": REPORT_DATA,
        "(enterprises)": REPORT_DATA,
        "Domestic bonds issued by companies and state-own": REPORT_DATA,
        "Private capital mobilised by WBG operations (dir": REPORT_DATA,
        "Agricultural machinery units financed through le": REPORT_DATA,
        "(units)": REPORT_DATA,
        "Firms adopting artificial-intelligence or advanc": REPORT_DATA,
        "(firms)": REPORT_DATA,
        "People trained in artificial-intelligence and di": REPORT_DATA,
        "Renewable generation capacity added with WBG sup": REPORT_DATA,
        "Share of renewable sources in electricity genera": REPORT_DATA,
        "Share of active WBG-financed operations rated Mo": REPORT_DATA,
        "Major state-owned enterprises with tariff or fin": REPORT_DATA,
        "Faster and more reliable freight transport on th": REPORT_DATA,
        "Broadband access for remote rural settlements": REPORT_DATA,
        "Lower greenhouse-gas emissions from freight tran": REPORT_DATA,
        "Climate-resilient infrastructure and restored ec": REPORT_DATA,
        "More efficient irrigation water use in the south": REPORT_DATA,
        "Reliable water, wastewater and heat services in ": REPORT_DATA,
        "Regional water-energy cooperation (Kambarata-1 a": REPORT_DATA,
        "Deeper capital markets and more finance for micr": REPORT_DATA,
        "More private capital in infrastructure and agrib": REPORT_DATA,
        "Productivity through innovation, entrepreneurshi": REPORT_DATA,
        "More renewable generation connected to the grid": REPORT_DATA,
        "Stronger implementation capacity and governance ": REPORT_DATA,
        "Beineu–Saksaulsk and Bozoi–Shalkar highway (Tran": REPORT_DATA,
        "roads": AS_STORED,
        "IFC agro-industrial finance — agricultural machi": REPORT_DATA,
        "finance": AS_STORED,
        "IFC credit lines for micro and small businesses ": REPORT_DATA,
        "IFC loan for a solar-plus-storage independent po": REPORT_DATA,
        "energy": AS_STORED,
        "Irrigation and drainage systems improvement (suc": REPORT_DATA,
        "water": AS_STORED,
        "Kambarata-1 Hydropower Plant (Naryn River) — Kaz": REPORT_DATA,
        "hydropower": AS_STORED,
        "MIGA guarantee for a privately financed wind far": REPORT_DATA,
        "North Aral Sea restoration (Syr Darya control an": REPORT_DATA,
        "Transforming Rail Connectivity in Kazakhstan — p": REPORT_DATA,
        "rail": AS_STORED,
        "Municipal and energy infrastructure modernisatio": REPORT_DATA,
        "Water resources management and dam safety progra": REPORT_DATA,
        "Advancing Learning, Entrepreneurship, and Market": REPORT_DATA,
        "other": AS_STORED,
        "Digital Acceleration for an Inclusive Economy (D": REPORT_DATA,
        "Almaty Railway Bypass — IFC loan to Kazakhstan T": REPORT_DATA,
        "Joint Economic Research Program, FY26–FY31 (advi": REPORT_DATA,
        "policy": AS_STORED,
        "Transforming Rail Connectivity in Kazakhstan (Mi": REPORT_DATA,
        "Transport Resilience and Connectivity Enhancemen": REPORT_DATA,
        "Second Inclusive & Sustainable Economic Growth (": REPORT_DATA,
        "Commodity-price fall — fiscal consolidation and ": REPORT_DATA,
        "Oil and metal prices fall for several years, as ": REPORT_DATA,
        "oil price at which the Government tested its 201": REPORT_DATA,
        "US$ per barrel (scenarios down to US$16)": REPORT_DATA,
        "spending cut announced after the 2014–15 oil-pri": REPORT_DATA,
        "KZT (about US$5.4 billion)": REPORT_DATA,
        "new sovereign loans postponed or dropped": REPORT_DATA,
        "counterpart funds cut": REPORT_DATA,
        "private sponsors delay or abandon deals": REPORT_DATA,
        "Regional water and energy spillover — Kambarata-": REPORT_DATA,
        "The riparian states take longer to agree on Kamb": REPORT_DATA,
        "Kambarata-1 plant (1,860 MW, about 5.6 billion k": REPORT_DATA,
        "the effects below are illustrative": REPORT_DATA,
        "Kambarata-1 agreement among riparian states dela": REPORT_DATA,
        "low water in the Syr Darya basin": REPORT_DATA,
        "Sanctions-related supply-chain disruption for im": REPORT_DATA,
        "Secondary sanctions and export controls around R": REPORT_DATA,
        "extra time and cost for equipment-heavy operatio": REPORT_DATA,
        "share of the implementation period": REPORT_DATA,
        "No published figure was found for World Bank ope": REPORT_DATA,
        "equipment deliveries delayed and dearer": REPORT_DATA,
        "contractors mobilise later": REPORT_DATA,
        "Tenge devaluation with a counterpart-funding squ": REPORT_DATA,
        "The tenge loses about half of its US-dollar valu": REPORT_DATA,
        "fall of the tenge's US-dollar value, monthly ave": REPORT_DATA,
        "share": REPORT_DATA,
        "the one-off devaluation of 11 February 2014, mon": REPORT_DATA,
        "a milder variant; scale the effects below down b": REPORT_DATA,
        "counterpart funding squeeze": REPORT_DATA,
        "imported equipment dearer in tenge": REPORT_DATA,
        "Roads and highways": REPORT_DATA,
        "lognormal mean 1.2, sd 0.3": ENGINE,
        "lognormal mean 1.2, sigma 0.3": ENGINE,
        "triangular low 0, mode 3, high 12": ENGINE,
        "Financial intermediaries and credit lines": REPORT_DATA,
        "constant value 1": ENGINE,
        "lognormal mean 1.15, sigma 0.25": ENGINE,
        "triangular low 0, mode 2, high 6": ENGINE,
        "Power generation other than hydro, transmission,": REPORT_DATA,
        "lognormal mean 1.08, sd 0.25": ENGINE,
        "triangular low 0, mode 2, high 9": ENGINE,
        "Irrigation, water supply, sanitation and water r": REPORT_DATA,
        "lognormal mean 1.28, sd 0.39": ENGINE,
        "lognormal mean 1.3, sigma 0.3": ENGINE,
        "Hydropower and multipurpose dams": REPORT_DATA,
        "lognormal mean 1.24, sd 0.42": ENGINE,
        "lognormal mean 1.44, sigma 0.3": ENGINE,
        "triangular low 0, mode 6, high 24": ENGINE,
        "Railways": REPORT_DATA,
        "lognormal mean 1.45, sd 0.38": ENGINE,
        "Other operations (digital, skills, innovation, i": REPORT_DATA,
        "lognormal mean 1.1, sd 0.2": ENGINE,
        "lognormal mean 1.2, sigma 0.25": ENGINE,
        "triangular low 0, mode 3, high 9": ENGINE,
        "Policy operations and advisory work": REPORT_DATA,
        "lognormal mean 1.05, sigma 0.1": ENGINE,
        "triangular low 0, mode 1, high 6": ENGINE,
        "Тәуекелдерді модельдеу — Country Partnership Fra": REPORT_DATA,
        "Ең үлкен тапшылықтың факторлары: Reduction in un": REPORT_DATA,
    },
}
