"""The one error importers recover from: a well-formed record that cpfkit's core model cannot hold."""

from __future__ import annotations

from cpfkit.errors import DataError

__all__ = ["Unsupported"]


class Unsupported(DataError):
    """A well-formed record the core model cannot hold (a regional activity, dates out of order…).

    Importers skip it and report the reason; they never fail a file for it.
    """
