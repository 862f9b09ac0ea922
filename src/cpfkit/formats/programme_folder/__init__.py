"""A programme data folder (``docs/data-format.md``): the programme, its operations, ledgers and results."""
