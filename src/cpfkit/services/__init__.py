"""The use cases: what the command line, the API and the pages call, one module per area."""
