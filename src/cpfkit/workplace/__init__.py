"""The team's workplace: accounts and roles, editing records safely, and the audit trail.

Use cases below :mod:`cpfkit.services`: the services and the interfaces call them; they
call the store.  Nothing here imports a service or an interface.
"""
