"""The correlated standard-normal drivers of a chunk of runs: start, duration and cost of every operation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cpfkit.risk.arrays import FloatArray, Latent
from cpfkit.risk.plan import SimulationInputs

__all__ = ["Latents", "draw_latents"]


@dataclass(frozen=True)
class Latents:
    """Standard-normal drivers of a chunk of runs, channel first (start, duration, cost).

    ``country`` is 3 × runs, ``sector`` 3 × runs × S, ``own`` (each
    operation's own term) and ``z`` (each operation's latent, which mixes the
    three levels) 3 × runs × n; single precision.
    """

    country: Latent
    sector: Latent
    own: Latent
    z: Latent

    def parts(self) -> tuple[Latent, Latent, Latent]:
        """The independent drivers as runs × columns matrices, channel first.

        Country (3), sectors (3·S) and each operation's own term (3·n): not the
        mixed latents, which share the country and sector factors, so that an
        operation's driver is what happens to it alone.
        """
        runs = self.z.shape[1]
        return (
            self.country.T,
            self.sector.transpose(1, 0, 2).reshape(runs, -1),
            self.own.transpose(1, 0, 2).reshape(runs, -1),
        )


def _mix(chol: FloatArray, e: Latent) -> Latent:
    """Correlate three independent standard normals (axis 0) by a lower-triangular Cholesky factor."""
    c = chol.astype(e.dtype)
    out = np.empty_like(e)
    out[0] = c[0, 0] * e[0]
    out[1] = c[1, 0] * e[0] + c[1, 1] * e[1]
    out[2] = c[2, 0] * e[0] + c[2, 1] * e[1] + c[2, 2] * e[2]
    return out


def draw_latents(rng: np.random.Generator, runs: int, inputs: SimulationInputs) -> Latents:
    """Draw the correlated latents of ``runs`` runs.

    Each latent is ``√ρc·F + √ρs·G_sector + √(1 − ρc − ρs)·ε``; the country
    factor F, the sector factors G and the operation terms ε each have three
    channels correlated by ``settings.channels``, so every latent is standard
    normal and its channels correlate as the matrix says.
    """
    settings = inputs.settings
    chol = np.linalg.cholesky(np.array(settings.channels))
    groups = inputs.sector_groups
    index = {g: i for i, g in enumerate(groups)}
    sector_of = np.array([index[op.sector_group] for op in inputs.operations], dtype=np.intp)
    n = len(inputs.operations)
    f32 = np.float32
    country = _mix(chol, rng.standard_normal((3, runs), dtype=f32))
    sector = _mix(chol, rng.standard_normal((3, runs, len(groups)), dtype=f32))
    own = _mix(chol, rng.standard_normal((3, runs, n), dtype=f32))
    z = own * f32(np.sqrt(max(1.0 - settings.country_correlation - settings.sector_correlation, 0.0)))
    z += f32(np.sqrt(settings.country_correlation)) * country[:, :, None]
    z += f32(np.sqrt(settings.sector_correlation)) * sector[:, :, sector_of]
    return Latents(country, sector, own, z)
