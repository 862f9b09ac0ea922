"""Money in a series as exact integers: the scale that keeps every digit, int64 while sums cannot overflow."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np

from cpfkit.store.series_keys import SAFE_UNITS

__all__ = ["exact_units", "pack_values", "units_of", "unpack_values"]


def units_of(values: Sequence[Any], *, wide: bool = False) -> tuple[np.ndarray[Any, Any], int]:
    """Exact integer amounts and their scale (2: cents, or the most decimals any amount has) from decimal text.

    Amounts are parsed as floats and rounded to the cent; every amount is
    then checked to be that many cents, within what a float can hold
    exactly.  Any other amount is parsed exactly as a decimal.  The result is
    int64 while the magnitudes add up to less than :data:`SAFE_UNITS`, else
    (or with ``wide``) an object array of Python integers.
    """
    text = [str(v) for v in values]
    x = np.array(text, dtype=np.float64)
    cents = np.rint(x * 100)
    exact = (np.abs(x) < 1e11) & (np.abs(x * 100 - cents) <= 1e-6)
    if bool(exact.all()) and not wide and float(np.abs(cents).sum()) < SAFE_UNITS:
        return cents.astype(np.int64), 2
    units, scale = exact_units([Decimal(t) for t in text])
    if not wide and sum(abs(u) for u in units) < SAFE_UNITS:
        return np.array(units, dtype=np.int64), scale
    return np.array(units, dtype=object), scale


def exact_units(numbers: Sequence[Decimal], least: int = 2) -> tuple[list[int], int]:
    """Decimals as whole numbers of ``10**-scale``, at the least scale (at least ``least``) that keeps every digit.

    Examples:
        >>> exact_units([Decimal("1.5"), Decimal("0.125"), Decimal("7")])
        ([1500, 125, 7000], 3)
    """
    scale = max([least, *(-e for d in numbers if isinstance(e := d.normalize().as_tuple().exponent, int))])
    return [int(d.scaleb(scale)) for d in numbers], scale


def pack_values(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """A series' values in a form ``numpy.save`` writes without pickling (Python integers as text)."""
    return values.astype(np.str_) if values.dtype == object else values


def unpack_values(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """The values written by :func:`pack_values`, as they were."""
    if values.dtype.kind == "U":
        return np.array([int(v) for v in values.tolist()], dtype=object)
    return values
