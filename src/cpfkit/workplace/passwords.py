"""The password rule: what a person may choose as the password of an account.

A password is refused, with the reason, when it is

* shorter than :data:`MIN_PASSWORD_LENGTH` (12) characters;
* the account's own name, or the demo password (compared without regard to case);
* one of the 30,000 most common passwords of the list zxcvbn ships
  (``zxcvbn.frequency_lists``, drawn from leaked-password corpora; compared
  without regard to case);
* easy to guess all the same: zxcvbn's estimate is under 10^8 guesses (its
  score 3, "safely unguessable" against an offline attack on a slow hash such
  as Argon2) — a common word repeated, a keyboard row, a date and a name.

The list and the estimator work offline, from the installed package.  The
rule applies to every password a person sets (``cpfkit user add/password``,
``POST /api/users``, ``PATCH /api/users/{name}``); the demo accounts that
``cpfkit init`` creates are the one exception (see
:func:`cpfkit.workplace.demo_accounts.create_demo_users`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from cpfkit.errors import DataError

__all__ = ["MIN_PASSWORD_LENGTH", "MIN_SCORE", "WeakPassword", "check_password", "is_common"]

MIN_PASSWORD_LENGTH = 12
"""The fewest characters a password may have."""
MIN_SCORE = 3
"""zxcvbn's score a password must reach (3: at least 10^8 guesses)."""
_ESTIMATED_CHARACTERS = 72  # zxcvbn's own ceiling; a longer password is judged by its first 72 characters


class WeakPassword(DataError):
    """A password the rule refuses (the message says why; the password itself is never repeated)."""


@cache
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # the lists and the estimator load when a password is set

    return frozenset(FREQUENCY_LISTS["passwords"])


def is_common(password: str) -> bool:
    """Whether the password is on the common-password list (without regard to case).

    Examples:
        >>> is_common("Password"), is_common("tenge-river-2031")
        (True, False)
    """
    return password.casefold() in _common()


def check_password(password: str, *, name: str, demo_passwords: Iterable[str] = (), record: str | None = None) -> None:
    """Refuse a password that breaks the rule.

    Args:
        password: the password a person chose.
        name: the account's sign-in name.
        demo_passwords: the demo password (the setting's value and the built-in one).
        record: the account, for the message (``user aigerim``).

    Raises:
        WeakPassword: naming the ``password`` field and the reason.

    Examples:
        >>> check_password("tenge-river-2031", name="aigerim")
        >>> check_password("short", name="aigerim")
        Traceback (most recent call last):
        ...
        cpfkit.workplace.passwords.WeakPassword: field password: must be at least 12 characters (it has 5)
    """

    def refuse(reason: str) -> WeakPassword:
        return WeakPassword(reason, record=record, field="password")

    if len(password) < MIN_PASSWORD_LENGTH:
        raise refuse(f"must be at least {MIN_PASSWORD_LENGTH} characters (it has {len(password)})")
    folded = password.casefold()
    if folded == name.casefold():
        raise refuse("must not be the account's name")
    if any(folded == demo.casefold() for demo in demo_passwords):
        raise refuse("must not be the demo password, which anyone can read in the documentation")
    if is_common(password):
        raise refuse("is one of the most common passwords; choose another")
    from zxcvbn import zxcvbn

    estimate = zxcvbn(password[:_ESTIMATED_CHARACTERS], user_inputs=[name, *demo_passwords, "cpfkit"])
    if estimate["score"] < MIN_SCORE:
        hint = estimate["feedback"]["warning"] or "it follows a pattern that is quick to guess"
        raise refuse(f"is too easy to guess: {hint.rstrip('.')}; add words or make it longer")
