"""A package's exported names, each loaded from its module when first used (PEP 562).

A command that needs one name of a package should not pay for importing all of its modules:
``cpfkit programmes`` needs the money of :mod:`cpfkit.model`, not its appraisal records, and the web
application names the portfolio engine's results without loading NumPy.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["exports"]


def exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """The ``__getattr__`` of ``package``: a name of ``homes`` is read from its module, then kept in the package.

    Examples:
        >>> getattr_ = exports("cpfkit", {"today": "clock"})
        >>> getattr_("today").__module__
        'cpfkit.clock'
    """

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
