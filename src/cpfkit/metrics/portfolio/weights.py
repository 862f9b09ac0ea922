"""The review's operations as aligned arrays, with the net commitment that weighs each in the SORT heat map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Weights"]


@dataclass(frozen=True)
class Weights:
    """The operations of the review, aligned: key, id, whether active, net commitment in integer units."""

    pno: np.ndarray[Any, Any]
    id: np.ndarray[Any, Any]
    active: np.ndarray[Any, Any]
    net_units: np.ndarray[Any, Any]
    scale: int
