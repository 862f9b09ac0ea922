"""The data in three languages: translations read with the folder, stored with it, and laid over the English data.

The rules are in ``docs/data-format.md`` ("translations") and ``docs/api.md`` ("Language of the data").
"""

from __future__ import annotations

import csv
import html
import re
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cpfkit.errors import DataError
from cpfkit.formats.programme_folder.translations import read_translations
from cpfkit.model import ProgrammeData, SectorShare
from cpfkit.reference import load_regions, sector_names
from cpfkit.services import programmes as services
from cpfkit.services.loading import EMBEDDED_PROGRAMMES
from cpfkit.services.translations import TextBook, _tree, in_language, project_in, text_book
from cpfkit.store import Store
from cpfkit.store.records import resource
from cpfkit.store.repository_translations import count_translations
from cpfkit.store.tables_translations import TranslationRow
from cpfkit.workplace import editing
from cpfkit.workplace.roles import cli_principal
from tests.conftest import DEMO

PROGRAMME = "kz-2026-2031"


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _areas(language: str) -> dict[str, str]:
    """The priority areas' titles of kz-2026-2031 in a language, by code (English from programme.yaml)."""
    folder = EMBEDDED_PROGRAMMES / PROGRAMME
    if language == "en":
        return {a["code"]: a["title"] for a in _yaml(folder / "programme.yaml")["priority_areas"]}
    return {
        code: entry["title"]
        for code, entry in _yaml(folder / "translations" / f"{language}.yaml")["priority_areas"].items()
    }


def _indicators(language: str) -> dict[str, str]:
    folder = EMBEDDED_PROGRAMMES / PROGRAMME
    if language == "en":
        programme = _yaml(folder / "programme.yaml")
        return {
            i["code"]: i["name"]
            for a in programme["priority_areas"]
            for o in a.get("objectives") or []
            for i in o.get("indicators") or []
        }
    return {
        code: entry["name"] for code, entry in _yaml(folder / "translations" / f"{language}.yaml")["indicators"].items()
    }


def _text(page: str) -> str:
    """A page's visible text, unescaped (scripts, including chart data, left out)."""
    body = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def _demo_copy(tmp_path: Path, ru: dict | None) -> Path:
    folder = tmp_path / "xx-demo"
    shutil.copytree(DEMO, folder)
    if ru is not None:
        (folder / "translations").mkdir()
        (folder / "translations" / "ru.yaml").write_text(yaml.safe_dump(ru, allow_unicode=True), encoding="utf-8")
    return folder


DEMO_RU = {
    "language": "ru",
    "translated_by": "cpfkit",
    "programme": {"title": "Демонстрационная программа для тестов"},
    "priority_areas": {"PA1": {"title": "Транспорт"}},
    "indicators": {"I1": {"name": "Люди с улучшенным доступом", "unit": "человек"}},
    "operations": {"P1": {"name": "Дорога один", "locations": [{"name": "г. Алматы"}]}},
}


# -- reading and storing ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("programme", ["kz-2020-2025", "kz-2026-2031"])
def test_loading_stores_every_translation_of_both_languages(embedded_store: Store, programme: str) -> None:
    expected = Counter(t.language for t in read_translations(EMBEDDED_PROGRAMMES / programme))
    assert expected["ru"] > 200 and expected["ru"] == expected["kk"]  # every text has both translations
    with embedded_store.reader() as session:
        assert count_translations(session, programme) == dict(expected)


def test_a_folder_without_translations_loads_as_before(demo_store: Store) -> None:
    with demo_store.reader() as session:
        assert count_translations(session, "xx-demo") == {}
    data = services.programme_data(demo_store, "xx-demo")
    shown = in_language(data, text_book(demo_store, "ru"))
    assert shown.programme == data.programme  # nothing translated: the English texts
    assert [p.name for p in shown.projects] == [p.name for p in data.projects]


