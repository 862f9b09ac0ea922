"""The plan's messages and the value of its constraints, as sentences in the reader's language.

The messages themselves are :mod:`cpfkit.plan.wording`'s, shared with the reports and the CLI; this
module writes them in the locale of the request.
"""

from __future__ import annotations

from cpfkit.plan.messages import PlanMessage
from cpfkit.plan.report import DualValue
from cpfkit.plan.wording import constraint_message, dual_message, plan_message
from cpfkit.web.i18n import shown

__all__ = ["constraint_name", "dual_sentence", "message_sentence"]


def message_sentence(m: PlanMessage) -> str:
    """One message of the plan as a sentence in the reader's language."""
    return shown(plan_message(m))


def constraint_name(d: DualValue) -> str:
    """A money constraint's name in the reader's language (others keep the plan's description)."""
    return shown(constraint_message(d))


def dual_sentence(d: DualValue, *, nothing_to_choose: bool = False) -> str:
    """What a binding constraint is worth, in plain words, in the reader's language."""
    return shown(dual_message(d, nothing_to_choose=nothing_to_choose))
