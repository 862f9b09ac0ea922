"""Report builders: each computes its figures from stored data at an as-of date, then renders."""
