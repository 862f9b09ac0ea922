"""Readers that turn input files into validated model objects.

Each reader parses, validates against the model and the reference codelists,
and raises :class:`cpfkit.errors.DataError` naming the file, record and field
of the first bad record.  Readers never write to the store.
"""
