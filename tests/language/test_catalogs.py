"""The catalogs without a request: look-up by language, Kazakh's fallback to Russian then English."""

from __future__ import annotations

from typing import get_args

import pytest

from cpfkit.language import catalogs
from cpfkit.language.__main__ import main
from cpfkit.workplace.user_schemas import LocaleCode


def test_the_languages_of_the_accounts_are_the_catalogs() -> None:
    assert get_args(LocaleCode) == catalogs.LOCALES == ("en", "ru", "kk")


def test_look_up_by_language() -> None:
    assert catalogs.gettext("Overview", "ru") == "Обзор"
    assert catalogs.gettext("Overview", "kk") == "Шолу"
    assert catalogs.gettext("Overview", "en") == "Overview"
    assert catalogs.gettext("Overview", "de") == "Overview"
    assert [catalogs.ngettext("operation", "operations", n, "ru") for n in (1, 3, 5)] == [
        "операция",
        "операции",
        "операций",
    ]


def test_kazakh_falls_back_to_russian_then_english(monkeypatch: pytest.MonkeyPatch) -> None:
    kazakh = catalogs.translations("kk")._catalog  # type: ignore[attr-defined]
    monkeypatch.delitem(kazakh, "Country Partnership Frameworks", raising=False)  # as if Kazakh lacked it
    assert catalogs.gettext("Country Partnership Frameworks", "kk") == "Рамочные программы партнёрства со страной"
    assert catalogs.gettext("not a message of cpfkit", "kk") == "not a message of cpfkit"


def test_the_untranslated_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--untranslated"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("ru: ") and any(line.startswith("kk: ") for line in lines)
    assert main([]) == 2
