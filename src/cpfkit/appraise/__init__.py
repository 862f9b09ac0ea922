"""Economic appraisal of operations: cash-flow measures (NPV, EIRR, BCR, switching values) and benefit modules.

``cashflow`` holds the discounted-cash-flow measures, ``transport`` and
``hydropower`` turn documented inputs into benefit streams, ``project``
assembles one operation's appraisal.  Formulas: ``docs/appraisal.md``.
"""
