"""Tables of the team's workplace: accounts, sessions, API tokens, the audit trail and the data version.

Each has its module (:mod:`~cpfkit.store.tables_accounts`,
:mod:`~cpfkit.store.tables_audit`, :mod:`~cpfkit.store.tables_data_version`);
this one gathers them.
"""

from cpfkit.store.tables_accounts import ApiTokenRow, LoginFailureRow, UserProgrammeRow, UserRow, WebSessionRow
from cpfkit.store.tables_audit import AuditRow
from cpfkit.store.tables_data_version import DataVersionPendingRow, DataVersionRow

__all__ = [
    "ApiTokenRow",
    "AuditRow",
    "DataVersionPendingRow",
    "DataVersionRow",
    "LoginFailureRow",
    "UserProgrammeRow",
    "UserRow",
    "WebSessionRow",
]
