"""Interchange with the field's formats: IATI activity files (import and export) and World Bank project records.

These are use cases, like :mod:`cpfkit.services`: they read files through
:mod:`cpfkit.ingest`, write through :mod:`cpfkit.store` and :mod:`cpfkit.export`,
and are called by the interfaces.
"""