@pytest.mark.parametrize(
    ("change", "record", "field"),
    [
        (lambda t: t["indicators"]["I1"].update(colour="красный"), "indicators.I1", "colour"),
        (lambda t: t.update(objectives={"O9": {"title": "Нет такой цели"}}), "objectives.O9", "record"),
        (
            lambda t: t["operations"]["P1"].update(locations=[{"name": "Алматы"}, {"name": "Астана"}]),
            "operations.P1",
            "locations",
        ),
        (lambda t: t["priority_areas"]["PA1"].update(title=""), "priority_areas.PA1", "title"),
    ],
)
def test_an_invalid_entry_is_refused_naming_file_entry_and_field_and_nothing_is_stored(
    empty_store: Store, tmp_path: Path, change, record: str, field: str
) -> None:
    ru = yaml.safe_load(yaml.safe_dump(DEMO_RU, allow_unicode=True))
    change(ru)
    folder = _demo_copy(tmp_path, ru)
    with pytest.raises(DataError) as caught:
        services.load_folders(empty_store, [folder])
    assert caught.value.file == str(folder / "translations" / "ru.yaml")
    assert (caught.value.record, caught.value.field) == (record, field)
    with pytest.raises(DataError):
        services.validate_folders([folder])
    with empty_store.reader() as session:
        assert session.scalar(select(func.count()).select_from(TranslationRow)) == 0
    assert services.programmes(empty_store) == []


def test_reloading_replaces_the_translations(empty_store: Store, tmp_path: Path) -> None:
    folder = _demo_copy(tmp_path, DEMO_RU)
    services.load_folders(empty_store, [folder])
    with empty_store.reader() as session:
        assert count_translations(session, "xx-demo") == {"ru": 6}
    ru = yaml.safe_load(yaml.safe_dump(DEMO_RU, allow_unicode=True))
    del ru["operations"]
    (folder / "translations" / "ru.yaml").write_text(yaml.safe_dump(ru, allow_unicode=True), encoding="utf-8")
    services.load_folders(empty_store, [folder], replace=True)
    with empty_store.reader() as session:
        assert count_translations(session, "xx-demo") == {"ru": 4}


# -- the overlay ------------------------------------------------------------------------------------------------


def test_a_record_without_a_translation_is_shown_in_english(embedded_store: Store) -> None:
    data: ProgrammeData = services.programme_data(embedded_store, PROGRAMME)
    found = [
        t
        for t in read_translations(EMBEDDED_PROGRAMMES / PROGRAMME, ("ru",))
        if (t.kind, t.key) != ("priority_areas", "PA2")
    ]
    records: dict = {}
    for t in found:
        records.setdefault((PROGRAMME, t.kind, t.key), []).append(t)
    book = TextBook("ru", {k: _tree(v) for k, v in records.items()})
    shown = {a.code: a.title for a in in_language(data, book).programme.priority_areas}
    assert shown["PA1"] == _areas("ru")["PA1"]
    assert shown["PA2"] == _areas("en")["PA2"]  # no Russian title: the English one
    assert in_language(data, book).programme.envelope == data.programme.envelope  # figures are not texts


def test_place_names_come_from_the_regions_reference(demo_store: Store, tmp_path: Path) -> None:
    data = services.programme_data(demo_store, "xx-demo")
    almaty = load_regions("KZ").find("Almaty")
    assert almaty is not None
    for language, name in (("ru", almaty.name_ru), ("kk", almaty.name_kk), ("en", "Almaty")):
        project = next(p for p in in_language(data, TextBook(language)).projects if p.id == "P1")
        assert project.locations[0].name == name


def test_a_sector_without_a_translation_is_named_by_the_sector_names(demo_store: Store) -> None:
    data = services.programme_data(demo_store, "xx-demo")
    project = next(p for p in data.projects if p.id == "P1")
    entered = project.model_copy(
        update={"sectors": (SectorShare(code="21030", name="Rail transport", percentage=Decimal(100)),)}
    )
    assert project_in(entered, {}, "ru").sectors[0].name == sector_names("ru")[("1", "21030")]
    assert project_in(entered, {}, "kk").sectors[0].name == sector_names("kk")[("1", "21030")]
    assert project_in(entered, {}, "en").sectors[0].name == "Rail transport"
    own = {"sectors": {0: {"name": "Железная дорога"}}}  # the data's own translation wins
    assert project_in(entered, own, "ru").sectors[0].name == "Железная дорога"


