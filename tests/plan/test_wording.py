"""The plan's messages as messages of the catalogs: the same sentence in English, Russian and Kazakh."""

from __future__ import annotations

from decimal import Decimal

from cpfkit.language.message import render
from cpfkit.plan.messages import PlanMessage
from cpfkit.plan.wording import plan_message

NBSP = "\u00a0"


def _exceeds() -> PlanMessage:
    return PlanMessage(
        "existing_exceeds_envelope",
        "warning",
        "FY27: commitments already approved exceed the envelope",
        {
            "fy": 2027,
            "existing_usd": Decimal("1234500000"),
            "envelope_usd": Decimal("1000000000"),
            "excess_usd": Decimal("234500000"),
        },
    )


def test_an_envelope_warning_in_each_language() -> None:
    message = plan_message(_exceeds())
    english = render(message, "en")
    assert english.startswith("FY27: commitments already approved (US$1,234.5 million) exceed the year's envelope")
    russian = render(message, "ru")
    assert russian.startswith("ФГ27: ") and f"1{NBSP}234,5" in russian and "234,5" in russian
    assert "commitments" not in russian and "envelope" not in russian
    kazakh = render(message, "kk")
    assert kazakh.startswith("ҚЖ27") and f"1{NBSP}234,5" in kazakh


def test_a_code_the_wording_does_not_know_keeps_the_plans_english_text() -> None:
    unknown = PlanMessage("something_new", "info", "Something new: 100% done.", {"share": 1})
    assert render(plan_message(unknown), "ru") == "Something new: 100% done."


def test_the_optimal_gap_is_a_fine_percentage() -> None:
    message = plan_message(PlanMessage("optimal", "info", "Optimal plan.", {"gap": Decimal("0.0005")}))
    assert render(message, "en") == "Optimal plan, proven within 0.05% of the best possible."
