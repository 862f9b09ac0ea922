"""How much of a private direct line a WBG institution is credited with, when other MDBs mobilised it too.

The rule is that of :mod:`cpfkit.metrics.mobilisation` (``docs/definitions.md``,
"Private capital mobilised").
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from cpfkit.model import FinancingKind, FxRates, MobilisationAttribution, Project, to_usd

__all__ = ["CENT", "attributed_share", "attributed_usd"]

_ZERO = Decimal(0)
CENT = Decimal("0.01")
"""Attributed amounts are rounded to the cent, half to even."""


def attributed_share(
    own: Decimal, co_mobilisers: Decimal, attribution: MobilisationAttribution | str
) -> Decimal | None:
    """The share of a private direct line credited to the WBG institution; None when all of it is.

    Args:
        own: the institution's commitment to the activity (the operation's own commitment).
        co_mobilisers: the other MDBs' commitments to it (the public lines the line names).
        attribution: ``pro-rata`` or ``full``.

    Examples:
        >>> rail, aiib = Decimal(846), Decimal(564)
        >>> attributed_share(rail, aiib, "pro-rata"), attributed_share(rail, aiib, "full")
        (Decimal('0.6'), None)
        >>> attributed_share(Decimal(50), Decimal(0), "pro-rata") is None
        True
    """
    if MobilisationAttribution(attribution) is MobilisationAttribution.FULL or co_mobilisers <= 0:
        return None
    if own + co_mobilisers <= 0:
        return _ZERO
    return own / (own + co_mobilisers)


def attributed_usd(
    project: Project, fx: FxRates, attribution: MobilisationAttribution | str, on: date
) -> list[tuple[Decimal, Decimal]]:
    """Each financing line of one operation in US dollars, and the part credited to the Group institution.

    The same rule as :func:`mobilisation`, for one operation held as a model object (its page): a private
    direct line with co-mobilisers is split pro rata to the operation's commitment and the co-mobilisers'
    public lines, unless ``attribution`` is ``full``; every other line counts whole.

    Args:
        project: the operation.
        fx: the rates table.
        attribution: ``pro-rata`` or ``full``.
        on: the date of the rates (the approval date, as the store converts financing).
    """
    amounts = [to_usd(f.amount, fx, on)[0].amount for f in project.financing]
    public: dict[str, Decimal] = {}
    for f, amount in zip(project.financing, amounts, strict=True):
        if f.kind is FinancingKind.PUBLIC:
            key = f.financier.strip().casefold()
            public[key] = public.get(key, _ZERO) + amount
    own = to_usd(project.commitment, fx, on)[0].amount if project.commitment is not None else _ZERO
    out = []
    for f, amount in zip(project.financing, amounts, strict=True):
        co = sum((public.get(n.strip().casefold(), _ZERO) for n in f.co_mobilisers), _ZERO)
        share = attributed_share(own, co, attribution) if f.co_mobilisers else None
        out.append((amount, amount if share is None else (amount * share).quantize(CENT, rounding=ROUND_HALF_EVEN)))
    return out
