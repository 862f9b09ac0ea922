"""The portfolio review's evidence is a message: English in the record, the reader's language where shown."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from cpfkit.language import catalogs
from cpfkit.language.message import Message, render
from tests.metrics.test_portfolio_review import worked_example

NBSP = "\u00a0"


def _template_words(msgid: str) -> set[str]:
    """The English words of a message, its placeholders left out."""
    return {w.lower() for w in re.findall(r"[A-Za-z']{3,}", re.sub(r"%\(\w+\)s", " ", msgid))} - {"isr", "us"}


def test_every_record_carries_its_message_and_the_english_text_is_the_message() -> None:
    review = worked_example().review(date(2027, 6, 30))
    assert review.flags
    for record in review.flags:
        assert isinstance(record.evidence_message, Message)
        assert record.evidence == str(record.evidence_message) == render(record.evidence_message, "en")


def test_a_disbursement_lag_in_russian_has_no_english_word_of_its_template(monkeypatch: pytest.MonkeyPatch) -> None:
    review = worked_example().review(date(2027, 6, 30))
    lag = next(f for f in review.flags if f.flag == "disbursement-lag")
    message = lag.evidence_message
    assert message is not None
    russian = (
        "освоено %(disbursed)s млн долл. США к %(as_of)s при плане %(planned)s млн долл. США по графику освоения "
        "операции: %(share)s (ниже порога %(threshold)s)"
    )
    monkeypatch.setitem(catalogs.translations("ru")._catalog, message.msgid, russian)  # type: ignore[attr-defined]
    text = render(message, "ru")
    assert text.startswith("освоено 200,0 млн долл. США к 30 июн. 2027\u202fг. при плане 400,0 млн долл. США")
    assert f"50{NBSP}%" in text
    english = _template_words(message.msgid)
    assert english and not {w.lower() for w in re.findall(r"[A-Za-z']+", text)} & english, text


def test_the_evidence_messages_are_extracted_for_the_catalogs() -> None:
    """Each message's English original is a literal marked with N_ where it is written, so `make i18n` finds it."""
    folder = Path(__file__).parents[2] / "src" / "cpfkit" / "metrics" / "portfolio"
    extracted = {
        message
        for path in folder.glob("evidence*.py")
        for _line, message, _comments, _context in extract_from_file("python", path, keywords={"N_": None})
    }
    review = worked_example().review(date(2027, 6, 30))
    assert review.flags
    for record in review.flags:
        assert record.evidence_message is not None and record.evidence_message.msgid in extracted
