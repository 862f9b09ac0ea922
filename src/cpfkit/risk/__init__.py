"""Risk engines: SORT ratings, Monte Carlo simulation, stress scenarios.

SORT ratings per operation and programme, with trends and a heat map; the
simulation of delivery, disbursement and results under stress scenarios.

Each engine takes model objects (or the plain plan built from them) and an
explicit random generator, and returns a result; none opens a file, a
database or reads settings.
"""
