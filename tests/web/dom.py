"""A small CSS selector subset over lxml, for page tests: ``tag.class[attr=value] descendant``."""

from __future__ import annotations

import re

import lxml.html

__all__ = ["css", "parse"]

_STEP = re.compile(r"^([a-zA-Z0-9*]*)((?:[.#][\w-]+)*)((?:\[[^\]]+\])*)$")
_ATTR = re.compile(r"\[([\w-]+)(?:([\^]?=)[\"']?([^\"'\]]*)[\"']?)?\]")


def _step(text: str) -> str:
    match = _STEP.match(text)
    if match is None:
        raise ValueError(f"selector step not understood: {text}")
    tag, marks, attrs = match.groups()
    tests = []
    for kind, name in re.findall(r"([.#])([\w-]+)", marks):
        if kind == "#":
            tests.append(f"@id='{name}'")
        else:
            tests.append(f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')")
    for name, op, value in _ATTR.findall(attrs):
        if not op:
            tests.append(f"@{name}")
        elif op == "^=":
            tests.append(f"starts-with(@{name}, '{value}')")
        else:
            tests.append(f"@{name}='{value}'")
    return (tag or "*") + "".join(f"[{t}]" for t in tests)


def css(element: lxml.html.HtmlElement, selector: str) -> list[lxml.html.HtmlElement]:
    """The elements under ``element`` that match a selector of tags, classes, ids, attributes and descendants."""
    path = ".//" + "//".join(_step(s) for s in selector.split())
    found: list[lxml.html.HtmlElement] = element.xpath(path)
    return found


def parse(text: str) -> lxml.html.HtmlElement:
    """A page's document."""
    return lxml.html.fromstring(text)
