"""The report templates compiled by one run are used by the next, and only while source and options match."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from cpfkit.reports import templating


def _environment(folder: Path, source: str, *, trim_blocks: bool = True) -> Environment:
    env = Environment(loader=DictLoader({"page.html": source}), trim_blocks=trim_blocks, extensions=["jinja2.ext.i18n"])
    cache = templating._compiled_templates(env)
    assert cache is not None
    cache.directory = str(folder)
    env.bytecode_cache = cache
    return env


def test_the_report_environment_keeps_its_compiled_templates() -> None:
    env = templating.environment()
    assert isinstance(env.bytecode_cache, templating._CompiledTemplates)
    assert env.bytecode_cache.pattern.startswith("cpfkit-report-")


def test_a_second_run_reads_the_compiled_template_and_renders_the_same(tmp_path: Path) -> None:
    source = "{% for x in items %}{{ x }}\n{% endfor %}"
    first = _environment(tmp_path, source).get_template("page.html").render(items=[1, 2])
    written = list(tmp_path.iterdir())
    assert len(written) == 1 and written[0].name.startswith("cpfkit-report-")
    again = _environment(tmp_path, source)
    compiled: list[str] = []
    original = again._compile

    def counted(source: str, filename: str) -> object:
        compiled.append(filename)
        return original(source, filename)

    again._compile = counted  # type: ignore[method-assign]
    assert again.get_template("page.html").render(items=[1, 2]) == first == "1\n2\n"
    assert compiled == []  # read from the cache, not compiled


def test_a_changed_source_or_option_is_compiled_anew(tmp_path: Path) -> None:
    _environment(tmp_path, "{% if true %}\nA{% endif %}").get_template("page.html")
    changed = _environment(tmp_path, "{% if true %}\nB{% endif %}").get_template("page.html")
    assert changed.render() == "B"
    untrimmed = _environment(tmp_path, "{% if true %}\nA{% endif %}", trim_blocks=False)
    assert untrimmed.get_template("page.html").render() == "\nA"
    assert len({p.name.split("-")[2] for p in tmp_path.iterdir()}) == 2  # one name per set of options


def test_a_cache_that_cannot_be_written_is_no_cache(tmp_path: Path) -> None:
    env = _environment(tmp_path / "missing", "{{ 1 + 1 }}")
    assert env.get_template("page.html").render() == "2"


@pytest.mark.parametrize("content", [b"", b"not a compiled template"])
def test_a_damaged_cache_file_is_compiled_anew(tmp_path: Path, content: bytes) -> None:
    source = "{{ 2 + 2 }}"
    _environment(tmp_path, source).get_template("page.html")
    (written,) = tmp_path.iterdir()
    written.write_bytes(content)
    assert _environment(tmp_path, source).get_template("page.html").render() == "4"
