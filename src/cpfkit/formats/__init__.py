"""Every file format cpfkit reads or writes, one package or module per format, readers and writers side by side.

Each reader parses, validates against the model and the reference codelists,
and raises :class:`cpfkit.errors.DataError` naming the file, record and field
of the first bad record; each writer takes model objects.  Neither opens the store.
"""
