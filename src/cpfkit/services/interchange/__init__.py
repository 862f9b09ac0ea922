"""Interchange with the field's formats: IATI activity files (import and export) and World Bank project records.

These are use cases, like :mod:`cpfkit.services.programmes`: they read files through
:mod:`cpfkit.formats`, write through :mod:`cpfkit.store` and :mod:`cpfkit.formats.iati`,
and are called by the interfaces.
"""
