"""The one rule that marks an appraisal illustrative: any input its figures depend on is.

Every view of an appraisal (one operation, the programme's list, the API, the
HTML report, the NPV the planner weighs) reads the mark this module sets on
the result; none decides it again.
"""

from __future__ import annotations

from cpfkit.model.appraisal import AppraisalInputs

__all__ = ["FLOW_INPUTS", "illustrative_inputs"]

FLOW_INPUTS = ("capital", "operation_maintenance", "residual", "benefits")
"""The fields of the appraisal inputs that NPV, EIRR, BCR and every other measure are computed from."""


def illustrative_inputs(
    inputs: AppraisalInputs, *, discount_rate: bool = False, commitment: bool = False
) -> tuple[str, ...]:
    """The illustrative inputs an appraisal's figures depend on; the figures are illustrative when there is one.

    Args:
        inputs: the operation's appraisal inputs.
        discount_rate: whether the discount rate used is illustrative.
        commitment: whether the commitment behind the financed share is illustrative.

    Returns:
        The names, sorted: flow fields of the inputs (all of those given when the
        record itself is illustrative), ``discount_rate``, ``commitment``.

    Examples:
        >>> base = {"project": "X", "base_year": 2026, "capital": {"values": {0: 1}}, "source": "s",
        ...         "benefits": [{"kind": "generic", "name": "b", "amount": 1, "start": 1, "end": 2}]}
        >>> illustrative_inputs(AppraisalInputs.model_validate(base))
        ()
        >>> illustrative_inputs(AppraisalInputs.model_validate({**base, "illustrative_fields": ["benefits", "title"]}))
        ('benefits',)
        >>> illustrative_inputs(AppraisalInputs.model_validate({**base, "illustrative": True}), commitment=True)
        ('benefits', 'capital', 'commitment')
    """
    given = [name for name in FLOW_INPUTS if getattr(inputs, name) is not None]
    found = {
        name
        for name in given
        if inputs.illustrative or any(f == name or f.startswith(f"{name}.") for f in inputs.illustrative_fields)
    }
    if discount_rate:
        found.add("discount_rate")
    if commitment:
        found.add("commitment")
    return tuple(sorted(found))