def test_editing_an_english_text_drops_its_translation_and_keeps_the_others(empty_store: Store, tmp_path: Path) -> None:
    services.load_folders(empty_store, [_demo_copy(tmp_path, DEMO_RU)])
    res = resource("projects")
    editing.update(empty_store, res, "P1", res.update_schema(name="Road one, widened"), 1, cli_principal("t"))
    with empty_store.reader() as session:
        kept = session.scalars(select(TranslationRow.field).where(TranslationRow.key == "P1")).all()
    assert kept == ["locations.name"]
    data = in_language(services.programme_data(empty_store, "xx-demo"), text_book(empty_store, "ru"))
    project = next(p for p in data.projects if p.id == "P1")
    assert project.name == "Road one, widened"  # the new English text, until it is translated again
    assert data.programme.priority_areas[0].title == "Транспорт"


# -- the API and the pages -------------------------------------------------------------------------------------


def test_the_api_answers_in_the_language_asked_for(api: TestClient) -> None:
    titles = {
        lang: _yaml(EMBEDDED_PROGRAMMES / PROGRAMME / "translations" / f"{lang}.yaml")["programme"]["title"]
        for lang in ("ru", "kk")
    }
    english = _yaml(EMBEDDED_PROGRAMMES / PROGRAMME / "programme.yaml")["title"]

    ru = api.get(f"/api/programmes/{PROGRAMME}?lang=ru")
    assert ru.status_code == 200 and ru.json()["programme"]["title"] == titles["ru"]
    assert ru.headers["content-language"] == "ru"
    assert "accept-language" in ru.headers["vary"].lower()
    assert ru.json()["programme"]["priority_areas"][0]["title"] == _areas("ru")["PA1"]

    kk = api.get(f"/api/programmes/{PROGRAMME}", headers={"Accept-Language": "kk-KZ,ru;q=0.8"})
    assert kk.json()["programme"]["title"] == titles["kk"] and kk.headers["content-language"] == "kk"

    won = api.get(f"/api/programmes/{PROGRAMME}?lang=ru", headers={"Accept-Language": "kk"})
    assert won.json()["programme"]["title"] == titles["ru"]  # lang wins over Accept-Language

    en = api.get(f"/api/programmes/{PROGRAMME}")
    assert en.json()["programme"]["title"] == english and en.headers["content-language"] == "en"

    listed = api.get("/api/programmes?lang=kk").json()
    assert titles["kk"] in {p["title"] for p in listed}
    names = {p["id"]: p["name"] for p in api.get(f"/api/programmes/{PROGRAMME}/projects?lang=ru&limit=200").json()}
    ru_names = _yaml(EMBEDDED_PROGRAMMES / PROGRAMME / "translations" / "ru.yaml")["operations"]
    assert names["KZ-ILL-RAIL-01"] == ru_names["KZ-ILL-RAIL-01"]["name"]


def _text_of(entry: str | dict) -> str:
    """A translation's text: an entry is a text, or ``{text, source}``."""
    return entry if isinstance(entry, str) else entry["text"]


