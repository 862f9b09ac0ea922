"""Runtime settings, from the environment (``CPFKIT_*``) or a ``.env`` file.  Read here and nowhere else."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
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
        public_read: anyone may read the dashboard and the API without signing in (``CPFKIT_PUBLIC_READ``).
        cookie_secure: mark the session cookie ``Secure``: ``auto`` (unless served over plain http on
            127.0.0.1/localhost), ``true`` or ``false`` (``CPFKIT_COOKIE_SECURE``).
        session_hours: how long a sign-in lasts (``CPFKIT_SESSION_HOURS``).
        login_max_failures: failed sign-ins of one name within the lockout window before it is
            refused (``CPFKIT_LOGIN_MAX_FAILURES``).
        login_lockout_minutes: the throttling window (``CPFKIT_LOGIN_LOCKOUT_MINUTES``).
        demo_users: create the demo accounts when ``cpfkit init`` makes a new database (``CPFKIT_DEMO_USERS``).
        demo_password: their password, for the local demo only (``CPFKIT_DEMO_PASSWORD``).
        overview_cache: keep computed overview figures until the next change (``CPFKIT_OVERVIEW_CACHE``).
        today: the day cpfkit's clock is pinned to (``CPFKIT_TODAY``); :mod:`cpfkit.clock` reads it
            from the environment itself, this field only validates it and lists it with the others.
        iati_max_decompressed_mb: the most a compressed IATI file may expand to, in megabytes
            (``CPFKIT_IATI_MAX_DECOMPRESSED_MB``).
        iati_max_compression_ratio: how many times its compressed size a compressed IATI file may expand
            to (``CPFKIT_IATI_MAX_COMPRESSION_RATIO``).
        iati_max_activity_mb: the largest IATI activity read, in megabytes, with any text after it
            (``CPFKIT_IATI_MAX_ACTIVITY_MB``).
        max_body_bytes: the largest request body the server reads; a larger one is answered 413
            before it is parsed (``CPFKIT_MAX_BODY_BYTES``).
        compute_slots: how many expensive computations (simulations, plans, PDF reports) one server
            process runs at once; further requests get 429 with ``Retry-After`` (``CPFKIT_COMPUTE_SLOTS``).
        simulation_runs_anonymous: the most Monte Carlo runs a request without an account may ask
            for (``CPFKIT_SIMULATION_RUNS_ANONYMOUS``).
        simulation_runs_signed_in: the most runs a signed-in request may ask for
            (``CPFKIT_SIMULATION_RUNS_SIGNED_IN``).
        plan_seconds_anonymous: the longest solver time limit a plan asked for without an account may
            set (``CPFKIT_PLAN_SECONDS_ANONYMOUS``).
        plan_seconds_signed_in: the same when signed in (``CPFKIT_PLAN_SECONDS_SIGNED_IN``).
    """

    model_config = SettingsConfigDict(env_prefix="CPFKIT_", env_file=".env", extra="ignore")

    db: str = ""
    autoload: bool = True
    public_read: bool = True
    cookie_secure: Literal["auto", "true", "false"] = "auto"
    session_hours: int = Field(default=12, ge=1, le=24 * 30)
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_minutes: int = Field(default=15, ge=1)
    demo_users: bool = True
    demo_password: str = Field(default="cpfkit-demo", min_length=8)
    overview_cache: bool = True
    today: date | None = None
    iati_max_decompressed_mb: int = Field(default=4096, ge=1)
    iati_max_compression_ratio: int = Field(default=100, ge=2)
    iati_max_activity_mb: int = Field(default=16, ge=1, le=1024)
    max_body_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    compute_slots: int = Field(default=2, ge=1, le=64)
    simulation_runs_anonymous: int = Field(default=20_000, ge=1, le=1_000_000)
    simulation_runs_signed_in: int = Field(default=200_000, ge=1, le=1_000_000)
    plan_seconds_anonymous: int = Field(default=60, ge=1, le=3600)
    plan_seconds_signed_in: int = Field(default=600, ge=1, le=3600)

    @field_validator("cookie_secure", mode="before")
    @classmethod
    def _yes_no_auto(cls, value: object) -> object:
        text = str(value).strip().lower()
        return {"1": "true", "yes": "true", "on": "true", "0": "false", "no": "false", "off": "false"}.get(text, text)

    @property
    def database_url(self) -> str:
        """The database URL in force: ``CPFKIT_DB`` or the default SQLite file."""
        return self.db or default_database_url()
