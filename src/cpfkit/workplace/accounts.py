"""Accounts: users and their roles, passwords (Argon2), sign-in sessions, API tokens and login throttling.

Secrets are never stored: passwords as Argon2id hashes, session and API
tokens as their SHA-256 (they are long random strings, so a fast hash is
enough and lookups stay cheap).  Every change to a user or a token is in the
audit trail.  Each part is its own module, all re-exported here: the users
(:mod:`cpfkit.workplace.users`, their fields in :mod:`cpfkit.workplace.user_schemas`),
the password rule (:mod:`cpfkit.workplace.passwords`) and hashes
(:mod:`cpfkit.workplace.hashing`), signing in (:mod:`cpfkit.workplace.sessions`),
API tokens (:mod:`cpfkit.workplace.tokens`) and the demo accounts
(:mod:`cpfkit.workplace.demo_accounts`).
"""

from __future__ import annotations

from cpfkit.workplace.demo_accounts import DEMO_ACCOUNTS, create_demo_users, demo_logins
from cpfkit.workplace.hashing import hash_password, verify_password
from cpfkit.workplace.passwords import MIN_PASSWORD_LENGTH
from cpfkit.workplace.sessions import SignIn, principal_for_session, sign_in, sign_out
from cpfkit.workplace.tokens import TokenPublic, create_token, list_tokens, principal_for_token, revoke_token
from cpfkit.workplace.user_schemas import LocaleCode, UserCreate, UserPublic, UserUpdate
from cpfkit.workplace.users import DEFAULT_DEMO_PASSWORD, add_user, get_user, list_users, set_locale, update_user

__all__ = [
    "DEFAULT_DEMO_PASSWORD",
    "DEMO_ACCOUNTS",
    "LocaleCode",
    "MIN_PASSWORD_LENGTH",
    "SignIn",
    "TokenPublic",
    "UserCreate",
    "UserPublic",
    "UserUpdate",
    "add_user",
    "create_demo_users",
    "create_token",
    "demo_logins",
    "get_user",
    "hash_password",
    "list_tokens",
    "list_users",
    "principal_for_session",
    "principal_for_token",
    "revoke_token",
    "set_locale",
    "sign_in",
    "sign_out",
    "update_user",
    "verify_password",
]
