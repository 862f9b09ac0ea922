"""A series of many operations in sorted arrays: each operation's latest row of a code, found by binary search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from cpfkit.store.series_keys import DAY_BITS, day_number

__all__ = ["Series"]


@dataclass(frozen=True)
class Series:
    """Rows sorted by (operation, code, day), each with a value and a flag."""

    key: np.ndarray[Any, np.dtype[np.int64]]
    value: np.ndarray[Any, Any]
    flag: np.ndarray[Any, np.dtype[np.bool_]]
    width: int

    def find(self, pno: np.ndarray[Any, Any], code: int, on: date, *, before: bool = False) -> np.ndarray[Any, Any]:
        """Index of each operation's last row of ``code`` on or before ``on`` (strictly before with ``before``).

        -1 where the operation has no such row.
        """
        day = day_number(on) - (1 if before else 0)
        group = pno.astype(np.int64) * self.width + code
        query = (group << DAY_BITS) | max(day, 0)
        index = np.searchsorted(self.key, query, side="right") - 1
        found = index >= 0
        found[found] = (self.key[index[found]] >> DAY_BITS) == group[found]
        if day < 0:
            found[:] = False
        return np.where(found, index, -1)

    def previous(self, index: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """Index of the last row of the same group dated strictly before row ``index``; -1 if none."""
        out = np.full(len(index), -1, dtype=np.int64)
        ok = index >= 0
        if not ok.any():
            return out
        key = self.key[index[ok]]
        start = np.searchsorted(self.key, key, "left") - 1
        same = (start >= 0) & ((self.key[np.maximum(start, 0)] >> DAY_BITS) == (key >> DAY_BITS))
        out[ok] = np.where(same, start, -1)
        return out

    def values(self, index: np.ndarray[Any, Any], missing: Any = 0) -> np.ndarray[Any, Any]:
        """The value at each index, ``missing`` where the index is -1."""
        if not len(self.value):
            return np.full(len(index), missing)
        return np.where(index >= 0, self.value[np.maximum(index, 0)], missing)

    def flags(self, index: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """The flag at each index, False where the index is -1."""
        if not len(self.flag):
            return np.zeros(len(index), dtype=np.bool_)
        return np.where(index >= 0, self.flag[np.maximum(index, 0)], False)

    def days(self, index: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """The day number at each index, -1 where the index is -1."""
        if not len(self.key):
            return np.full(len(index), -1, dtype=np.int64)
        return np.where(index >= 0, self.key[np.maximum(index, 0)] & ((1 << DAY_BITS) - 1), -1)

    @classmethod
    def empty(cls, width: int) -> Series:
        """A series with no rows."""
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.bool_), width)
