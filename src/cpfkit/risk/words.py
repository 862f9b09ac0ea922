"""The words of the simulation's reference data, marked for the catalogs: class names and labels, distributions.

``reference/simulation/reference_classes.yaml`` names each reference class (``roads``), labels it
("Roads and highways") and puts it in a sector group (``transport``); the English originals are marked
here with :func:`~cpfkit.language.catalogs.N_`, so ``make i18n`` extracts them and a report written in
Russian or Kazakh finds them in the catalogs.  A class or label added to the file needs its entry here
(``tests/reference/test_simulation_reference.py`` checks it).  A distribution is described by
:func:`distribution_message`, whose English text is the one the report's JSON carries.
"""

from __future__ import annotations

from cpfkit.language.catalogs import N_
from cpfkit.language.message import Message, Number
from cpfkit.reference.simulation import ConstantSpec, LognormalSpec, TriangularSpec

__all__ = ["CLASS_LABELS", "CLASS_NAMES", "SECTOR_GROUPS", "distribution_message"]

CLASS_NAMES: dict[str, str] = {
    "roads": N_("roads"),
    "rail": N_("rail"),
    "bridges": N_("bridges and tunnels"),
    "hydropower": N_("hydropower"),
    "energy": N_("energy"),
    "water": N_("water"),
    "finance": N_("finance"),
    "policy": N_("policy and advice"),
    "other": N_("other operations"),
}
"""The short name of each reference class, as a table's cell writes it."""

CLASS_LABELS: dict[str, str] = {
    "roads": N_("Roads and highways"),
    "rail": N_("Railways"),
    "bridges": N_("Fixed links (bridges and tunnels)"),
    "hydropower": N_("Hydropower and multipurpose dams"),
    "energy": N_("Power generation other than hydro, transmission, heat and energy efficiency"),
    "water": N_("Irrigation, water supply, sanitation and water resources"),
    "finance": N_("Financial intermediaries and credit lines"),
    "policy": N_("Policy operations and advisory work"),
    "other": N_("Other operations (digital, skills, innovation, institutions)"),
}
"""The label of each reference class: the English one is the file's."""

SECTOR_GROUPS: dict[str, str] = {
    "transport": N_("transport"),
    "energy": N_("energy"),
    "water": N_("water"),
    "finance": N_("finance"),
    "policy": N_("policy and advice"),
    "other": N_("other operations"),
}
"""The sector groups of the reference classes (the drivers of a tornado name them)."""

_DIGITS = 6


def distribution_message(spec: LognormalSpec | TriangularSpec | ConstantSpec) -> Message:
    """A distribution in words: ``lognormal mean 1.2, sd 0.3``, ``triangular low 0, mode 3, high 12``.

    Examples:
        >>> str(distribution_message(TriangularSpec(low=0, mode=3, high=12)))
        'triangular low 0, mode 3, high 12'
        >>> str(distribution_message(LognormalSpec(mean=1.2, sigma=0.3)))
        'lognormal mean 1.2, sigma 0.3'
    """
    if isinstance(spec, LognormalSpec):
        if spec.sd is not None:
            return Message(
                N_("lognormal mean %(mean)s, sd %(sd)s"),
                {"mean": Number(spec.mean, _DIGITS), "sd": Number(spec.sd, _DIGITS)},
            )
        return Message(
            N_("lognormal mean %(mean)s, sigma %(sigma)s"),
            {"mean": Number(spec.mean, _DIGITS), "sigma": Number(spec.sigma or 0.0, _DIGITS)},
        )
    if isinstance(spec, TriangularSpec):
        return Message(
            N_("triangular low %(low)s, mode %(mode)s, high %(high)s"),
            {"low": Number(spec.low, _DIGITS), "mode": Number(spec.mode, _DIGITS), "high": Number(spec.high, _DIGITS)},
        )
    return Message(N_("constant value %(value)s"), {"value": Number(spec.value, _DIGITS)})
