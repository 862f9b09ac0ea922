"""Pipeline allocation: choose and phase operations over the fiscal years within the envelope.

``inputs`` turns a programme and a scenario into a :class:`~cpfkit.plan.problem.PlanProblem`;
``model`` writes it as a mixed-integer programme, ``solver`` solves it with HiGHS,
``greedy`` is the benefit-per-dollar baseline, ``conflicts`` names the constraints
that cannot hold together, ``allocate`` ties them up and ``report`` shapes the
result.  Rules and formulas: ``docs/planning.md``.
"""
