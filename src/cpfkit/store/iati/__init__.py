"""Imported IATI activities in the store: their rows, written in bulk and read back for export."""
