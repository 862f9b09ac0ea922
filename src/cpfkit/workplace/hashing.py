"""Passwords kept as Argon2id hashes, never as themselves."""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = ["dummy_hash", "hash_password", "needs_rehash", "verify_password"]

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """The Argon2id hash of a password."""
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """Whether ``password`` matches the stored hash."""
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a stored hash was made with other parameters than today's (it is renewed at the next sign-in)."""
    return _hasher.check_needs_rehash(stored)


@cache
def dummy_hash() -> str:
    """Verified against when the name is unknown, so a wrong name costs the time of a wrong password."""
    return _hasher.hash(secrets.token_urlsafe(16))
