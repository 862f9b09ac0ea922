"""The array types of the simulation: outcomes in double precision, latents in single."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["BoolArray", "FloatArray", "Latent"]

FloatArray = NDArray[np.float64]
Latent = NDArray[np.float32]
BoolArray = NDArray[np.bool_]