def test_the_record_lists_and_the_results_answer_in_the_language_asked_for(api: TestClient) -> None:
    areas = api.get(f"/api/priority-areas?programme={PROGRAMME}&lang=ru")
    assert areas.status_code == 200 and areas.headers["content-language"] == "ru"
    assert "accept-language" in areas.headers["vary"].lower()
    assert {a["code"]: a["title"] for a in areas.json()} == _areas("ru")

    indicators = api.get(f"/api/indicators?programme={PROGRAMME}&limit=500", headers={"Accept-Language": "kk"})
    assert indicators.headers["content-language"] == "kk"
    assert {i["code"]: i["name"] for i in indicators.json()} == _indicators("kk")
    assert next(i["unit"] for i in indicators.json() if i["code"] == "I4.1.1") == "USD"  # a currency stays its code

    operations = {p["id"]: p for p in api.get(f"/api/projects?programme={PROGRAMME}&lang=ru&limit=500").json()}
    own = _yaml(EMBEDDED_PROGRAMMES / PROGRAMME / "translations" / "ru.yaml")["operations"]
    assert operations["KZ-ILL-RAIL-01"]["name"] == _text_of(own["KZ-ILL-RAIL-01"]["name"])
    # an operation another programme defines is named as that programme's translations name it
    defined = _yaml(EMBEDDED_PROGRAMMES / "kz-2020-2025" / "translations" / "ru.yaml")["operations"]["P500565"]
    assert operations["P500565"]["name"] == _text_of(defined["name"])
    assert [loc["name"] for loc in operations["P500565"]["locations"]][:2] == [
        load_regions("KZ").find("Karaganda Region").name_ru,  # type: ignore[union-attr]
        load_regions("KZ").find("Ulytau Region").name_ru,  # type: ignore[union-attr]
    ]

    risks = api.get(f"/api/risks?programme={PROGRAMME}&lang=kk&format=csv")
    assert risks.headers["content-language"] == "kk" and risks.headers["content-type"].startswith("text/csv")
    assert all(title in risks.text for title in _risks("kk").values())

    results = api.get(f"/api/programmes/{PROGRAMME}/results?lang=ru").json()
    assert {a["code"]: a["title"] for a in results["areas"]} == _areas("ru")

    # English by default; one record, read to be changed, is as stored
    english = api.get(f"/api/priority-areas?programme={PROGRAMME}")
    assert english.headers["content-language"] == "en"
    assert {a["code"]: a["title"] for a in english.json()} == _areas("en")
    first = english.json()[0]
    assert api.get(f"/api/priority-areas/{first['id']}?lang=ru").json()["title"] == _areas("en")[first["code"]]


def test_the_openapi_document_describes_the_language_parameter(api: TestClient) -> None:
    doc = api.get("/api/openapi.json").json()
    params = doc["paths"]["/api/programmes/{programme_id}"]["get"]["parameters"]
    lang = next(p for p in params if p["name"] == "lang")
    assert lang["in"] == "query" and "Accept-Language" in lang["description"]


def _risks(language: str) -> dict[str, str]:
    folder = EMBEDDED_PROGRAMMES / PROGRAMME
    if language == "en":
        with (folder / "risks.csv").open(encoding="utf-8", newline="") as f:
            return {r["code"]: r["title"] for r in csv.DictReader(f)}
    return {
        code: entry["title"] for code, entry in _yaml(folder / "translations" / f"{language}.yaml")["risks"].items()
    }


@pytest.mark.parametrize("page", ["", "/results", "/portfolio", "/risk"])
def test_a_russian_page_shows_the_data_in_russian(api: TestClient, page: str) -> None:
    api.get(f"/programmes/{PROGRAMME}{page}?lang=en")  # an English reader first: caches must keep languages apart
    text = _text(api.get(f"/programmes/{PROGRAMME}{page}?lang=ru").text)
    # the risk page shows the register, the others the results framework
    english, russian = (_risks("en"), _risks("ru")) if page == "/risk" else (_areas("en"), _areas("ru"))
    shown = [code for code in english if russian[code] in text]
    assert shown, "no Russian title on the page"
    for code in english:
        assert english[code] not in text, english[code]
    if page in ("", "/results"):
        indicators_en, indicators_ru = _indicators("en"), _indicators("ru")
        assert any(indicators_ru[c] in text for c in indicators_ru)
        assert not [n for n in indicators_en.values() if n in text]


def test_migration_0015_adds_the_table_and_takes_it_away(empty_store: Store, tmp_path: Path) -> None:
    from alembic import command
    from sqlalchemy import inspect

    services.load_folders(empty_store, [_demo_copy(tmp_path, DEMO_RU)])
    config = empty_store._alembic_config()
    with empty_store.engine.begin() as conn:  # back to the schema before translations
        config.attributes["connection"] = conn
        command.downgrade(config, "0014_measurement_bounds")
    assert "translations" not in inspect(empty_store.engine).get_table_names()
    assert empty_store.current_revision() == "0014_measurement_bounds"
    empty_store.migrate()
    assert empty_store.current_revision() == empty_store.head_revision()  # 0015_translations and every later one
    with empty_store.reader() as session:  # the programme stays; its translations come with its next load
        assert count_translations(session, "xx-demo") == {}
    services.load_folders(empty_store, [_demo_copy(tmp_path / "again", DEMO_RU)], replace=True)
    with empty_store.reader() as session:
        assert count_translations(session, "xx-demo") == {"ru": 6}
