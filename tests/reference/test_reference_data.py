"""Data tests: every reference file loads, and agrees with the code that relies on it."""

from decimal import Decimal
from pathlib import Path

import pytest

from cpfkit.model import Institution, Instrument, OutcomeRating, RatingKind, RiskLevel, SortCategory, TransactionType
from cpfkit.reference import load_catalogue, load_codelist, load_fx, load_regions, load_scale, sector_names

CODELISTS = sorted(p.stem for p in (Path(__file__).parents[2] / "src/cpfkit/reference/codelists/iati").glob("*.xml"))


@pytest.mark.parametrize("name", CODELISTS)
def test_every_iati_codelist_loads_with_unique_codes(name: str) -> None:
    codelist = load_codelist(name)
    assert codelist.names, name


def test_iati_codelists_hold_the_codes_cpfkit_needs() -> None:
    assert {"KZ", "KG", "UZ"} <= load_codelist("Country").codes
    assert {"USD", "KZT", "EUR"} <= load_codelist("Currency").codes
    assert load_codelist("Sector").name_of("21020") == "Road transport"


@pytest.mark.parametrize(
    ("catalogue", "enum"),
    [
        ("institutions", Institution),
        ("instruments", Instrument),
        ("transaction_types", TransactionType),
        ("rating_kinds", RatingKind),
        ("sort_categories", SortCategory),
    ],
)
def test_catalogues_match_the_enumerations(catalogue: str, enum: type) -> None:
    assert {row["code"] for row in load_catalogue(catalogue)} == {m.value for m in enum}


def test_transaction_types_map_to_iati_codes() -> None:
    iati = load_codelist("TransactionType").codes
    for row in load_catalogue("transaction_types"):
        assert row["iati_code"] == "" or row["iati_code"] in iati


@pytest.mark.parametrize(
    ("scale", "enum", "scores"),
    [
        ("outcome_rating", OutcomeRating, [6, 5, 4, 3, 2, 1]),
        ("sort_risk", RiskLevel, [4, 3, 2, 1]),
    ],
)
def test_scales_are_ordered_and_match_the_model(scale: str, enum: type, scores: list[int]) -> None:
    loaded = load_scale(scale)
    assert set(loaded.codes) == {m.value for m in enum}
    assert [level.score for level in loaded.levels] == scores


def test_objective_rating_scale_has_the_five_ieg_levels() -> None:
    assert load_scale("objective_rating").codes == (
        "Achieved",
        "Mostly Achieved",
        "Partially Achieved",
        "Not Achieved",
        "Not Verified",
    )


def test_fx_table_gives_market_rates_in_us_dollars() -> None:
    # The shipped IMF table is in SDR per unit; crossed through its USD row it gives the market rates:
    # EUR/USD averaged about 1.08 in March 2025 and 1.58 in July 2008; the tenge traded near 505 and 187 per dollar
    # in March 2025 and July 2015.
    fx = load_fx()
    assert "KZT" in fx.currencies and "USD" not in fx.rates
    assert round(fx.rates["EUR"][(2025, 3)], 4) == Decimal("1.0806")
    assert round(fx.rates["EUR"][(2008, 7)], 3) == Decimal("1.577")
    assert round(1 / fx.rates["KZT"][(2025, 3)]) == 505
    assert round(1 / fx.rates["KZT"][(2015, 7)]) == 187


def test_regions_are_found_by_any_name() -> None:
    regions = load_regions("KZ")
    assert regions is not None and len(regions.places) == 20
    assert regions.find("South Kazakhstan Region").name == "Turkistan Region"  # type: ignore[union-attr]
    assert regions.find("Алматинская область").name == "Almaty Region"  # type: ignore[union-attr]
    assert regions.find("Nur-Sultan").name == "Astana"  # type: ignore[union-attr]
    assert regions.find("Almaty").kind == "city"  # type: ignore[union-attr]
    assert regions.find("Atlantis") is None
    assert load_regions("ZZ") is None


def test_world_bank_codes_map_to_codes_of_the_iati_codelists() -> None:
    countries, regions = load_codelist("Country"), load_codelist("Region")
    legacy = load_catalogue("wb_countries")
    areas = load_catalogue("wb_regions")
    assert len({r["code"] for r in legacy}) == len(legacy)
    assert len({r["name"].lower() for r in areas}) == len(areas)
    coded = [r["code"] for r in areas if r["code"]]
    assert len(set(coded)) == len(coded) and {"1W", "3A", "4P", "5M", "8S"} <= set(coded)
    for row in legacy:
        # a code the Country codelist holds would be read as that country before this table is looked at
        assert row["code"] not in countries and row["iso"] in countries and row["iso"] not in countries.withdrawn, row
    for row in areas:
        assert row["code"] not in countries, row
        assert row["iati_region"] == "multi-country" or (
            row["iati_region"] in regions and row["iati_region"] not in regions.withdrawn
        ), row


def test_the_sector_names_name_sectors_of_the_iati_codelist_in_both_languages() -> None:
    rows = load_catalogue("sector_names")
    sectors = load_codelist("Sector")
    assert rows and len({(r["vocabulary"], r["code"]) for r in rows}) == len(rows)
    for row in rows:
        assert row["vocabulary"] == "1" and row["code"] in sectors, row
        assert sectors.name_of(row["code"]).casefold().startswith(row["name"].casefold()), row  # without its notes
        assert row["name_ru"] and row["name_kk"] and row["name_ru"] != row["name"], row
    assert sector_names("ru")[("1", "21020")] == "Автомобильный транспорт"
    assert sector_names("en") == {}  # English is the data's own


def test_the_embedded_programmes_name_each_sector_as_the_sector_names_do() -> None:
    import yaml

    from cpfkit.services.loading import EMBEDDED_PROGRAMMES

    for folder in sorted(EMBEDDED_PROGRAMMES.iterdir()):
        projects = yaml.safe_load((folder / "projects.yaml").read_text(encoding="utf-8"))["projects"]
        for language in ("ru", "kk"):
            names = sector_names(language)
            translated = yaml.safe_load((folder / "translations" / f"{language}.yaml").read_text(encoding="utf-8"))
            for project in projects:
                texts = translated["operations"][project["id"]].get("sectors") or []
                for sector, text in zip(project.get("sectors") or [], texts, strict=True):
                    key = (sector.get("vocabulary", "1"), sector["code"])
                    assert text["name"] == names[key], (folder.name, project["id"], language, key)
