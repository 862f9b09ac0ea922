"""``--lang`` of the report commands: every report written in English, Russian or Kazakh; English by default."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.reports.language import translations
from cpfkit.store import Store

runner = CliRunner()


def run(store: Store, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store.url, *args])
    return result.exit_code, result.stdout, result.stderr


def test_each_report_command_takes_a_language(demo_store: Store) -> None:
    for kind in ("results-matrix", "plr", "clr"):
        for lang in ("en", "ru", "kk"):
            code, out, _ = run(
                demo_store, "report", kind, "xx-demo", "--as-of", "2027-12-31", "-f", "html", "--lang", lang
            )
            assert code == 0 and f'<html lang="{lang}">' in out, (kind, lang)
        code, out, _ = run(demo_store, "report", kind, "xx-demo", "--as-of", "2027-12-31", "-f", "html")
        assert code == 0 and '<html lang="en">' in out


def test_a_language_the_reports_do_not_speak_is_refused(demo_store: Store) -> None:
    code, _, err = run(demo_store, "report", "clr", "xx-demo", "--lang", "de", "-f", "html")
    assert code == 2 and "--lang" in err


def test_the_file_written_is_in_the_language_asked_for(demo_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "clr-ru.xlsx"
    code, _, err = run(
        demo_store, "report", "clr", "xx-demo", "--as-of", "2027-12-31", "--lang", "ru", "-o", str(target)
    )
    assert code == 0, err
    sheets = load_workbook(target).sheetnames
    assert translations("ru").gettext("Sources") in sheets and "Sources" not in sheets
    html = tmp_path / "plr-kk.html"
    code, _, _ = run(demo_store, "report", "plr", "xx-demo", "--as-of", "2027-12-31", "--lang", "kk", "-o", str(html))
    text = html.read_text(encoding="utf-8")
    assert code == 0 and '<html lang="kk">' in text
    assert translations("kk").gettext("Sources") in text


def test_the_summary_printed_stays_in_english(demo_store: Store) -> None:
    code, out, _ = run(demo_store, "report", "clr", "xx-demo", "--as-of", "2027-12-31", "--lang", "ru")
    assert code == 0 and "Headline results" in out


def test_the_other_report_commands_take_a_language() -> None:
    for command in (["appraise"], ["plan"], ["simulate"]):
        result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0 and "--lang" in result.stdout, command


def test_the_appraisal_report_written_in_the_language_asked_for(embedded_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "appraisal-kk.html"
    code, _, err = run(embedded_store, "appraise", "--programme", "kz-2026-2031", "--lang", "kk", "-o", str(target))
    assert code == 0, err
    assert '<html lang="kk">' in target.read_text(encoding="utf-8")
