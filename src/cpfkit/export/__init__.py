"""Writers that turn model objects into the field's formats (IATI XML)."""
