"""Runtime settings, from the environment (``CPFKIT_*``) or a ``.env`` file.  Read here and nowhere else."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "default_database_url"]


def default_database_url() -> str:
    """``sqlite:///$XDG_DATA_HOME/cpfkit/cpfkit.db`` (``~/.local/share/cpfkit/cpfkit.db`` by default)."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'cpfkit' / 'cpfkit.db'}"


class Settings(BaseSettings):
    """cpfkit's settings.

    Attributes:
        db: SQLAlchemy URL of the database (``CPFKIT_DB``).
        autoload: on first use of an empty database, load the embedded programmes (``CPFKIT_AUTOLOAD``).
    """

    model_config = SettingsConfigDict(env_prefix="CPFKIT_", env_file=".env", extra="ignore")

    db: str = ""
    autoload: bool = True

    @property
    def database_url(self) -> str:
        """The database URL in force: ``CPFKIT_DB`` or the default SQLite file."""
        return self.db or default_database_url()
