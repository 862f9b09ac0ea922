"""cpfkit — run a Country Partnership Framework end to end.

The public surface is deliberately small: the domain model lives in
:mod:`cpfkit.model`, the errors in :mod:`cpfkit.errors`; everything else is
reached through the CLI (``cpfkit``), the API (:mod:`cpfkit.api`) or the
use cases (:mod:`cpfkit.services`).
"""

from cpfkit.errors import CpfkitError

__version__ = "0.1.0"
__all__ = ["CpfkitError", "__version__"]
