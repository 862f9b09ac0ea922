"""The public surface is explicit: what cpfkit and cpfkit.model export is listed and importable."""

import cpfkit
import cpfkit.model


def test_package_exports() -> None:
    assert cpfkit.__all__ == ["CpfkitError", "__version__"]


def test_model_exports_exist() -> None:
    assert len(set(cpfkit.model.__all__)) == len(cpfkit.model.__all__)
    for name in cpfkit.model.__all__:
        assert hasattr(cpfkit.model, name), name
