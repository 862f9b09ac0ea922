"""IATI 2.03 activity files: read, walk, map and write."""
