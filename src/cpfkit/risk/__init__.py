"""Engines that measure risk: SORT ratings (per operation and programme, trends, heat map)."""
