"""The team's workplace: accounts and roles, editing records safely, and the audit trail.

Services at the level of :mod:`cpfkit.services.programmes`: interfaces call them; they
call the store.  Nothing here imports an interface.
"""
