"""Engines that measure a programme: envelope use, results, and (later) portfolio health.

Each engine is a function over model objects (and the rates table where money
is converted); none opens a file, a database or reads settings.
"""
