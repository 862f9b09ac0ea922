"""Build cpfkit's one compiled module, the IATI walker (``src/cpfkit/formats/iati/_walk.pyx``).

Hatchling runs this hook for every wheel it builds, editable ones included
(``uv sync`` installs cpfkit editable).  Cython translates the module to C and
setuptools' ``build_ext`` compiles it against the headers the lxml wheel
ships, in place under ``src/`` — where an editable install imports it from —
and a regular wheel carries it as well.  Without a C compiler the build
fails with the compiler's message: ``scripts/system-deps.sh`` installs gcc.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MODULE = "cpfkit.formats.iati._walk"
SOURCE = "src/cpfkit/formats/iati/_walk.pyx"


class WalkerBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compile the walker before the wheel's files are collected."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile ``_walk.pyx`` into ``src/`` and add it to the wheel."""
        if self.target_name != "wheel":
            return
        import lxml
        from Cython.Build import cythonize
        from setuptools import Distribution, Extension

        here = Path.cwd()
        os.chdir(self.root)  # setuptools finds the package folder from the working directory
        try:
            extension = Extension(MODULE, [SOURCE], include_dirs=lxml.get_include())
            modules = cythonize([extension], quiet=True, compiler_directives={"language_level": 3})
            distribution = Distribution({"ext_modules": modules, "package_dir": {"": "src"}})
            command: Any = distribution.get_command_obj("build_ext")
            command.inplace = True
            with tempfile.TemporaryDirectory() as temp:
                command.build_temp = temp
                command.ensure_finalized()
                command.run()
            built = Path(command.get_ext_fullpath(MODULE)).resolve()
        finally:
            os.chdir(here)
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if version != "editable":
            build_data["force_include"][str(built)] = str(built.relative_to(Path(self.root, "src").resolve()))
