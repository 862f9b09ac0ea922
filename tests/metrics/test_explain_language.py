"""The review's explanations, its proactivity actions and the plan's notes are messages, written in Russian.

Each Russian rendering, from the catalogs as they are, holds no English word of the English templates it is
made of, and keeps the figures of the English one (written the Russian way).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from cpfkit.formats.plan_constraints import parse_constraints
from cpfkit.jsonable import jsonable
from cpfkit.language.message import Listing, Message, Param, render
from cpfkit.plan.inputs import build_problem
from cpfkit.reference import load_fx
from cpfkit.services import planning as services_plan
from cpfkit.services import portfolio as services_portfolio
from cpfkit.services import programmes as services
from cpfkit.store import Store
from tests.metrics.portfolio_builder import Portfolio, m
from tests.metrics.test_portfolio_review import worked_example

NBSP = "\u00a0"
KEPT = {"isr", "sort", "ibrd", "ida", "ipf", "pforr", "dpf", "proactive_extensions", "must_exclude"}
"""Names kept in every language: institutions, instruments, the tool SORT, the settings' names."""


def _templates(message: Param) -> list[str]:
    """The English templates a message is made of: its own and those of the messages in its values."""
    if isinstance(message, Listing):
        return [t for item in message.items for t in _templates(item)]
    if not isinstance(message, Message):
        return []
    own = [message.msgid] + ([message.plural] if message.plural else [])
    return own + [t for value in message.params.values() for t in _templates(value)]


def _english_words(message: Message) -> set[str]:
    words = set()
    for template in _templates(message):
        words |= {w.lower() for w in re.findall(r"[A-Za-z_']{3,}", re.sub(r"%\(\w+\)[sd]", " ", template))}
    return words - KEPT


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z_']+", text)}


def _figures(text: str) -> list[str]:
    """The numbers of a text, their marks taken away (``2,038.0`` and ``2 038,0`` are both ``20380``)."""
    return [re.sub(r"[^\d]", "", n) for n in re.findall(r"\d[\d,.\u00a0\u202f]*\d|\d", text)]


def _assert_russian(message: Message) -> str:
    english, russian = render(message, "en"), render(message, "ru")
    assert russian != english
    assert not _words(russian) & _english_words(message), russian
    assert sorted(_figures(russian)) == sorted(_figures(english)), (english, russian)
    return russian


def test_every_explanation_is_a_message_and_the_english_text_is_the_message() -> None:
    review = worked_example().review(date(2027, 6, 30))
    assert set(review.explanation_messages) == set(review.explanations)
    for key, message in review.explanation_messages.items():
        assert review.explanations[key] == str(message) == render(message, "en"), key


def test_every_explanation_in_russian_has_no_english_word_and_keeps_its_figures() -> None:
    review = worked_example().review(date(2027, 6, 30))
    russian = {key: _assert_russian(message) for key, message in review.explanation_messages.items()}
    assert len(russian) == 17
    assert f"2{NBSP}038,0 млн долл. США" in russian["net_commitment_usd"]
    assert f"12,1{NBSP}%" in russian["disbursement_ratio"] and "ФГ27" in russian["disbursement_ratio"]
    assert russian["active_projects"].startswith("5 операций")


def test_the_explanations_of_other_cases_in_russian() -> None:
    """Extensions, effectiveness lags, proactivity and operations outside the indicators: the other branches."""
    p = Portfolio(start=date(2013, 7, 1))
    p.project("P1", m(36), date(2014, 3, 19), effectiveness=date(2014, 10, 22), closing=date(2023, 12, 31))
    p.project("P2", m(40), date(2013, 6, 27), closing=date(2021, 12, 31), revised=date(2025, 6, 30))
    p.tx("P1", "disbursement", date(2019, 6, 30), m(30))
    review = p.review(date(2022, 6, 30))
    for message in review.explanation_messages.values():
        _assert_russian(message)
    assert "продлены" in render(review.explanation_messages["closing_date_extensions"], "ru")


