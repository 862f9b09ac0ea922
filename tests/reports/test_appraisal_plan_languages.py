"""The appraisal and plan reports in Russian and Kazakh: the data's translations, the engines' messages, the catalogs.

The appraisals' own texts (title, scope, the names a module gives its benefits) and the names of the programme,
its operations and indicators come from the programme's translations; the sensitivity tests, the benefit
components, the parameters and the plan's risk adjustment from the catalogs.  The figures and the English
texts of the engines do not change with the language.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from cpfkit.appraise.parameters import DESCRIPTIONS, LABELS
from cpfkit.formats.programme_folder.translations import read_translations
from cpfkit.language.message import render
from cpfkit.reference.appraisal import load_appraisal_parameters
from cpfkit.reports.appraisal import appraisal_html
from cpfkit.reports.language import translations
from cpfkit.reports.plan import plan_html
from cpfkit.reports.plan_xlsx import plan_xlsx
from cpfkit.services import planning
from cpfkit.services.loading import EMBEDDED_PROGRAMMES, programme_data
from cpfkit.store import Store

NEW = "kz-2026-2031"


def _texts(lang: str) -> dict[str, Any]:
    return yaml.safe_load((EMBEDDED_PROGRAMMES / NEW / "translations" / f"{lang}.yaml").read_text(encoding="utf-8"))


def _text(entry: str | dict[str, str]) -> str:
    """A translation's text: written as it is, or an official name with its source."""
    return entry if isinstance(entry, str) else entry["text"]


def _said(message: str, lang: str) -> str:
    text = translations(lang).gettext(message)
    assert text != message, f"{message!r} has no translation into {lang} in the catalog"
    return text


def test_an_appraisal_files_translations_are_stored_by_the_operation_it_appraises(embedded_store: Store) -> None:
    appraised = {a.project for a in programme_data(embedded_store, NEW).appraisals}
    keys = {(t.language, t.key) for t in read_translations(EMBEDDED_PROGRAMMES / NEW) if t.kind == "appraisal"}
    assert keys == {(lang, project) for lang in ("ru", "kk") for project in appraised}


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_appraisal_report_reads_the_appraisals_translations_and_the_engines_words(
    embedded_store: Store, lang: str
) -> None:
    english = planning.appraisals(embedded_store, NEW)
    shown = planning.appraisals(embedded_store, NEW, lang)
    page = appraisal_html(shown, programme=NEW, lang=lang)
    texts = _texts(lang)["appraisal"]
    assert texts["kambarata-1"]["title"] in page and "Kambarata-1 hydropower plant" not in page
    assert texts["kambarata-1"]["scope"]["description"] in page
    assert texts["rail-mointy-kyzylzhar"]["benefits"][1]["name"] in page  # a benefit the data names
    for engine_word in ("travel time", "avoided emissions", "base", "combined", "whole investment", "regional"):
        assert _said(engine_word, lang) in page
    energy = translations(lang).pgettext("benefit of a hydropower plant", "energy")  # not the sector's name
    assert energy != "energy" and energy in page and _said("energy", lang) not in page
    for a in english:
        for s in a.sensitivities:
            assert s.name_message is not None and s.description_message is not None
            assert render(s.name_message, lang) in page and render(s.description_message, lang) in page
    for name, label in LABELS.items():
        assert _said(label, lang) in page and f"<code>{name}</code>" in page
    for description in DESCRIPTIONS:
        assert _said(description, lang) in page
    assert [a.npv_usd for a in shown] == [a.npv_usd for a in english]  # the same figures in every language


def test_a_russian_delay_is_counted_in_russian(embedded_store: Store) -> None:
    page = appraisal_html(planning.appraisals(embedded_store, NEW, "ru"), programme=NEW, lang="ru")
    assert "задержка на 1 год" in page and "задержка на 2 года" in page


def test_the_engines_keep_their_english_texts_beside_the_messages(embedded_store: Store) -> None:
    kambarata = next(a for a in planning.appraisals(embedded_store, NEW) if a.components[-1] == "avoided emissions")
    names = [s.name for s in kambarata.sensitivities]
    assert names == ["base", "costs +20%", "benefits −20%", "1-year delay", "2-year delay", "combined"]
    for s in kambarata.sensitivities:
        assert s.name == str(s.name_message) and s.description == str(s.description_message)
    assert kambarata.sensitivities[4].description == "benefits, operating costs and residual value 2 years later"
    page = appraisal_html([kambarata])
    assert "whole investment, regional (KG, KZ, UZ)" in page and "2-year delay" in page and "firm capacity" in page


def test_every_appraisal_parameter_has_a_label_and_its_description_marked_for_the_catalogs() -> None:
    params = load_appraisal_parameters()
    assert set(LABELS) == set(params.parameters)
    assert {p.description for p in params.parameters.values()} == set(DESCRIPTIONS)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_plan_report_names_the_programme_its_operations_and_the_risk_adjustment_in_the_readers_language(
    embedded_store: Store, lang: str
) -> None:
    plan = planning.plan(embedded_store, NEW, as_of=date(2026, 9, 30), exact_marginals=False)
    assert plan.risk_adjustment_message is not None and plan.risk_adjustment == str(plan.risk_adjustment_message)
    assert planning.plan_in(embedded_store, plan, "en") is plan
    named = planning.plan_in(embedded_store, plan, lang)
    texts = _texts(lang)
    assert named.title == _text(texts["programme"]["title"]) != plan.title
    assert named.selected
    for p in (*named.selected, *named.not_selected):
        assert p.name == _text(texts["operations"][p.project]["name"])
    page = plan_html(named, lang)
    adjustment = render(plan.risk_adjustment_message, lang)
    assert named.title in page and named.selected[0].name in page
    assert adjustment in page and plan.risk_adjustment not in page
    summary = load_workbook(BytesIO(plan_xlsx(named, lang))).worksheets[0]
    cells = {str(c) for row in summary.iter_rows(values_only=True) for c in row if c is not None}
    assert {named.title, adjustment} <= cells and plan.risk_adjustment not in cells


@pytest.mark.parametrize(
    ("net", "english"),
    [
        ([-100.0, -10.0], "net benefits never change sign: NPV is negative at every rate, so there is no real rate"),
        (
            [-100.0, 230.0, -132.0],
            "net benefits change sign 2 times and NPV is zero at 10.00%, 20.00%: no single rate of return; "
            "judge the project by its NPV",
        ),
        (
            [5.0, -100.0, -1e9],
            "net benefits change sign 1 time(s) but NPV has no zero between [-0.99, 10]: no real rate there",
        ),
    ],
)
def test_why_there_is_no_single_rate_of_return_is_a_message(net: list[float], english: str) -> None:
    import numpy as np

    from cpfkit.appraise.cashflow import eirr

    found = eirr(np.array(net))
    assert found.reason == english and found.reason_message is not None and str(found.reason_message) == english
    russian = render(found.reason_message, "ru")
    assert russian != english and "ЧПС" in russian
