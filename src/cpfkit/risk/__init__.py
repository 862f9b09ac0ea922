"""Risk engines: Monte Carlo simulation of delivery, disbursement and results, and stress scenarios.

Each engine takes model objects (or the plain plan built from them) and an
explicit random generator, and returns a result; none opens a file, a
database or reads settings.
"""