def test_proactivity_actions_are_messages_written_in_russian() -> None:
    p = Portfolio()
    for pid in ("Q1", "Q2", "Q3", "Q4"):
        closing = date(2027, 3, 31) if pid == "Q3" else date(2030, 6, 30)
        p.project(pid, m(100), date(2020, 1, 15), effectiveness=date(2020, 3, 1), closing=closing)
        p.tx(pid, "disbursement", date(2021, 1, 31), m(80)).rate(pid, date(2026, 5, 1), do="MU", ip="MU")
    p.rate("Q1", date(2027, 5, 1), do="S", ip="MS")
    p.event("Q2", "restructuring", date(2026, 11, 15))
    p.tx("Q4", "cancellation", date(2027, 2, 28), m(10))
    review = p.review(date(2027, 6, 30))
    messages = [m for case in review.proactivity for m in case.action_messages]
    assert [str(m) for m in messages] == [a for case in review.proactivity for a in case.actions]
    russian = [_assert_russian(message) for message in messages]
    assert "рейтинги повышены: ЦР S / ХР MS" in russian
    assert "частично аннулирована: 10,0 млн долл. США" in russian
    _assert_russian(review.explanation_messages["proactivity_index"])


@pytest.fixture(scope="module")
def plan_notes() -> list[Message]:
    folder = Path(__file__).parents[1] / "data" / "programmes" / "xx-plan"
    [data] = services.validate_folders([folder])
    scenario = parse_constraints({"objective": {"npv_weight": 0.5}})
    _, context = build_problem(data, load_fx(), scenario, as_of=date(2026, 11, 1))
    return list(context.note_messages)


def test_the_plan_notes_are_messages_written_in_russian(plan_notes: list[Message]) -> None:
    assert plan_notes
    for note in plan_notes:
        _assert_russian(note)
    assert any("не оцениваются" in render(note, "ru") for note in plan_notes)


def test_the_reasons_of_the_operations_left_out_are_messages_written_in_russian(empty_store: Store) -> None:
    services.load_folders(empty_store, [Path(__file__).parents[1] / "data" / "programmes" / "xx-plan"])
    scenario = parse_constraints({"must_exclude": ["R1"]})
    report = services_plan.plan(empty_store, "xx-plan", scenario, as_of=date(2026, 11, 1), exact_marginals=False)
    assert report.not_selected
    for skipped in report.not_selected:
        assert skipped.reason_message is not None and skipped.reason == str(skipped.reason_message)
        _assert_russian(skipped.reason_message)
    [excluded] = [s for s in report.not_selected if s.project == "R1"]
    assert render(excluded.reason_message, "ru") == "исключена сценарием (must_exclude)"  # type: ignore[arg-type]


def test_the_portfolio_report_carries_its_messages_and_writes_them_in_russian(embedded_store: Store) -> None:
    """The embedded programme's report: every explanation, the envelope's and the IBRD exposure check."""
    report = services_portfolio.portfolio(embedded_store, "kz-2020-2025", date(2023, 6, 30))
    envelope = report.envelope
    assert envelope.explanation_message is not None and envelope.ibrd_exposure.check_message is not None
    assert envelope.explanation == str(envelope.explanation_message)
    assert envelope.ibrd_exposure.check == str(envelope.ibrd_exposure.check_message)
    _assert_russian(envelope.ibrd_exposure.check_message)
    russian = render(envelope.explanation_message, "ru")
    assert "cpfkit envelope" in russian and "Кредитный риск МБРР" in russian
    for key, message in report.explanation_messages.items():
        assert report.explanations[key] == str(message), key
        _assert_russian(message)
    payload = jsonable(report)
    assert payload["explanation_messages"]["problem_projects"]["msgid"].endswith("or worse.")
    assert "msgid" in payload["envelope"]["ibrd_exposure"]["check_message"]
