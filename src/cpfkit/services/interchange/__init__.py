"""Interchange with the field's formats: IATI activity files (import and export) and World Bank project records.

Like the other services they are called by the interfaces: they read and write files through
:mod:`cpfkit.formats`, and store and read back through :mod:`cpfkit.store`.
"""
